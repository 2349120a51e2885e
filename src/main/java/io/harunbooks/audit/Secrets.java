package io.harunbooks.audit;

import java.util.regex.Pattern;

/** Masks secrets in command lines before they are journaled or logged. */
public final class Secrets {

    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)((?:password|passwd|pwd|secret|token|api[-_]?key)[\"']?\\s*[=:]\\s*|--(?:password|passwd|secret|token)(?:=|\\s+))(\"[^\"]*\"|'[^']*'|\\S+)");
    private static final Pattern MYSQL_P = Pattern.compile("(\\s-p)(\\S+)");

    private Secrets() {
    }

    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = KEY_VALUE.matcher(text).replaceAll("$1****");
        return MYSQL_P.matcher(masked).replaceAll("$1****");
    }
}
