package io.harunbooks.messenger;

import java.util.List;
import java.util.Optional;

/** {@code kubectl -n <ns> get po}: per pod its READY column ({@code 5/5}) and STATUS. */
public record PodList(List<Pod> pods) {

    public record Pod(String name, int readyContainers, int containers, String status) {
        public String readyColumn() {
            return readyContainers + "/" + containers;
        }
    }

    public PodList {
        pods = List.copyOf(pods);
    }

    public Optional<Pod> pod(String name) {
        return pods.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** All containers ready and Running (the seed waits for {@code 5/5 Running}). */
    public boolean ready(String name) {
        return pod(name).map(p -> p.containers() > 0 && p.readyContainers() == p.containers()
                && p.status().equals("Running")).orElse(false);
    }

    public String readyColumn(String name) {
        return pod(name).map(Pod::readyColumn).orElse(null);
    }
}
