package io.drugwatch.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.domain.EventType;
import io.drugwatch.domain.RejectReason;
import io.drugwatch.domain.WindowSizes;
import io.drugwatch.jsonl.AvroJson;
import io.drugwatch.model.Alert;
import io.drugwatch.model.County;
import io.drugwatch.model.CountyIndicators;
import io.drugwatch.model.RegionIndicators;
import io.drugwatch.reference.CountyReference;
import io.drugwatch.runtime.Directories;
import io.drugwatch.serde.SchemaRegistryClients;
import io.drugwatch.topics.Topic;
import io.drugwatch.topics.Topics;
import io.drugwatch.topology.IndicatorsTopology;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The replay as it was before it was made to scale, kept as the reference the replay must match: every
 * line in memory, sorted, fed to Kafka's {@code TopologyTestDriver} record by record, outputs read at
 * the end. (INPUTS is {@link Replay}'s.)
 *
 * <p>Runs the production topology over JSONL files, in-process and deterministically, and writes every
 * output topic as JSONL. Records enter in order of reportedAt, then occurredAt, then input file and
 * line, each with its reportedAt as Kafka timestamp, so lateness and validation behave as in a live
 * run; at the end stream time moves past every open window so that all of them close. Outputs:
 * county-indicators.jsonl (final windows), region-indicators.jsonl (the settled value of every
 * prefecture and province window), alerts.jsonl (every alert state change) and dead-letters.jsonl.
 */
final class TopologyTestDriverReplay {

    /** The input files, in the order that breaks ties between equal timestamps. */
    private static final List<String> INPUTS = Replay.INPUTS;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant WALL_CLOCK = Instant.EPOCH;
    private static final int PROGRESS_EVERY = 100_000;

    private final DrugwatchConfig config;
    private final Consumer<String> progress;

    /**
     * @param progress receives a line now and then on long replays (stderr in the CLI)
     */
    TopologyTestDriverReplay(DrugwatchConfig config, Consumer<String> progress) {
        // The driver's clock stands still while records are fed, so idle advance cannot fire before the
        // end; at the end it is what closes the remaining windows.
        this.config = config.with(Map.of(
                DrugwatchConfig.IDLE_ADVANCE_AFTER,
                "PT1S",
                DrugwatchConfig.REGISTRY_URL,
                "mock://replay-" + UUID.randomUUID()));
        this.progress = progress;
    }

    private record Line(
            int file,
            long number,
            String input,
            String text,
            SpecificRecord record,
            String error,
            long reportedAt,
            long occurredAt) {}

    void run(Path inputDir, Path outputDir) throws IOException {
        if (!Files.isDirectory(inputDir)) {
            throw new IllegalArgumentException("input directory not found: " + inputDir);
        }
        Files.createDirectories(outputDir);
        List<County> counties = Files.exists(inputDir.resolve("counties.jsonl"))
                ? CountyReference.load(inputDir.resolve("counties.jsonl"))
                : CountyReference.bundled();
        Map<String, Long> read = new LinkedHashMap<>();
        List<Line> lines = new ArrayList<>();
        for (int f = 0; f < INPUTS.size(); f++) {
            String input = INPUTS.get(f);
            Path file = inputDir.resolve(input + ".jsonl");
            if (Files.exists(file)) {
                long n = readLines(f, input, file, lines);
                read.put(input + ".jsonl", n);
            }
        }
        lines.sort(Comparator.comparingLong(Line::reportedAt)
                .thenComparingLong(Line::occurredAt)
                .thenComparingInt(Line::file)
                .thenComparingLong(Line::number));

        Path stateDir = Files.createTempDirectory("drugwatch-replay");
        Properties props = new Properties();
        props.putAll(config.kafkaProperties());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        Topics topics = Topics.create(config, new SchemaRegistryClients().forUrl(config.registryUrl()));
        Map<String, Long> deadByReason = new TreeMap<>();
        long indicators;
        Map<String, Long> alerts;
        long regions;
        try (TopologyTestDriver driver =
                        new TopologyTestDriver(IndicatorsTopology.build(config, topics), props, WALL_CLOCK);
                BufferedWriter dead =
                        Files.newBufferedWriter(outputDir.resolve("dead-letters.jsonl"), StandardCharsets.UTF_8)) {
            Topic<String, County> countyTopic = topics.counties();
            TestInputTopic<String, County> countyInput = driver.createInputTopic(
                    countyTopic.name(),
                    countyTopic.keySerde().serializer(),
                    countyTopic.valueSerde().serializer());
            counties.forEach(c -> countyInput.pipeInput(c.getCode(), c, 0L));

            Map<String, TestInputTopic<String, byte[]>> inputs = new HashMap<>();
            for (String input : INPUTS) {
                inputs.put(
                        input,
                        driver.createInputTopic(
                                config.topic(input),
                                Serdes.String().serializer(),
                                Serdes.ByteArray().serializer()));
            }
            Map<String, List<Line>> byOffset = new HashMap<>();
            long fed = 0;
            for (Line line : lines) {
                if (line.error() != null) {
                    writeDeadLetter(dead, RejectReason.INVALID_JSON.name(), line.error(), line);
                    deadByReason.merge(RejectReason.INVALID_JSON.name(), 1L, Long::sum);
                    continue;
                }
                String county = countyCode(line.record());
                byte[] value = topics.serialize(EventType.of(line.record()), line.record());
                inputs.get(line.input()).pipeInput(county, value, line.reportedAt());
                byOffset.computeIfAbsent(config.topic(line.input()), t -> new ArrayList<>())
                        .add(line);
                if (++fed % PROGRESS_EVERY == 0) {
                    progress.accept("replayed " + fed + " of " + lines.size() + " records");
                }
            }
            Duration closeAll = config.grace().plusDays(WindowSizes.WIDEST + 2L);
            driver.advanceWallClockTime(closeAll);

            TestOutputTopic<byte[], byte[]> deadOut = driver.createOutputTopic(
                    topics.deadLetters().name(),
                    Serdes.ByteArray().deserializer(),
                    Serdes.ByteArray().deserializer());
            for (TestRecord<byte[], byte[]> r : deadOut.readRecordsToList()) {
                String reason = header(r, "dlq.reason");
                Line line = byOffset.get(header(r, "dlq.source.topic"))
                        .get(Integer.parseInt(header(r, "dlq.source.offset")));
                writeDeadLetter(dead, reason, header(r, "dlq.detail"), line);
                deadByReason.merge(reason, 1L, Long::sum);
            }
            indicators = writeFinals(driver, topics, outputDir.resolve("county-indicators.jsonl"));
            alerts = writeAlerts(driver, topics, outputDir.resolve("alerts.jsonl"));
            regions = writeRegions(driver, topics, outputDir.resolve("region-indicators.jsonl"));
        } finally {
            Directories.deleteQuietly(stateDir);
        }
    }

    private long readLines(int fileIndex, String input, Path file, List<Line> into) throws IOException {
        long number = 0;
        try (Stream<String> stream = Files.lines(file, StandardCharsets.UTF_8)) {
            for (String text : (Iterable<String>) stream::iterator) {
                number++;
                if (text.isBlank()) {
                    continue;
                }
                try {
                    SpecificRecord record = AvroJson.parse(
                            text, EventType.byInput(input).orElseThrow().recordClass());
                    long occurred = ((Instant) record.get(
                                    record.getSchema().getField("occurredAt").pos()))
                            .toEpochMilli();
                    Instant reported = (Instant)
                            record.get(record.getSchema().getField("reportedAt").pos());
                    into.add(new Line(
                            fileIndex,
                            number,
                            input,
                            text,
                            record,
                            null,
                            reported == null ? occurred : reported.toEpochMilli(),
                            occurred));
                } catch (IllegalArgumentException e) {
                    // unparsable lines sort first, in file order
                    into.add(new Line(
                            fileIndex, number, input, text, null, e.getMessage(), Long.MIN_VALUE, Long.MIN_VALUE));
                }
            }
        }
        return number;
    }

    private static String countyCode(SpecificRecord record) {
        return (String) record.get(record.getSchema().getField("countyCode").pos());
    }

    private static long writeFinals(TopologyTestDriver driver, Topics topics, Path file) throws IOException {
        Topic<String, CountyIndicators> topic = topics.countyIndicators();
        TestOutputTopic<String, CountyIndicators> out = driver.createOutputTopic(
                topic.name(),
                topic.keySerde().deserializer(),
                topic.valueSerde().deserializer());
        long n = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (TestRecord<String, CountyIndicators> r : out.readRecordsToList()) {
                if (r.value().getFinal$()) {
                    w.write(AvroJson.format(r.value()));
                    w.newLine();
                    n++;
                }
            }
        }
        return n;
    }

    /** The settled value of every region window (the last one published), sorted by key. */
    private static long writeRegions(TopologyTestDriver driver, Topics topics, Path file) throws IOException {
        Topic<String, RegionIndicators> topic = topics.regionIndicators();
        TestOutputTopic<String, RegionIndicators> out = driver.createOutputTopic(
                topic.name(),
                topic.keySerde().deserializer(),
                topic.valueSerde().deserializer());
        Map<String, RegionIndicators> latest = new TreeMap<>(out.readKeyValuesToMap());
        latest.values().removeIf(java.util.Objects::isNull);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (RegionIndicators r : latest.values()) {
                w.write(AvroJson.format(r));
                w.newLine();
            }
        }
        return latest.size();
    }

    /** Every alert state change, in the order published. */
    private static Map<String, Long> writeAlerts(TopologyTestDriver driver, Topics topics, Path file)
            throws IOException {
        Topic<String, Alert> topic = topics.alerts();
        TestOutputTopic<String, Alert> out = driver.createOutputTopic(
                topic.name(),
                topic.keySerde().deserializer(),
                topic.valueSerde().deserializer());
        Map<String, Long> counts = new TreeMap<>();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Alert a : out.readValuesToList()) {
                w.write(AvroJson.format(a));
                w.newLine();
                counts.merge(a.getRule() + " " + a.getStatus(), 1L, Long::sum);
            }
        }
        return counts;
    }

    private void writeDeadLetter(BufferedWriter w, String reason, String detail, Line line) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("reason", reason);
        node.put("detail", detail);
        node.put("topic", config.topic(line.input()));
        node.put("file", line.input() + ".jsonl");
        node.put("line", line.number());
        node.put("record", line.text());
        w.write(JSON.writeValueAsString(node));
        w.newLine();
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
