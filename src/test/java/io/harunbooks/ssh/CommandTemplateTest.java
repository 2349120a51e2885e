package io.harunbooks.ssh;

import io.harunbooks.engine.NonRetriableException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandTemplateTest {

    @Test
    void fillsPlaceholdersAndLeavesShellSubstitutionsAlone() {
        String command = CommandTemplate.render(
                "clean_kust_replica.sh {{instance}} && mv /data/ctlr-1 /data/ctlr-1.$(date +%Y%m%d_%H%M)",
                Map.<String, Object>of("instance", "cox-1")::get);

        assertThat(command).isEqualTo(
                "clean_kust_replica.sh cox-1 && mv /data/ctlr-1 /data/ctlr-1.$(date +%Y%m%d_%H%M)");
    }

    @Test
    void refusesShellMetacharactersBeforeAnythingRuns() {
        for (String evil : new String[]{"cox-1; rm -rf /", "$(reboot)", "a b", "`id`", "x|y", "-rf", "a\nb", "/",
                "/-rf", "//etc", "/opt/x y"}) {
            assertThatThrownBy(() -> CommandTemplate.render("clean_kust_replica.sh {{instance}}",
                    Map.<String, Object>of("instance", evil)::get))
                    .as(evil)
                    .isInstanceOf(NonRetriableException.class)
                    .hasMessageContaining("variable 'instance'")
                    .hasMessageContaining("is refused in a command line");
        }
    }

    @Test
    void absolutePathsAreValuesButNeverOptions() {
        assertThat(CommandTemplate.render("cd {{installerDir}} && git pull",
                Map.<String, Object>of("installerDir", "/opt/compass-installer")::get))
                .isEqualTo("cd /opt/compass-installer && git pull");
        assertThat(ShellQuoting.isSafe("/srv/compass/../installer")).isTrue();
        assertThat(ShellQuoting.isSafe("/-rf")).isFalse();
        assertThat(ShellQuoting.isSafe("-/x")).isFalse();
    }

    @Test
    void expectedOutputPatternsInsertValuesAsLiterals() {
        java.util.regex.Pattern p = CommandTemplate.renderPattern(
                "INFO: starting {{instance}}\\nINFO: successfully started {{instance}}\\s*\\z",
                Map.<String, Object>of("instance", "cox-1")::get, java.util.regex.Pattern.MULTILINE);

        assertThat(p.matcher("removing /data/cox-1/x\nINFO: starting cox-1\nINFO: successfully started cox-1\n").find())
                .isTrue();
        assertThat(p.matcher("INFO: starting cox-1\nINFO: successfully started cox-1\nERROR: died\n").find()).isFalse();
        assertThat(CommandTemplate.renderPattern("started {{i}}", Map.<String, Object>of("i", "a.b")::get, 0)
                .matcher("started aXb").find()).isFalse();
        assertThatThrownBy(() -> CommandTemplate.renderPattern("{{i}}", Map.<String, Object>of("i", "(.*)")::get, 0))
                .isInstanceOf(NonRetriableException.class);
    }

    @Test
    void missingVariableIsNamed() {
        assertThatThrownBy(() -> CommandTemplate.render("ic map {{service}}", name -> null))
                .hasMessageContaining("needs variable 'service'");
    }

    @Test
    void quotingFollowsPosixRules() {
        assertThat(ShellQuoting.quote("files-mysql-1.mysql.files:3306")).isEqualTo("files-mysql-1.mysql.files:3306");
        assertThat(ShellQuoting.quote("it's")).isEqualTo("'it'\"'\"'s'");
        assertThat(ShellQuoting.quote("")).isEqualTo("''");
        assertThat(ShellQuoting.quote("a b")).isEqualTo("'a b'");
    }
}
