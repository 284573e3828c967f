package io.drugwatch.replay;

import io.drugwatch.domain.EventType;
import io.drugwatch.jsonl.AvroJson;
import io.drugwatch.topics.Topic;
import io.drugwatch.topics.Topics;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/** Turns input lines into records in their topic's wire format; one instance per thread. */
final class LineParser {

    private final Input<?>[] inputs;

    private record Input<T extends SpecificRecord>(
            EventType<T> type, String topic, Serializer<String> keys, Serializer<T> values, int reportedAt) {

        static <T extends SpecificRecord> Input<T> of(EventType<T> type, Topics topics) {
            Topic<String, T> topic = topics.input(type);
            return new Input<>(
                    type,
                    topic.name(),
                    topic.keySerde().serializer(),
                    topic.valueSerde().serializer(),
                    type.schema().getField("reportedAt").pos());
        }

        InputLine parse(int file, long number, String text) throws InvalidLineException {
            T record;
            try {
                record = AvroJson.parse(text, type.recordClass());
            } catch (IllegalArgumentException e) {
                throw new InvalidLineException(e.getMessage());
            }
            long occurred = type.occurredAt(record).toEpochMilli();
            Instant reported = (Instant) record.get(reportedAt);
            return new InputLine(
                    file,
                    number,
                    text,
                    reported == null ? occurred : reported.toEpochMilli(),
                    occurred,
                    keys.serialize(topic, type.countyCode(record)),
                    values.serialize(topic, record));
        }
    }

    /** A line that is not a valid record. */
    static final class InvalidLineException extends Exception {
        InvalidLineException(String message) {
            super(message, null, false, false);
        }
    }

    LineParser(Topics topics) {
        inputs = EventType.ALL.stream().map(type -> Input.of(type, topics)).toArray(Input<?>[]::new);
    }

    String topic(int file) {
        return inputs[file].topic;
    }

    /**
     * @throws InvalidLineException with the reason, if the line is not a valid record of its input
     */
    InputLine parse(int file, long number, String text) throws InvalidLineException {
        return inputs[file].parse(file, number, text);
    }
}
