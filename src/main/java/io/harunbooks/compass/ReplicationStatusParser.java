package io.harunbooks.compass;

import io.harunbooks.engine.OutputParser;
import io.harunbooks.engine.UnparseableOutputException;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code sudo python3 script/replication/show_slave_replication_status.py --all-types --all-teams}: a heading per
 * database («Статус репликации для типа monolith:», «Статус репликации в команде 1:») followed by its status, in the
 * script's default short form («Репликация работает корректно», «Репликация запущена, но отстаёт на 12 seconds»,
 * «Репликация не запущена: Slave_IO_Running = Yes; Slave_SQL_Running = No») or its verbose form
 * ({@code Slave_IO_Running: Yes}, {@code Seconds_Behind_Master: 0 seconds}, {@code Last_SQL_Error: …}), and
 * «Репликация не может завершиться корректно!» at the end when one failed. Colours are ignored. Output without a
 * single database status is unparseable.
 */
@Component
public final class ReplicationStatusParser implements OutputParser<ReplicationStatus> {

    private static final String TOOL = "show_slave_replication_status.py";
    private static final Pattern HEADING = Pattern.compile(
            "Статус репликации (?:для типа (\\S+?)|в команде (\\S+?)):");
    private static final Pattern OK = Pattern.compile("Репликация работает корректно");
    private static final Pattern BEHIND = Pattern.compile("Репликация запущена, но отстаёт на (\\d+|None|NULL) seconds");
    private static final Pattern NOT_STARTED = Pattern.compile(
            "Репликация не запущена: Slave_IO_Running = (\\S*); Slave_SQL_Running = (\\S*)");
    private static final Pattern FIELD = Pattern.compile(
            "^(Slave_IO_Running|Slave_SQL_Running|Seconds_Behind_Master|Last_IO_Error|Last_SQL_Error):\\s*(.*)$");
    private static final String WARNING = "Репликация не может завершиться корректно!";

    @Override
    public String name() {
        return "compass-replication-status";
    }

    @Override
    public ReplicationStatus parse(String output) {
        String text = Ansi.strip(output);
        List<ReplicationChannel> channels = new ArrayList<>();
        Builder current = null;
        boolean warning = false;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            Matcher heading = HEADING.matcher(line);
            if (heading.find()) {
                if (current != null) {
                    channels.add(current.build(text));
                }
                current = new Builder(heading.group(1) != null ? heading.group(1) : "team " + heading.group(2));
                line = line.substring(heading.end()).strip();
            }
            if (line.contains(WARNING)) {
                warning = true;
                continue;
            }
            if (current == null || line.isEmpty()) {
                continue;
            }
            Matcher m;
            if (OK.matcher(line).find()) {
                current.short1("Yes", "Yes", 0L);
            } else if ((m = BEHIND.matcher(line)).find()) {
                current.short1("Yes", "Yes", number(m.group(1)));
            } else if ((m = NOT_STARTED.matcher(line)).find()) {
                current.short1(m.group(1), m.group(2), null);
            } else if ((m = FIELD.matcher(line)).find()) {
                String value = m.group(2).strip();
                switch (m.group(1)) {
                    case "Slave_IO_Running" -> current.io = value;
                    case "Slave_SQL_Running" -> current.sql = value;
                    case "Seconds_Behind_Master" -> current.behind = number(value.replaceFirst("\\s*seconds$", ""));
                    case "Last_IO_Error" -> current.ioError = "None".equals(value) ? "" : value;
                    default -> current.sqlError = "None".equals(value) ? "" : value;
                }
                current.seen = true;
            }
        }
        if (current != null) {
            channels.add(current.build(text));
        }
        if (channels.isEmpty()) {
            throw new UnparseableOutputException(TOOL, "no database heading («Статус репликации …:»)", text);
        }
        return new ReplicationStatus(channels, warning);
    }

    private static Long number(String value) {
        return value == null || value.isEmpty() || value.equals("None") || value.equals("NULL") ? null
                : Long.valueOf(value);
    }

    private static final class Builder {
        final String name;
        String io;
        String sql;
        Long behind;
        String ioError = "";
        String sqlError = "";
        boolean seen;

        Builder(String name) {
            this.name = name;
        }

        void short1(String io, String sql, Long behind) {
            this.io = io;
            this.sql = sql;
            this.behind = behind;
            this.seen = true;
        }

        ReplicationChannel build(String text) {
            if (!seen || io == null || sql == null) {
                throw new UnparseableOutputException(TOOL, "no status for " + name, text);
            }
            boolean running = "Yes".equals(io) && "Yes".equals(sql);
            return new ReplicationChannel(name, running, io, sql, behind, !sqlError.isEmpty() ? sqlError : ioError);
        }
    }
}
