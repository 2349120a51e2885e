package io.harunbooks.lab;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LabPropertiesTest {

    private static LabProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("runbooks.lab", LabProperties.class);
    }

    @Test
    void defaultsWhenNothingIsConfigured() {
        // When
        LabProperties lab = bind(Map.of());
        // Then
        assertThat(lab.dir()).isEqualTo(Path.of("data/lab"));
        assertThat(lab.port()).isEqualTo(2222);
        assertThat(lab.cluster()).isEqualTo("msg-lab");
        assertThat(lab.hosts()).containsExactly(Map.entry("vkt03", "127.0.10.1"), Map.entry("vkt04", "127.0.10.2"));
        assertThat(lab.settleTime()).isEqualTo(Duration.ofSeconds(1));
        assertThat(lab.resyncTime()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void configuredValuesWin() {
        // When
        LabProperties lab = bind(Map.of(
                "runbooks.lab.dir", "/tmp/lab",
                "runbooks.lab.port", "0",
                "runbooks.lab.cluster", "drill",
                "runbooks.lab.hosts.node-b", "127.0.20.2",
                "runbooks.lab.hosts.node-a", "127.0.20.1",
                "runbooks.lab.settle-time", "50ms",
                "runbooks.lab.resync-time", "2s"));
        // Then
        assertThat(lab.dir()).isEqualTo(Path.of("/tmp/lab"));
        assertThat(lab.port()).isZero();
        assertThat(lab.cluster()).isEqualTo("drill");
        assertThat(lab.hosts()).containsExactly(Map.entry("node-a", "127.0.20.1"), Map.entry("node-b", "127.0.20.2"));
        assertThat(lab.settleTime()).isEqualTo(Duration.ofMillis(50));
        assertThat(lab.resyncTime()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aResyncThatTakesNoTimeIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bind(Map.of("runbooks.lab.resync-time", "0s")))
                .hasRootCauseMessage("runbooks.lab.resync-time PT0S must be positive");
    }
}
