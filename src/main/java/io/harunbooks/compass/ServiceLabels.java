package io.harunbooks.compass;

/**
 * {@code grep service_label src/values.compass.yaml} on one server: its own label and the label of the server that
 * is active for the others. The seed: on both servers {@code master_service_label} must be the same, non-empty value.
 *
 * @param serviceLabel       {@code service_label} ({@code primary} / {@code reserve}); empty when the line is
 *                           missing or empty
 * @param masterServiceLabel {@code master_service_label}; empty when missing or empty
 */
public record ServiceLabels(String serviceLabel, String masterServiceLabel) {

    public ServiceLabels {
        serviceLabel = serviceLabel == null ? "" : serviceLabel;
        masterServiceLabel = masterServiceLabel == null ? "" : masterServiceLabel;
    }

    /** «пустую строку»: the seed's sign that something went wrong. */
    public boolean masterLabelEmpty() {
        return masterServiceLabel.isEmpty();
    }

    /** Labels of two servers agree: both name the same non-empty master label, and their own labels differ. */
    public boolean consistentWith(ServiceLabels other) {
        return !masterLabelEmpty() && masterServiceLabel.equals(other.masterServiceLabel)
                && !serviceLabel.isEmpty() && !serviceLabel.equals(other.serviceLabel);
    }
}
