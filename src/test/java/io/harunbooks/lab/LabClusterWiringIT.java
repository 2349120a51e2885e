package io.harunbooks.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The lab's beans in a Spring context: present only under the profile {@code lab}, servers stopped on close. */
class LabClusterWiringIT {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(LabProperties.class)
    @Import({LabCluster.class, LabController.class})
    static class LabOnly {
    }

    @TempDir
    Path dir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withUserConfiguration(LabOnly.class)
                .withPropertyValues("runbooks.lab.dir=" + dir, "runbooks.lab.port=0");
    }

    @Test
    void underProfileLabTheClusterPreparesTheInventoryAndStopsOnClose() {
        LabCluster[] seen = new LabCluster[1];
        runner().withInitializer(ctx -> ctx.getEnvironment().setActiveProfiles("lab")).run(ctx -> {
            // Given
            assertThat(ctx).hasNotFailed().hasSingleBean(LabCluster.class).hasSingleBean(LabController.class);
            LabCluster lab = ctx.getBean(LabCluster.class);
            seen[0] = lab;
            // When (what the inventory configuration does before loading)
            lab.prepareInventory();
            // Then
            assertThat(lab.dir()).isEqualTo(dir.toAbsolutePath().normalize());
            assertThat(Files.isRegularFile(dir.resolve("inventory.yaml"))).isTrue();
            assertThat(lab.hosts()).containsKeys("vkt03", "vkt04");
            assertThat(lab.hosts().keySet()).as("every lab system's hosts").containsExactlyInAnyOrderElementsOf(
                    lab.clusterNames().stream().flatMap(c -> lab.system(c).orElseThrow().hosts().keySet().stream())
                            .toList());
            assertThat(lab.hosts().values()).allMatch(SimulatedHost::isRunning);
        });
        assertThat(seen[0].hosts()).isEmpty();
    }

    @Test
    void withoutProfileLabThereIsNoLab() {
        runner().run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(LabCluster.class)
                .doesNotHaveBean(LabController.class));
    }
}
