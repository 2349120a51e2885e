package io.harunbooks.compass;

import io.harunbooks.engine.OutputParser;
import io.harunbooks.engine.UnparseableOutputException;
import org.springframework.stereotype.Component;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code grep service_label src/values.compass.yaml}: the lines {@code service_label: primary} and
 * {@code master_service_label: primary} (quotes and {@code # comments} removed; the seed's own answer carries
 * comments). A missing or empty value is empty; output with neither line is unparseable.
 */
@Component
public final class ServiceLabelsParser implements OutputParser<ServiceLabels> {

    private static final Pattern LINE = Pattern.compile("^\\s*(master_service_label|service_label)\\s*:\\s*(.*)$");

    @Override
    public String name() {
        return "compass-service-labels";
    }

    @Override
    public ServiceLabels parse(String output) {
        String text = Ansi.strip(output);
        String service = null;
        String master = null;
        for (String line : text.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String value = value(m.group(2));
            if (m.group(1).equals("service_label")) {
                service = value;
            } else {
                master = value;
            }
        }
        if (service == null && master == null) {
            throw new UnparseableOutputException("grep service_label", "neither service_label nor "
                    + "master_service_label", text);
        }
        return new ServiceLabels(service, master);
    }

    private static String value(String raw) {
        String v = raw;
        int hash = v.indexOf('#');
        if (hash >= 0) {
            v = v.substring(0, hash);
        }
        v = v.strip();
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            v = v.substring(1, v.length() - 1).strip();
        }
        return v;
    }
}
