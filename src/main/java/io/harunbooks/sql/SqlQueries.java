package io.harunbooks.sql;

import io.harunbooks.engine.NonRetriableException;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** All named queries by name, as models refer to them in the {@code query} input parameter. */
@Component
public class SqlQueries {

    private final Map<String, NamedQuery<?>> byName = new TreeMap<>();

    public SqlQueries(List<NamedQuery<?>> queries) {
        for (NamedQuery<?> q : queries) {
            NamedQuery<?> previous = byName.put(q.name(), q);
            if (previous != null) {
                throw new IllegalStateException("two named queries '" + q.name() + "': "
                        + previous.getClass().getName() + " and " + q.getClass().getName());
            }
        }
    }

    /** The query of that name; an unknown name is a modelling error, never retried. */
    public NamedQuery<?> get(String name) {
        NamedQuery<?> query = byName.get(name);
        if (query == null) {
            throw new NonRetriableException("unknown SQL query '" + name + "' (known: " + byName.keySet() + ")");
        }
        return query;
    }
}
