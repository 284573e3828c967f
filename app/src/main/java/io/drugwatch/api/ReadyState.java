package io.drugwatch.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Whether the process can answer queries, as reported by {@code /ready}.
 *
 * @param state   a short name for the current state, e.g. Kafka Streams' {@code RUNNING}
 * @param details anything worth showing an operator (JSON-serialisable values); kept in order
 */
public record ReadyState(boolean ready, String state, Map<String, Object> details) {

    public ReadyState {
        Objects.requireNonNull(state, "state");
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
}
