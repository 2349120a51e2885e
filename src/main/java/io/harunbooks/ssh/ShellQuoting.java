package io.harunbooks.ssh;

import io.harunbooks.engine.NonRetriableException;

import java.util.regex.Pattern;

/**
 * Values that reach a shell: checked against a strict pattern, then quoted. A value from an alert or a form that
 * fails the check stops the step before anything runs.
 */
public final class ShellQuoting {

    /**
     * Host, service, instance and replica names, and absolute or relative paths: letters, digits and
     * {@code . _ - : @ / + =}, no spaces; a letter or digit first, after at most one leading {@code /}, so that a value
     * is never read as an option ({@code -…}).
     */
    public static final Pattern SAFE_VALUE = Pattern.compile("/?[A-Za-z0-9][A-Za-z0-9._:@/+=-]{0,254}");
    private static final Pattern NEEDS_NO_QUOTES = Pattern.compile("[A-Za-z0-9._:@/+=,%-]+");

    private ShellQuoting() {
    }

    /** POSIX shell quoting: unchanged when only safe characters, else single-quoted with embedded quotes escaped. */
    public static String quote(String value) {
        if (!value.isEmpty() && NEEDS_NO_QUOTES.matcher(value).matches()) {
            return value;
        }
        return "'" + value.replace("'", "'\"'\"'") + "'";
    }

    public static boolean isSafe(String value) {
        return value != null && SAFE_VALUE.matcher(value).matches();
    }

    /** Checks a variable's value for a command line (or an expected-output pattern) and returns it as text. */
    public static String check(String variable, Object value) {
        String s = value == null ? null : value.toString();
        if (!isSafe(s)) {
            throw new NonRetriableException("variable '" + variable + "' = " + (s == null ? "null" : "'" + s + "'")
                    + " is refused in a command line: it must match " + SAFE_VALUE.pattern());
        }
        return s;
    }

    /** Checks and quotes a variable's value for a command line. */
    public static String checkedQuote(String variable, Object value) {
        return quote(check(variable, value));
    }
}
