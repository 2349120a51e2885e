package io.harunbooks.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Real command outputs copied from the seeds, under {@code src/test/resources/fixtures/<system>/<command>/}. */
public final class Fixtures {

    private Fixtures() {
    }

    public static String fixture(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fixture paths (relative to fixtures/) of one command directory, e.g. {@code messenger/ipros-cluster-show}. */
    public static List<String> all(String dir) {
        URL url = Fixtures.class.getResource("/fixtures/" + dir);
        if (url == null) {
            throw new IllegalArgumentException("no fixture directory " + dir);
        }
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            return files.map(p -> dir + "/" + p.getFileName()).sorted().toList();
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
