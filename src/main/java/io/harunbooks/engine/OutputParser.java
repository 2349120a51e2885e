package io.harunbooks.engine;

/**
 * Turns a tool's output into a typed state. Pure: no I/O, no Camunda. Output that does not fit raises
 * {@link UnparseableOutputException}, never a silent default.
 *
 * @param <T> the typed state
 */
public interface OutputParser<T> {

    /** The name a model uses to pick this parser (input parameter {@code parser}), e.g. {@code ipros-cluster-show}. */
    String name();

    T parse(String output);
}
