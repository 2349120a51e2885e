package io.harunbooks.sql;

import io.harunbooks.engine.NonRetriableException;
import io.harunbooks.inventory.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterDataSourcesTest {

    @TempDir
    Path dir;
    private final ClusterDataSources dataSources = new ClusterDataSources(
            new SqlProperties(Duration.ofSeconds(2), Duration.ofSeconds(5)), Map.of("DB_PW", "  from-env \n")::get);

    private static Database db(String url, String passwordRef) {
        return new Database("reserve-db", "reserve", url, "runbooks", passwordRef);
    }

    @Test
    void passwordsAreResolvedFromTheirReferenceTrimmed() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret"), "from-file\n");

        assertThat(dataSources.password(db("jdbc:mariadb://x/", "env:DB_PW"))).isEqualTo("from-env");
        assertThat(dataSources.password(db("jdbc:mariadb://x/", "file:" + secret))).isEqualTo("from-file");
        assertThat(dataSources.password(db("jdbc:mariadb://x/", "none"))).isNull();
    }

    @Test
    void missingSecretsAreIncidentsThatNameTheReferenceNotAValue() {
        assertThatThrownBy(() -> dataSources.password(db("jdbc:mariadb://x/", "env:ABSENT")))
                .isInstanceOf(NonRetriableException.class)
                .hasMessage("database reserve-db on host reserve: its password comes from the environment variable "
                        + "ABSENT, which is not set");
        assertThatThrownBy(() -> dataSources.password(db("jdbc:mariadb://x/", "file:" + dir.resolve("absent"))))
                .isInstanceOf(NonRetriableException.class).hasMessageContaining("cannot read its password file");
    }

    @Test
    void refusedConnectionNamesDatabaseHostAndCauseButNotThePassword() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        Database db = db("jdbc:mariadb://127.0.0.1:" + port + "/", "env:DB_PW");

        assertThatThrownBy(() -> dataSources.query(db, Duration.ofSeconds(1), c -> 1))
                .isInstanceOf(SqlQueryException.class)
                .hasMessageContaining("cannot connect to database reserve-db on host reserve (jdbc:mariadb://127.0.0.1:"
                        + port + "/)")
                .hasMessageNotContaining("from-env");
    }

    @Test
    void aPasswordEchoedByADriverIsMaskedAndTheCauseDropped() {
        SqlQueryException e = SqlQueryException.of("where",
                new java.sql.SQLException("login with s3cret failed", "28000", 1045), "s3cret");

        assertThat(e.getMessage()).isEqualTo("where: login with **** failed [SQLState 28000, error 1045]");
        assertThat(e.getCause()).isNull();
    }
}
