package io.harunbooks.lab;

import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;
import java.util.Optional;

/**
 * The lab's state and fault injection over REST: {@code GET /api/lab/clusters/{cluster}} and
 * {@code POST /api/lab/clusters/{cluster}/faults/{fault}}. Errors are {@code {"error": "..."}} naming the valid
 * values.
 */
@RestController
@Profile("lab")
@RequestMapping("/api/lab/clusters")
public class LabController {

    private final LabCluster lab;

    public LabController(LabCluster lab) {
        this.lab = lab;
    }

    @GetMapping("/{cluster}")
    public ResponseEntity<?> state(@PathVariable String cluster) {
        Optional<LabSystem> system = lab.system(cluster);
        if (system.isEmpty()) {
            return unknownCluster(cluster);
        }
        return ResponseEntity.ok(system.get().simulation().state());
    }

    @PostMapping("/{cluster}/faults/{fault}")
    public ResponseEntity<?> inject(@PathVariable String cluster, @PathVariable String fault) {
        Optional<LabSystem> system = lab.system(cluster);
        if (system.isEmpty()) {
            return unknownCluster(cluster);
        }
        LabSimulation simulation = system.get().simulation();
        if (!simulation.faults().contains(fault)) {
            return error(HttpStatus.BAD_REQUEST, "unknown fault '" + fault + "' (valid faults: "
                    + String.join(", ", simulation.faults()) + ")");
        }
        simulation.inject(fault);
        return ResponseEntity.ok(simulation.state());
    }

    private ResponseEntity<Map<String, String>> unknownCluster(String cluster) {
        return error(HttpStatus.NOT_FOUND, "unknown lab cluster '" + cluster + "' (lab clusters: "
                + String.join(", ", lab.clusterNames()) + ")");
    }

    private static ResponseEntity<Map<String, String>> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(Map.of("error", message));
    }
}
