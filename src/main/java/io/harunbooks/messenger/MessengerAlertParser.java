package io.harunbooks.messenger;

import io.harunbooks.ssh.ShellQuoting;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the seed's alerts (check_mk local-check lines: {@code <status> <service> <perfdata> <text>}) into the runbook
 * that repairs them and its variables. An OK line, or one no rule knows, gives no route. Values read from the alert
 * must pass {@link ShellQuoting#isSafe} or the line gives no route; a value must end the alert's text, so nothing
 * appended to it (another line, a command) is taken along.
 */
@Component
public final class MessengerAlertParser {

    private static final Pattern LOCAL_CHECK = Pattern.compile("^([0-3])\\s+(\\S+)\\s+(\\S+)\\s*(.*)$", Pattern.DOTALL);
    private static final Pattern KUST = Pattern.compile("^snmpexec_mon_([a-z0-9]+)_(\\d+)_status$");
    private static final Pattern TARANTOOL = Pattern.compile("^tarantool_([a-z0-9]+)_(\\d+)_\\S+$");
    private static final Pattern NO_REPLICAS = Pattern.compile("ctlr has no active replicas, check ctlr logs on (\\S+)\\s*\\z");
    private static final Pattern AUTOFLIP = Pattern.compile("autoflip blocked for maps: \\[([^]\\n]*)]\\s*\\z");

    public List<AlertRoute> parse(String alert) {
        Matcher m = LOCAL_CHECK.matcher(alert.strip());
        if (!m.matches() || m.group(1).equals("0")) {
            return List.of();
        }
        String service = m.group(2);
        String text = m.group(4);
        List<AlertRoute> routes = new ArrayList<>();
        Matcher kust = KUST.matcher(service);
        Matcher tnt = TARANTOOL.matcher(service);
        if (kust.matches() && text.contains("replfailed")) {
            add(routes, "kust-replica-resync", Map.of("service", kust.group(1),
                    "instance", kust.group(1) + "-" + kust.group(2)));
        } else if (tnt.matches()) {
            add(routes, "tarantool-replica-resync", Map.of("service", tnt.group(1),
                    "instance", tnt.group(1) + "-" + tnt.group(2)));
        } else if (service.equals("orch_topo_check")) {
            add(routes, "mysql-topology-repair", Map.of());
        } else if (service.equals("ctlr_topo_check")) {
            Matcher node = NO_REPLICAS.matcher(text);
            Matcher autoflip = AUTOFLIP.matcher(text);
            if (node.find()) {
                add(routes, "controller-replica-rebuild", Map.of("node", node.group(1)));
            } else if (autoflip.find()) {
                for (String map : autoflip.group(1).split("[,\\s]+")) {
                    if (!map.isBlank()) {
                        add(routes, "autoflip-unblock", Map.of("service", map.strip()));
                    }
                }
            }
        }
        return routes;
    }

    private static void add(List<AlertRoute> routes, String runbook, Map<String, String> variables) {
        if (variables.values().stream().allMatch(ShellQuoting::isSafe)) {
            routes.add(new AlertRoute(runbook, variables));
        }
    }
}
