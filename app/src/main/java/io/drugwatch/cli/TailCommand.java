package io.drugwatch.cli;

import io.drugwatch.config.ClientProperties;
import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.jsonl.AvroJson;
import io.drugwatch.model.Alert;
import io.drugwatch.model.CountyIndicators;
import io.drugwatch.topics.Topic;
import io.drugwatch.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "tail",
        mixinStandardHelpOptions = true,
        description = "Follow a topic as readable lines in the terminal (new records; --from-beginning for all).",
        footer = {
            "",
            "Examples:",
            "  drugwatch tail alerts",
            "  drugwatch tail alerts-open --from-beginning",
            "  drugwatch tail county-indicators --final-only",
            "  drugwatch tail dead-letters --from-beginning",
            "  drugwatch tail seizures --max 20"
        })
final class TailCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss");

    @Mixin
    ConfigOptions options;

    @Parameters(
            index = "0",
            paramLabel = "TOPIC",
            description = "alerts, alerts-open, county-indicators, dead-letters or an input topic "
                    + "(configured names are accepted too).")
    String topic;

    @Option(names = "--from-beginning", description = "Start at the oldest retained record.")
    boolean fromBeginning;

    @Option(names = "--final-only", description = "county-indicators: only settled windows.")
    boolean finalOnly;

    @Option(names = "--max", paramLabel = "N", description = "Stop after N records.")
    long max = Long.MAX_VALUE;

    @Override
    public Integer call() {
        DrugwatchConfig config = options.load();
        Topics topics = KafkaSupport.topics(config);
        Topic<?, ?> chosen = topics.all().stream()
                .filter(t -> t.name().equals(topic)
                        || DrugwatchConfig.TOPICS.contains(topic) && t.name().equals(config.topic(topic)))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown topic '" + topic + "'; one of "
                        + topics.all().stream().map(Topic::name).toList()));
        ZoneId zone = config.timeZone();
        boolean deadLetters = chosen.name().equals(config.topic("dead-letters"));
        AtomicBoolean stop = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop.set(true)));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                ClientProperties.consumer(config), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(chosen.name(), Duration.ofSeconds(15)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            if (partitions.isEmpty()) {
                throw new Main.CommandFailure("topic " + chosen.name() + " does not exist");
            }
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            long shown = 0;
            while (!stop.get() && shown < max) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    String line = deadLetters ? when(r, zone) + "  " + deadLetter(r) : format(chosen, r, zone);
                    if (line != null && shown < max) {
                        System.out.println(line);
                        shown++;
                    }
                }
                System.out.flush();
            }
        }
        return 0;
    }

    private static String when(ConsumerRecord<byte[], byte[]> r, ZoneId zone) {
        return TIME.withZone(zone).format(Instant.ofEpochMilli(r.timestamp()));
    }

    private String format(Topic<?, ?> t, ConsumerRecord<byte[], byte[]> r, ZoneId zone) {
        if (r.value() == null) {
            return when(r, zone) + "  (tombstone) "
                    + new String(r.key() == null ? new byte[0] : r.key(), StandardCharsets.UTF_8);
        }
        Object value;
        try {
            value = t.valueSerde().deserializer().deserialize(t.name(), r.headers(), r.value());
        } catch (RuntimeException e) {
            return when(r, zone) + "  (unreadable: " + e.getMessage() + ")";
        }
        if (value instanceof Alert alert) {
            return when(r, zone) + "  "
                    + String.format("%-8s %-9s %s", alert.getSeverity(), alert.getStatus(), alert.getSummary());
        }
        if (value instanceof CountyIndicators ci) {
            return finalOnly && !ci.getFinal$() ? null : when(r, zone) + "  " + indicators(ci);
        }
        return when(r, zone) + "  "
                + (value instanceof SpecificRecord sr ? AvroJson.format(sr) : String.valueOf(value));
    }

    static String indicators(CountyIndicators v) {
        StringBuilder b = new StringBuilder();
        b.append(v.getCountyCode())
                .append(' ')
                .append(v.getCountyName() == null ? "?" : v.getCountyName())
                .append("  ")
                .append(v.getWindowDays())
                .append("d to ")
                .append(v.getEndDate())
                .append(v.getFinal$() ? " FINAL " : " live  ")
                .append(" arrests=")
                .append(v.getArrestEvents())
                .append(" suspects=")
                .append(v.getSuspects())
                .append(" seizures=")
                .append(v.getSeizureEvents())
                .append(String.format(" seized=%.2fg", v.getSeizedGrams()));
        if (v.getSeizuresOver10kg() > 0) {
            b.append(" >=10kg=").append(v.getSeizuresOver10kg());
        }
        if (v.getVehiclesInspected() > 0) {
            b.append(" vehicles=")
                    .append(v.getVehiclesInspected())
                    .append(" hits=")
                    .append(v.getInspectionHits());
        }
        for (Map.Entry<String, Double> load : v.getWastewaterLoad().entrySet()) {
            b.append(String.format(" %s=%.1f", load.getKey().toLowerCase(), load.getValue()));
        }
        return b.toString();
    }

    private static String deadLetter(ConsumerRecord<byte[], byte[]> r) {
        return header(r, "dlq.reason") + " from " + header(r, "dlq.source.topic") + "/"
                + header(r, "dlq.source.partition") + "@" + header(r, "dlq.source.offset") + ": "
                + header(r, "dlq.detail");
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? "-" : new String(h.value(), StandardCharsets.UTF_8);
    }
}
