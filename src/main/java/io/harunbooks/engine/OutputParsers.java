package io.harunbooks.engine;

import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** All output parsers by name, as models refer to them in the {@code parser} input parameter. */
@Component
public class OutputParsers {

    private final Map<String, OutputParser<?>> byName = new TreeMap<>();

    public OutputParsers(List<OutputParser<?>> parsers) {
        for (OutputParser<?> p : parsers) {
            OutputParser<?> previous = byName.put(p.name(), p);
            if (previous != null) {
                throw new IllegalStateException("two output parsers named '" + p.name() + "': "
                        + previous.getClass().getName() + " and " + p.getClass().getName());
            }
        }
    }

    public OutputParser<?> get(String name) {
        OutputParser<?> parser = byName.get(name);
        if (parser == null) {
            throw new NonRetriableException("unknown output parser '" + name + "' (known: " + byName.keySet() + ")");
        }
        return parser;
    }
}
