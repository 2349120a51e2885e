package io.harunbooks.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the bodies the three sources send into {@link IncomingAlert}s; a body that does not fit is a 400. */
final class AlertPayloads {

    static final int MAX_ALERTS = 1000;
    static final int MAX_LABEL_VALUE = 4096;
    private static final Pattern LOCAL_CHECK = Pattern.compile("^([0-3])\\s+(\\S+)\\s+(\\S+)\\s*(.*)$", Pattern.DOTALL);

    private final ObjectMapper json = new ObjectMapper();

    private JsonNode read(String body) {
        if (body == null || body.isBlank()) {
            throw new BadAlertException("empty body: a JSON object is required");
        }
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new BadAlertException("the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadAlertException("the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** Prometheus Alertmanager webhook, version 4. */
    List<IncomingAlert> alertmanager(String body) {
        JsonNode root = read(body);
        JsonNode alerts = root.get("alerts");
        if (alerts == null || !alerts.isArray()) {
            throw new BadAlertException("'alerts' must be an array (Alertmanager webhook payload version 4)");
        }
        if (root.has("version") && !"4".equals(root.get("version").asText())) {
            throw new BadAlertException("unsupported Alertmanager payload version '" + root.get("version").asText()
                    + "' (expected 4)");
        }
        checkCount(alerts.size());
        List<IncomingAlert> out = new ArrayList<>();
        for (int i = 0; i < alerts.size(); i++) {
            JsonNode a = alerts.get(i);
            String where = "alerts[" + i + "]";
            String status = text(a, "status", where);
            if (!status.equals("firing") && !status.equals("resolved")) {
                throw new BadAlertException(where + ".status must be 'firing' or 'resolved' but was '" + status + "'");
            }
            Map<String, String> labels = new TreeMap<>(strings(a.get("labels"), where + ".labels", ""));
            if (!labels.containsKey("alertname")) {
                throw new BadAlertException(where + ".labels.alertname is required");
            }
            Map<String, String> withAnnotations = new TreeMap<>(labels);
            withAnnotations.putAll(strings(a.get("annotations"), where + ".annotations", "annotations."));
            String fingerprint = a.hasNonNull("fingerprint") ? "am:" + a.get("fingerprint").asText()
                    : "am:" + digest(labels.toString());
            String summary = withAnnotations.getOrDefault("annotations.summary",
                    withAnnotations.getOrDefault("annotations.description", labels.get("alertname")));
            out.add(new IncomingAlert("alertmanager", fingerprint, status.equals("firing"), labels.get("alertname"),
                    withAnnotations, instant(a.get("startsAt"), where + ".startsAt"), summary));
        }
        return out;
    }

    /** Zabbix webhook media type (script in the README). */
    List<IncomingAlert> zabbix(String body) {
        JsonNode root = read(body);
        String eventId = text(root, "eventId", "body");
        String trigger = text(root, "triggerName", "body");
        String host = text(root, "host", "body");
        String status = text(root, "status", "body").toUpperCase();
        boolean firing = switch (status) {
            case "PROBLEM", "1" -> true;
            case "RESOLVED", "OK", "0" -> false;
            default -> throw new BadAlertException("status must be PROBLEM or RESOLVED but was '" + status + "'");
        };
        Map<String, String> labels = new TreeMap<>();
        JsonNode tags = root.get("tags");
        if (tags != null && tags.isArray()) {
            for (int i = 0; i < tags.size(); i++) {
                JsonNode t = tags.get(i);
                labels.put(text(t, "tag", "tags[" + i + "]"), bounded(t.path("value").asText(""), "tags[" + i + "]"));
            }
        } else if (tags != null && !tags.isNull()) {
            labels.putAll(strings(tags, "tags", ""));
        }
        labels.put("eventid", eventId);
        labels.put("trigger", trigger);
        labels.put("host", host);
        labels.put("severity", root.path("severity").asText(""));
        if (root.hasNonNull("message")) {
            labels.put("message", bounded(root.get("message").asText(), "message"));
        }
        return List.of(new IncomingAlert("zabbix", "zabbix:" + eventId, firing, trigger, labels, Instant.now(),
                trigger));
    }

    /**
     * check_mk / Nagios notification: {@code {"host", "service", "state", "output"}}, or {@code {"host", "lines":
     * [...]}} with local-check lines as the seeds show them ({@code 2 ctlr_topo_check - … check ctlr logs on vkt04}).
     */
    List<IncomingAlert> checkmk(String body) {
        JsonNode root = read(body);
        String host = text(root, "host", "body");
        String cluster = root.hasNonNull("cluster") ? bounded(root.get("cluster").asText(), "cluster") : null;
        List<String[]> checks = new ArrayList<>();
        if (root.has("lines")) {
            JsonNode lines = root.get("lines");
            if (!lines.isArray() || lines.isEmpty()) {
                throw new BadAlertException("'lines' must be a non-empty array of check_mk local-check lines");
            }
            checkCount(lines.size());
            for (int i = 0; i < lines.size(); i++) {
                String line = bounded(lines.get(i).asText(), "lines[" + i + "]");
                Matcher m = LOCAL_CHECK.matcher(line.strip());
                if (!m.matches()) {
                    throw new BadAlertException("lines[" + i + "] is not a local-check line "
                            + "'<0-3> <service> <perfdata> <text>'");
                }
                checks.add(new String[]{m.group(1), m.group(2), m.group(4)});
            }
        } else {
            String service = text(root, "service", "body");
            String state = state(text(root, "state", "body"));
            checks.add(new String[]{state, service, bounded(root.path("output").asText(""), "output")});
        }
        List<IncomingAlert> out = new ArrayList<>();
        for (String[] c : checks) {
            Map<String, String> labels = new TreeMap<>();
            labels.put("host", host);
            labels.put("service", c[1]);
            labels.put("state", c[0]);
            labels.put("output", c[2]);
            if (cluster != null) {
                labels.put("cluster", cluster);
            }
            out.add(new IncomingAlert("checkmk", "checkmk:" + host + ":" + c[1], !c[0].equals("0"), c[1], labels,
                    Instant.now(), c[0] + " " + c[1] + " " + c[2]));
        }
        return out;
    }

    private static String state(String state) {
        return switch (state.toUpperCase()) {
            case "0", "OK", "UP" -> "0";
            case "1", "WARNING", "WARN" -> "1";
            case "2", "CRITICAL", "CRIT", "DOWN" -> "2";
            case "3", "UNKNOWN" -> "3";
            default -> throw new BadAlertException("state must be OK, WARNING, CRITICAL, UNKNOWN or 0-3 but was '"
                    + state + "'");
        };
    }

    private static void checkCount(int n) {
        if (n > MAX_ALERTS) {
            throw new BadAlertException("too many alerts in one request: " + n + " (at most " + MAX_ALERTS + ")");
        }
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || !v.isValueNode() || v.asText().isBlank()) {
            throw new BadAlertException(where + "." + field + " is required");
        }
        return bounded(v.asText(), where + "." + field);
    }

    private static Map<String, String> strings(JsonNode node, String where, String prefix) {
        Map<String, String> out = new TreeMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw new BadAlertException(where + " must be an object of strings");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isValueNode()) {
                throw new BadAlertException(where + "." + e.getKey() + " must be a string");
            }
            out.put(prefix + e.getKey(), bounded(e.getValue().asText(), where + "." + e.getKey()));
        }
        return out;
    }

    private static String bounded(String value, String where) {
        if (value.length() > MAX_LABEL_VALUE) {
            throw new BadAlertException(where + " is longer than " + MAX_LABEL_VALUE + " characters");
        }
        return value;
    }

    private static Instant instant(JsonNode node, String where) {
        if (node == null || node.isNull() || node.asText().isBlank()) {
            return Instant.now();
        }
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            throw new BadAlertException(where + " is not an RFC 3339 time: '" + node.asText() + "'");
        }
    }

    private static String digest(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
