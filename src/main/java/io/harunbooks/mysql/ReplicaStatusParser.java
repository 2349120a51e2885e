package io.harunbooks.mysql;

import io.harunbooks.engine.OutputParser;
import io.harunbooks.engine.UnparseableOutputException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a {@code SHOW REPLICA STATUS} / {@code SHOW SLAVE STATUS} row into a {@link ReplicaStatus}. Pure: the row is
 * a map of column name to value (null where the server says NULL), from JDBC ({@link #fromRow}) or from the client's
 * vertical {@code \G} output ({@link #verticalRow}, {@link #parse}). Accepts both column vocabularies
 * ({@code Slave_IO_Running} / {@code Replica_IO_Running}, {@code Seconds_Behind_Master} / {@code Seconds_Behind_Source},
 * {@code Master_Host} / {@code Source_Host}) and MariaDB's ({@code Gtid_IO_Pos}) and MySQL's GTID columns.
 */
public final class ReplicaStatusParser implements OutputParser<ReplicaStatus> {

    static final String TOOL = "SHOW SLAVE STATUS";
    private static final Pattern ROW_HEADER = Pattern.compile("^\\*+ (\\d+)\\. row \\*+$");
    private static final Pattern FIELD = Pattern.compile("^\\s*([A-Za-z_][A-Za-z0-9_]*): ?(.*)$");

    @Override
    public String name() {
        return "show-slave-status";
    }

    /** The client's vertical output ({@code mysql -e 'SHOW SLAVE STATUS\G'}); empty output: not a replica. */
    @Override
    public ReplicaStatus parse(String output) {
        return fromRow(verticalRow(output));
    }

    /** One row (column → value, null for NULL); an empty map or null is "no row": not a replica. */
    public ReplicaStatus fromRow(Map<String, String> row) {
        if (row == null || row.isEmpty()) {
            return ReplicaStatus.notAReplica();
        }
        String io = either(row, "Slave_IO_Running", "Replica_IO_Running");
        String sql = either(row, "Slave_SQL_Running", "Replica_SQL_Running");
        if (io == null || sql == null) {
            throw new UnparseableOutputException(TOOL, "a row without Slave_IO_Running/Replica_IO_Running and "
                    + "Slave_SQL_Running/Replica_SQL_Running", String.join(", ", row.keySet()));
        }
        return new ReplicaStatus(true, true, either(row, "Master_Host", "Source_Host"), ThreadState.of(io),
                ThreadState.of(sql), seconds(either(row, "Seconds_Behind_Master", "Seconds_Behind_Source")),
                errno(row, "Last_IO_Errno"), row.get("Last_IO_Error"), errno(row, "Last_SQL_Errno"),
                row.get("Last_SQL_Error"), row.get("Gtid_IO_Pos"), row.get("Retrieved_Gtid_Set"),
                row.get("Executed_Gtid_Set"));
    }

    /** Several rows (replication channels) are not supported: one replica status per server. */
    public ReplicaStatus fromRows(List<Map<String, String>> rows) {
        if (rows.size() > 1) {
            throw new UnparseableOutputException(TOOL, rows.size() + " rows (several replication channels) where at "
                    + "most one is supported", null);
        }
        return fromRow(rows.isEmpty() ? Map.of() : rows.get(0));
    }

    /**
     * The row of the vertical text form: {@code *** 1. row ***} then {@code Field: value} lines; {@code NULL} becomes
     * null, a line that is no field continues the value before it (multi-line error texts). Empty text: no row.
     */
    public static Map<String, String> verticalRow(String text) {
        Map<String, String> row = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return row;
        }
        String last = null;
        int rows = 0;
        for (String line : text.strip().split("\\R")) {
            if (line.isBlank() && last == null) {
                continue;
            }
            Matcher header = ROW_HEADER.matcher(line.strip());
            if (header.matches()) {
                if (++rows > 1) {
                    throw new UnparseableOutputException(TOOL, "more than one row (several replication channels) "
                            + "where at most one is supported", line);
                }
                continue;
            }
            if (rows == 0) {
                throw new UnparseableOutputException(TOOL, "expected '*** 1. row ***' before the fields", line);
            }
            Matcher field = FIELD.matcher(line);
            if (field.matches() && !row.containsKey(field.group(1))) {
                last = field.group(1);
                row.put(last, field.group(2));
            } else if (last != null) {
                row.put(last, row.get(last) + "\n" + line);
            } else {
                throw new UnparseableOutputException(TOOL, "not a 'Field: value' line", line);
            }
        }
        row.replaceAll((k, v) -> "NULL".equals(v) ? null : v);
        return row;
    }

    private static String either(Map<String, String> row, String older, String newer) {
        return row.containsKey(newer) ? row.get(newer) : row.get(older);
    }

    private static Long seconds(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw new UnparseableOutputException(TOOL, "Seconds_Behind_Master is neither a number nor NULL", value);
        }
    }

    private static int errno(Map<String, String> row, String column) {
        String value = row.get(column);
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new UnparseableOutputException(TOOL, column + " is not a number", value);
        }
    }
}
