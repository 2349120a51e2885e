package io.harunbooks.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml gives the full picture (application on PostgreSQL with the lab, Alertmanager wired to the
 * webhook with the application's token, Prometheus scraping the metrics); its Alertmanager configuration passes
 * {@code amtool check-config}; {@code docker compose config} accepts the file where the Compose client is installed.
 */
class ComposeFileTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void theComposeFileWiresTheApplicationPostgresAlertmanagerAndPrometheus() throws IOException {
        JsonNode services = YAML.readTree(Path.of("docker-compose.yml").toFile()).get("services");
        assertThat(services.has("postgres")).isTrue();
        JsonNode app = services.get("ha-runbooks");
        assertThat(app.get("command").toString()).contains("spring-boot:run").contains("lab,postgres");
        assertThat(app.at("/environment/RUNBOOKS_DB_URL").asText()).startsWith("jdbc:postgresql://postgres:5432/");
        String token = app.at("/environment/RUNBOOKS_ALERTMANAGER_TOKEN").asText();
        assertThat(token).isNotBlank();

        JsonNode am = services.get("alertmanager");
        String mount = am.get("volumes").get(0).asText();
        Path amConfig = Path.of(mount.substring(2, mount.indexOf(':')));
        JsonNode webhook = YAML.readTree(amConfig.toFile()).at("/receivers/0/webhook_configs/0");
        assertThat(webhook.get("url").asText()).isEqualTo("http://ha-runbooks:8080/api/alerts/alertmanager");
        assertThat(webhook.at("/http_config/authorization/credentials").asText()).isEqualTo(token);
        assertThat(webhook.get("send_resolved").asBoolean()).isTrue();

        String promMount = services.get("prometheus").get("volumes").get(0).asText();
        JsonNode scrape = YAML.readTree(Path.of(promMount.substring(2, promMount.indexOf(':'))).toFile())
                .at("/scrape_configs/0");
        assertThat(scrape.get("metrics_path").asText()).isEqualTo("/actuator/prometheus");
        assertThat(scrape.at("/static_configs/0/targets/0").asText()).isEqualTo("ha-runbooks:8080");
    }

    @Test
    void alertmanagerAcceptsItsConfiguration() throws Exception {
        String amtool = new File("/usr/bin/amtool").canExecute() ? "/usr/bin/amtool" : null;
        Assumptions.assumeTrue(amtool != null, "amtool (Debian prometheus-alertmanager, installed by .ci/run) is absent");
        assertThat(run(amtool, "check-config", "docs/compose/alertmanager.yml")).contains("SUCCESS");
    }

    @Test
    void dockerComposeAcceptsTheFileWhereItIsInstalled() throws Exception {
        boolean compose;
        try {
            compose = new ProcessBuilder("docker", "compose", "version").start().waitFor() == 0;
        } catch (IOException noDocker) {
            compose = false;
        }
        Assumptions.assumeTrue(compose, "the Docker Compose client is not installed here: "
                + "docker-compose.yml is checked by parsing only");
        run("docker", "compose", "-f", "docker-compose.yml", "config", "-q");
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
