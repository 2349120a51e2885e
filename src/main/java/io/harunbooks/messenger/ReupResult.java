package io.harunbooks.messenger;

/** What {@code im_utils --reup-mysql-replica} deleted: the Kubernetes namespace, the PVC and the pod to wait for. */
public record ReupResult(String namespace, String pvc, String pod) {
}
