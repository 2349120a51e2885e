package io.harunbooks.alerts;

import java.time.Instant;
import java.util.Map;

/**
 * An alert as any source sends it, normalised.
 *
 * @param fingerprint stable identity of the alert across repeats and its resolution
 * @param labels      flat labels: Alertmanager labels and {@code annotations.<name>}; Zabbix tags and
 *                    {@code host}, {@code trigger}, {@code severity}, {@code eventid}; check_mk {@code host},
 *                    {@code service}, {@code state}, {@code output}
 */
public record IncomingAlert(String source, String fingerprint, boolean firing, String name,
                            Map<String, String> labels, Instant startsAt, String summary) {

    public IncomingAlert {
        labels = Map.copyOf(labels);
    }
}
