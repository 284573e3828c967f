package io.drugwatch.replay;

import io.drugwatch.jsonl.AvroJson;
import io.drugwatch.model.Arrest;
import io.drugwatch.model.CheckpointInspection;
import io.drugwatch.model.Seizure;
import io.drugwatch.model.WastewaterSample;
import io.drugwatch.topics.Topic;
import io.drugwatch.topics.Topics;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/** Turns input lines into records in their topic's wire format; one instance per thread. */
final class LineParser {

    private final Input[] inputs;

    private record Input(
            Class<? extends SpecificRecord> type,
            String topic,
            Serializer<String> keys,
            Serializer<SpecificRecord> values,
            int occurredAt,
            int reportedAt,
            int countyCode) {}

    /** A line that is not a valid record. */
    static final class InvalidLineException extends Exception {
        InvalidLineException(String message) {
            super(message, null, false, false);
        }
    }

    LineParser(Topics topics) {
        List<Topic<String, ? extends SpecificRecord>> topicList = List.of(
                topics.arrests(), topics.seizures(), topics.checkpointInspections(), topics.wastewaterSamples());
        List<Class<? extends SpecificRecord>> types =
                List.of(Arrest.class, Seizure.class, CheckpointInspection.class, WastewaterSample.class);
        inputs = new Input[Replay.INPUTS.size()];
        for (int i = 0; i < inputs.length; i++) {
            @SuppressWarnings("unchecked")
            Topic<String, SpecificRecord> topic = (Topic<String, SpecificRecord>) topicList.get(i);
            Schema schema = schemaOf(types.get(i));
            inputs[i] = new Input(
                    types.get(i),
                    topic.name(),
                    topic.keySerde().serializer(),
                    topic.valueSerde().serializer(),
                    schema.getField("occurredAt").pos(),
                    schema.getField("reportedAt").pos(),
                    schema.getField("countyCode").pos());
        }
    }

    private static Schema schemaOf(Class<? extends SpecificRecord> type) {
        try {
            return type.getDeclaredConstructor().newInstance().getSchema();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    String topic(int file) {
        return inputs[file].topic;
    }

    /**
     * @throws InvalidLineException with the reason, if the line is not a valid record of its input
     */
    InputLine parse(int file, long number, String text) throws InvalidLineException {
        Input in = inputs[file];
        SpecificRecord record;
        try {
            record = AvroJson.parse(text, in.type);
        } catch (IllegalArgumentException e) {
            throw new InvalidLineException(e.getMessage());
        }
        long occurred = ((Instant) record.get(in.occurredAt)).toEpochMilli();
        Instant reported = (Instant) record.get(in.reportedAt);
        String county = (String) record.get(in.countyCode);
        return new InputLine(
                file,
                number,
                text,
                reported == null ? occurred : reported.toEpochMilli(),
                occurred,
                in.keys.serialize(in.topic, county),
                in.values.serialize(in.topic, record));
    }
}
