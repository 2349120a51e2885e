package io.harunbooks.ssh;

import io.harunbooks.engine.NonRetriableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Values from alerts and forms against a real POSIX shell ({@code /bin/sh}): a hostile value is refused before
 * anything runs, naming the variable; a value that passes reaches the command as exactly one argument, unchanged,
 * and runs nothing else. Table cases plus a few thousand generated strings (fixed seed, so a failure repeats).
 */
class HostileInputTest {

    @TempDir
    Path dir;

    private static final String ALPHABET = "abcXYZ019._:@/+=-,% ;|&$`()<>\"'\\\n\t*?~#!{}[]^\u00e9\u0436\u4e2d\0";

    @ParameterizedTest
    @ValueSource(strings = {"vkt04;reboot", "$(touch CANARY)", "`touch CANARY`", "a|touch CANARY", "a&&touch CANARY",
            "a\ntouch CANARY", "-rf", "--help", "a b", "a'b", "a\"b", "x>CANARY", "x<y", "~root", "*", "?", "a#b",
            "${IFS}", "a\\b", "", " ", "cox-1;", "\u0436", "a\u0000b", "../../etc/passwd;id"})
    void hostileValuesAreRefusedBeforeAnythingRuns(String value) throws IOException {
        assertThatThrownBy(() -> CommandTemplate.render("clean_kust_replica.sh {{instance}}",
                Map.of("instance", value)::get))
                .isInstanceOf(NonRetriableException.class)
                .hasMessageContaining("variable 'instance'")
                .hasMessageContaining("is refused in a command line");
        assertThatThrownBy(() -> CommandTemplate.renderText("{{space}}\\n", Map.of("space", value)::get))
                .isInstanceOf(NonRetriableException.class);
        assertThat(dir.resolve("CANARY")).doesNotExist();
    }

    @Test
    void generatedValuesAreRefusedOrReachTheShellAsExactlyOneUnchangedArgument() throws Exception {
        Random random = new Random(20261129);
        int refused = 0;
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            StringBuilder b = new StringBuilder();
            int length = 1 + random.nextInt(12);
            for (int k = 0; k < length; k++) {
                b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            String value = b.toString();
            try {
                accepted.add(CommandTemplate.render("{{v}}", Map.of("v", value)::get));
                assertThat(ShellQuoting.isSafe(value)).as(value).isTrue();
            } catch (NonRetriableException e) {
                refused++;
                assertThat(e.getMessage()).contains("variable 'v'");
            }
        }
        assertThat(refused).isPositive();
        assertThat(accepted).isNotEmpty();
        // every accepted value, in one shell run: each must come back as one argument, as it was
        String script = "for a in " + String.join(" ", accepted) + "; do printf '[%s]\\n' \"$a\"; done";
        List<String> expected = new ArrayList<>();
        Random replay = new Random(20261129);
        for (int i = 0; i < 3000; i++) {
            StringBuilder b = new StringBuilder();
            int length = 1 + replay.nextInt(12);
            for (int k = 0; k < length; k++) {
                b.append(ALPHABET.charAt(replay.nextInt(ALPHABET.length())));
            }
            if (ShellQuoting.isSafe(b.toString())) {
                expected.add("[" + b + "]");
            }
        }
        assertThat(sh(script)).isEqualTo(String.join("\n", expected) + "\n");
        assertThat(dir.resolve("CANARY")).doesNotExist();
        System.out.println("hostile input: " + refused + " of 3000 generated values refused, " + accepted.size()
                + " passed to /bin/sh unchanged");
    }

    @Test
    void quotingAloneKeepsAnyValueOneArgumentInARealShell() throws Exception {
        Random random = new Random(7);
        List<String> values = new ArrayList<>(List.of("a'b", "'", "''", "$(touch CANARY)", "`id`", "a b\tc", "-n",
                "\\", "\"", "!x", "~", "*"));
        for (int i = 0; i < 500; i++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(10);
            for (int k = 0; k < length; k++) {
                char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
                if (c != '\0' && c != '\n') {
                    b.append(c);
                }
            }
            values.add(b.toString());
        }
        StringBuilder script = new StringBuilder("for a in");
        values.forEach(v -> script.append(' ').append(ShellQuoting.quote(v)));
        script.append("; do printf '[%s]\\n' \"$a\"; done");
        StringBuilder expected = new StringBuilder();
        values.forEach(v -> expected.append('[').append(v).append("]\n"));
        assertThat(sh(script.toString())).isEqualTo(expected.toString());
        assertThat(dir.resolve("CANARY")).doesNotExist();
    }

    private String sh(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/bin/sh", "-c", script).directory(dir.toFile()).redirectErrorStream(true)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(out, StandardCharsets.UTF_8)).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }
}
