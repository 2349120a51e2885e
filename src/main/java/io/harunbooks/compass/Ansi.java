package io.harunbooks.compass;

import java.util.regex.Pattern;

/** The installer's scripts colour their messages (scriptutils.success/warning/error): the parsers read plain text. */
final class Ansi {

    private static final Pattern ESCAPE = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");

    private Ansi() {
    }

    static String strip(String output) {
        return output == null ? "" : ESCAPE.matcher(output).replaceAll("").replace("\r", "");
    }
}
