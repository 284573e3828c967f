package io.drugwatch.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.domain.EventType;
import io.drugwatch.model.Arrest;
import io.drugwatch.model.County;
import io.drugwatch.model.Offense;
import io.drugwatch.model.WastewaterSample;
import io.drugwatch.serde.SchemaRegistryClients;
import io.drugwatch.topology.IndicatorsTopology;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/** Everything about an input follows from its one entry in {@link EventType#ALL}. */
class InputRegistryTest {

    private final DrugwatchConfig config = DrugwatchConfig.defaults()
            .with(Map.of(
                    DrugwatchConfig.REGISTRY_URL,
                    "mock://" + UUID.randomUUID(),
                    "drugwatch.topic.wastewater-samples",
                    "prod.ww.v2"));
    private final Topics topics = Topics.create(config, new SchemaRegistryClients().forUrl(config.registryUrl()));

    @Test
    void namesAndTagsAreUniqueAndStable() {
        assertThat(EventType.inputs())
                .containsExactly("arrests", "seizures", "checkpoint-inspections", "wastewater-samples");
        assertThat(EventType.ALL.stream().map(EventType::tag))
                .containsExactly("arrest", "seizure", "inspection", "wastewater");
        assertThat(EventType.ALL.stream().map(EventType::recordClass).distinct())
                .hasSize(EventType.ALL.size());
    }

    @Test
    void recordsAndNamesLeadToTheirInput() {
        assertThat(EventType.of(new WastewaterSample())).isSameAs(EventType.WASTEWATER_SAMPLE);
        assertThat(EventType.byInput("arrests")).contains(EventType.ARREST);
        assertThat(EventType.byInput("counties")).isEmpty();
        assertThatThrownBy(() -> EventType.of(new County()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("County");
    }

    @Test
    void everyInputHasItsSettingTopicAndSpec() {
        assertThat(DrugwatchConfig.TOPICS).startsWith(EventType.inputs().toArray(String[]::new));
        assertThat(topics.inputNames()).containsExactly("arrests", "seizures", "checkpoint-inspections", "prod.ww.v2");
        assertThat(topics.input(EventType.WASTEWATER_SAMPLE).name()).isEqualTo("prod.ww.v2");
        List<String> specs = TopicSpecs.of(config).stream().map(TopicSpec::name).toList();
        assertThat(specs).containsAll(topics.inputNames());
        assertThat(topics.all().stream().map(Topic::name)).containsAll(topics.inputNames());
    }

    @Test
    void serializedRecordsReadBackWithTheirTopicsSerde() {
        Arrest a = Arrest.newBuilder()
                .setEventId("a-1")
                .setCountyCode("530621")
                .setOccurredAt(Instant.parse("2026-11-20T02:00:00Z"))
                .setOffense(Offense.USE)
                .setSuspects(1)
                .build();
        Topic<String, Arrest> topic = topics.input(EventType.ARREST);
        byte[] bytes = topics.serialize(EventType.ARREST, a);
        assertThat(topic.valueSerde().deserializer().deserialize(topic.name(), bytes))
                .isEqualTo(a);
    }

    @Test
    void everyInputGetsItsSourceAndDecodeNodes() {
        TopologyDescription d = IndicatorsTopology.build(config, topics).describe();
        List<String> nodes = d.subtopologies().stream()
                .flatMap(s -> s.nodes().stream())
                .map(TopologyDescription.Node::name)
                .toList();
        for (String input : EventType.inputs()) {
            assertThat(nodes).contains(input + "-source", input + "-decode");
        }
    }
}
