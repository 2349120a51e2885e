package io.harunbooks.skoor;

import io.harunbooks.engine.OutputParser;
import io.harunbooks.engine.UnparseableOutputException;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /opt/eranger/bin/eranger-server-replication.pl switch | -f switch | createslave} (seed 003): the header
 * {@code localhost (<address>) is slave, master <address> is up}, {@code will convert localhost to master}, the
 * ENTER prompt, {@code <address> from slave to master}, {@code copied file to /var/lib/pgsql/data/}, and error lines.
 */
@Component
public final class ReplicationScriptParser implements OutputParser<ReplicationRun> {

    private static final String TOOL = "eranger-server-replication.pl";
    static final String PROMPT = "press ENTER to continue, Ctrl-C to abort >";
    private static final Pattern CHECKING_SSH = Pattern.compile("^\\S+ checking ssh for user \\S+$");
    private static final Pattern HEADER = Pattern.compile(
            "^localhost \\((\\S+)\\) is (master|slave), (?:master|slave) (\\S+) is (up|down)$");
    private static final Pattern CONVERT = Pattern.compile("^will convert (\\S+) to master$");
    private static final Pattern FROM_SLAVE_TO_MASTER = Pattern.compile("^(\\S+) from slave to master$");
    private static final Pattern COPIED = Pattern.compile("^\\S+ copied file to /var/lib/pgsql/data/");
    private static final Pattern ERROR = Pattern.compile("^(?:\\S+ )?(?:ERROR|FATAL)\\b.*", Pattern.CASE_INSENSITIVE);

    @Override
    public String name() {
        return "eranger-server-replication";
    }

    @Override
    public ReplicationRun parse(String output) {
        if (output == null) {
            throw new UnparseableOutputException(TOOL, "no output", null);
        }
        boolean recognised = false;
        String local = null;
        String localRole = null;
        String peer = null;
        boolean peerUp = false;
        String newMaster = null;
        boolean prompt = false;
        boolean switched = false;
        boolean copied = false;
        List<String> errors = new ArrayList<>();
        for (String raw : output.split("\\R")) {
            String line = raw.strip();
            Matcher m;
            if (CHECKING_SSH.matcher(line).matches()) {
                recognised = true;
            } else if ((m = HEADER.matcher(line)).matches()) {
                recognised = true;
                local = m.group(1);
                localRole = m.group(2);
                peer = m.group(3);
                peerUp = m.group(4).equals("up");
            } else if ((m = CONVERT.matcher(line)).matches()) {
                newMaster = m.group(1);
            } else if (line.equals(PROMPT)) {
                prompt = true;
            } else if (FROM_SLAVE_TO_MASTER.matcher(line).matches()) {
                switched = true;
            } else if (COPIED.matcher(line).find()) {
                copied = true;
            } else if (ERROR.matcher(line).matches()) {
                errors.add(line);
            }
        }
        if (!recognised) {
            throw new UnparseableOutputException(TOOL, "neither 'checking ssh for user' nor 'localhost (…) is …'", output);
        }
        if ("localhost".equals(newMaster)) {
            newMaster = local;
        }
        ReplicationRun.Outcome outcome;
        if (!errors.isEmpty()) {
            outcome = ReplicationRun.Outcome.FAILED;
        } else if (switched) {
            outcome = ReplicationRun.Outcome.SWITCHED;
        } else if (copied) {
            outcome = ReplicationRun.Outcome.SLAVE_CREATED;
        } else if (prompt) {
            outcome = ReplicationRun.Outcome.WAITING_FOR_ENTER;
        } else {
            outcome = ReplicationRun.Outcome.UNKNOWN;
        }
        return new ReplicationRun(outcome, local, localRole, peer, peerUp, newMaster, prompt, copied, List.copyOf(errors));
    }
}
