package io.harunbooks.engine;

/** A tool printed something its parser does not understand: a technical failure, retried, then an incident. */
public class UnparseableOutputException extends RuntimeException {

    public UnparseableOutputException(String tool, String problem, String excerpt) {
        super(tool + ": " + problem + (excerpt == null ? "" : " in «" + abbreviate(excerpt) + "»"));
    }

    /** The same failure, prefixed with where it happened (host and command), for the incident message. */
    public UnparseableOutputException(String where, UnparseableOutputException cause) {
        super(where + ": " + cause.getMessage(), cause);
    }

    private static String abbreviate(String s) {
        String oneLine = s.strip().replace("\n", "⏎");
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
    }
}
