package io.drugwatch.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drugwatch.model.Arrest;
import io.drugwatch.model.Seizure;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryTest {

    private static final Schema ARREST = Arrest.getClassSchema();
    private static final Schema SEIZURE = Seizure.getClassSchema();

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    @Test
    void idsAreGlobalAndVersionsPerSubject() {
        Schema evolved = TestRecords.withOptionalStringField(ARREST, "seizureRef");

        assertThat(registry.register("arrests-value", ARREST)).isEqualTo(1);
        assertThat(registry.register("seizures-value", SEIZURE)).isEqualTo(2);
        assertThat(registry.register("arrests-replay-value", ARREST)).isEqualTo(1);
        assertThat(registry.register("arrests-value", evolved)).isEqualTo(3);
        assertThat(registry.register("arrests-value", ARREST)).isEqualTo(1);

        assertThat(registry.subjects()).containsExactly("arrests-replay-value", "arrests-value", "seizures-value");
        assertThat(registry.versions("arrests-value")).containsExactly(1, 2);
        assertThat(registry.versions("unknown-value")).isEmpty();
        assertThat(registry.latest("arrests-value")).contains(new RegisteredSchema("arrests-value", 2, 3, evolved));
        assertThat(registry.version("arrests-value", 1)).contains(new RegisteredSchema("arrests-value", 1, 1, ARREST));
        assertThat(registry.version("arrests-value", 3)).isEmpty();
        assertThat(registry.find("arrests-replay-value", ARREST))
                .contains(new RegisteredSchema("arrests-replay-value", 1, 1, ARREST));
        assertThat(registry.lookup("seizures-value", ARREST)).isEmpty();
        assertThat(registry.schemaById(3)).isSameAs(evolved);
    }

    @Test
    void schemasDifferingOnlyInDocsGetDifferentIds() {
        Schema undocumented =
                new Schema.Parser().parse(ARREST.toString().replace("Event time; drives all windows.", ""));

        assertThat(undocumented).isEqualTo(ARREST);
        assertThat(registry.register("arrests-value", undocumented))
                .isNotEqualTo(registry.register("arrests-value", ARREST));
    }

    @Test
    void unknownIdThrows() {
        assertThatThrownBy(() -> registry.schemaById(1))
                .isInstanceOfSatisfying(
                        UnknownSchemaIdException.class,
                        e -> assertThat(e.schemaId()).isEqualTo(1));
    }
}
