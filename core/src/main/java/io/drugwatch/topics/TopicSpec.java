package io.drugwatch.topics;

import java.util.Map;

/** How a topic drugwatch owns is to be created: the settings `drugwatch topics` applies and checks. */
public record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> configs) {

    public TopicSpec {
        configs = Map.copyOf(configs);
    }
}
