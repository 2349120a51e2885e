package io.harunbooks.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.harunbooks.support.LabApplication;
import io.harunbooks.support.Runs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.harunbooks.support.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secrets go nowhere: after webhooks with the right and a wrong bearer token and a whole runbook run over SSH with
 * the lab's private key, neither the tokens nor any part of the key is in the engine's database (every text and
 * binary column of every table: variables, history, journal, alerts) or in the log. (The database password of SQL
 * steps is proven the same way in SqlQueryProcessIT.)
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsIT extends LabApplication {

    static final String TOKEN = "lab-alertmanager-token";
    static final String WRONG_TOKEN = "wrong-token-4f1c9e7a2b";

    @Autowired
    JdbcTemplate jdbc;
    @Value("${runbooks.lab.dir}")
    String labDir;

    @Test
    void tokensAndTheSshKeyAreNeitherStoredNorLogged(CapturedOutput output) throws IOException {
        String firing = fixture("alerts/alertmanager/firing-ctlr-no-replicas.json");
        assertThat(postBearer("/api/alerts/alertmanager", firing, WRONG_TOKEN).status()).isEqualTo(401);
        assertThat(postBearer("/api/alerts/alertmanager", firing, TOKEN).status()).isEqualTo(202);
        Runs.deleteAll(runtimeService); // whatever the alert started: the cluster is needed for the run below
        injectFault("two-masters");
        String id = startRun("controller-split-brain", "{}");
        JsonNode task = awaitTask("Task_ChooseMaster");
        completeTask(task, Map.of("master", "vkt04"));
        assertThat(awaitEnd(id)).contains("EndEvent_Recovered");
        assertThat(journalCommands(id)).isNotEmpty();

        List<String> keyLines = Files.readAllLines(Path.of(labDir, "id_lab")).stream()
                .filter(l -> !l.startsWith("-----") && l.length() > 20).toList();
        assertThat(keyLines).isNotEmpty();
        List<String> secrets = new ArrayList<>(List.of(TOKEN, WRONG_TOKEN));
        secrets.addAll(keyLines);

        for (String secret : secrets) {
            assertThat(output.getAll()).as("log").doesNotContain(secret);
            assertThat(tablesContaining(secret)).as("database columns holding a secret").isEmpty();
        }
        // the search does find what is there
        assertThat(tablesContaining("controller-split-brain")).isNotEmpty();
    }

    /** Every table.column of the engine's database whose text (or bytes, as UTF-8) contains the value. */
    private List<String> tablesContaining(String value) {
        List<Map<String, Object>> columns = jdbc.queryForList("""
                SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS
                WHERE TABLE_SCHEMA = 'PUBLIC' AND (DATA_TYPE LIKE '%CHAR%' OR DATA_TYPE LIKE '%CLOB%'
                  OR DATA_TYPE LIKE '%BINARY%' OR DATA_TYPE LIKE '%BLOB%')""");
        List<String> found = new ArrayList<>();
        for (Map<String, Object> c : columns) {
            String table = c.get("TABLE_NAME").toString();
            String column = c.get("COLUMN_NAME").toString();
            String type = c.get("DATA_TYPE").toString();
            String text = type.contains("BINARY") || type.contains("BLOB") ? "UTF8TOSTRING(\"" + column + "\")"
                    : "CAST(\"" + column + "\" AS VARCHAR)";
            Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM \"" + table + "\" WHERE " + text + " LIKE ?",
                    Integer.class, "%" + value + "%");
            if (n != null && n > 0) {
                found.add(table + "." + column);
            }
        }
        return found;
    }
}
