package io.drugwatch.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.model.CountyIndicators;
import io.drugwatch.testing.KafkaClusterExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What the hostile-input tests share on top of the {@link KafkaClusterExtension}: bytes sent as they
 * are, the Confluent wire format by hand, and reading the pipeline's output and metrics.
 */
final class Hostile {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Serializer<byte[]> BYTES = new ByteArraySerializer();

    private Hostile() {}

    static Instant local(LocalDate day, int hour) {
        return day.atTime(hour, 0).atZone(ZONE).toInstant();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Sends bytes as they are and waits for the broker's ack. The explicit timestamp is replaced by
     * the broker: input topics use LogAppendTime, as in production.
     */
    static RecordMetadata send(KafkaClusterExtension cluster, String topic, byte[] key, byte[] value) {
        return cluster.send(
                        BYTES,
                        BYTES,
                        List.of(new ProducerRecord<>(topic, null, System.currentTimeMillis(), key, value)))
                .get(0);
    }

    /** Confluent wire format: magic byte 0, the 4-byte schema id, then the Avro binary body. */
    static byte[] wire(int schemaId, GenericRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(ByteBuffer.allocate(4).putInt(schemaId).array());
        try {
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String header(ConsumerRecord<?, ?> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static boolean hasFinal(List<ConsumerRecord<String, CountyIndicators>> records, String key) {
        return records.stream().anyMatch(r -> r.key().equals(key) && r.value().getFinal$());
    }

    static CountyIndicators finalOf(List<ConsumerRecord<String, CountyIndicators>> records, String key) {
        List<CountyIndicators> found = records.stream()
                .filter(r -> r.key().equals(key) && r.value().getFinal$())
                .map(ConsumerRecord::value)
                .toList();
        assertThat(found).as("finals of %s", key).hasSize(1);
        return found.get(0);
    }

    /** A drugwatch counter summed over tasks, grouped by one tag (e.g. reason). */
    static Map<String, Double> counterBy(KafkaStreams streams, String name, String tag) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            MetricName m = e.getKey();
            if (m.group().equals("drugwatch") && m.name().equals(name)) {
                out.merge(
                        m.tags().getOrDefault(tag, ""),
                        ((Number) e.getValue().metricValue()).doubleValue(),
                        Double::sum);
            }
        }
        return out;
    }

    static double counter(KafkaStreams streams, String name) {
        return counterBy(streams, name, "topic").values().stream()
                .mapToDouble(Double::doubleValue)
                .sum();
    }
}
