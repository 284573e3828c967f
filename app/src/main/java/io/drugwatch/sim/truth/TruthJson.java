package io.drugwatch.sim.truth;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** The JSON mapping of truth lines: dates and instants as ISO-8601 text, unknown fields ignored. */
final class TruthJson {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new SimpleModule("truth-time")
                    .addSerializer(LocalDate.class, new ToText<>())
                    .addSerializer(Instant.class, new ToText<>())
                    .addDeserializer(LocalDate.class, new FromText<>(LocalDate::parse))
                    .addDeserializer(Instant.class, new FromText<>(Instant::parse)))
            // newer writers may add fields; a reader keeps working
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private TruthJson() {}

    private static final class ToText<T> extends JsonSerializer<T> {
        @Override
        public void serialize(T value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(value.toString());
        }
    }

    private static final class FromText<T> extends JsonDeserializer<T> {
        private final java.util.function.Function<String, T> parse;

        FromText(java.util.function.Function<String, T> parse) {
            this.parse = parse;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getValueAsString();
            try {
                return parse.apply(text);
            } catch (DateTimeParseException | NullPointerException e) {
                return ctxt.reportInputMismatch(this, "not an ISO-8601 date or instant: '%s'", text);
            }
        }
    }
}
