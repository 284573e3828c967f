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
import io.drugwatch.reference.CountyReference;
import io.drugwatch.runtime.Directories;
import io.drugwatch.serde.SchemaRegistryClient;
import io.drugwatch.serde.SchemaRegistryClients;
import io.drugwatch.topics.Topic;
import io.drugwatch.topics.Topics;
import io.drugwatch.topology.GlobalDeadLetters;
import io.drugwatch.topology.IndicatorsTopology;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Runs the production topology over JSONL files, in-process and deterministically, and writes every
 * output topic as JSONL. The lines of counties.jsonl enter first, each as a record of the counties
 * topic, so the topology judges them as it judges that topic. Records enter in order of reportedAt,
 * then occurredAt, then input file and line, each with its reportedAt as Kafka timestamp, so lateness
 * and validation behave as in a live run; at the end stream time moves past every open window so
 * that all of them close. Outputs: county-indicators.jsonl (final windows), region-indicators.jsonl
 * (the settled value of every prefecture and province window), alerts.jsonl (every alert state
 * change) and dead-letters.jsonl.
 *
 * <p>It is built to replay years of national history in bounded memory (docs/performance.md, Replay):
 * <ul>
 *   <li>the files are read, parsed and put in order as they are fed, in a thread of their own
 *       ({@link SortedInput});</li>
 *   <li>the topology runs in a {@link ReplayDriver}, which processes each record like Kafka's
 *       {@code TopologyTestDriver} but commits every {@value #COMMIT_EVERY} records, not after each;
 *       its stores live on the heap ({@value DrugwatchConfig#STATE_STORES}=in-memory) without caches
 *       or changelogs, which a replay has no use for;</li>
 *   <li>the region roll-ups, the part of the topology that reads county-indicators back, run in a
 *       second driver and thread ({@link Rollup}), and keep only the windows that can still change
 *       ({@link RecentWindowsStore});</li>
 *   <li>outputs are written as they are produced.</li>
 * </ul>
 * None of this changes what the topology computes or in which order: the outputs are the same as those
 * of one {@code TopologyTestDriver} fed record by record, byte for byte.
 */
public final class Replay {

    /** The input files' names without {@code .jsonl}, in the order that breaks ties between equal timestamps. */
    public static final List<String> INPUTS = EventType.inputs();

    /** The reference data's input: counties.jsonl, fed to the counties topic before the events. */
    static final String COUNTIES = "counties";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long WALL_CLOCK = 0L;
    private static final int PROGRESS_EVERY = 1_000_000;
    /**
     * Records between commits. A commit flushes the stores and checkpoints them; without caches or
     * changelogs it has nothing to do for the outputs, and they do not depend on how often it happens.
     */
    static final int COMMIT_EVERY = 10_000;
    /** Lines each input file is sorted through while read; beyond that, the input is sorted on disk. */
    static final int REORDER_DEPTH = 16_384;

    private static final int SORT_RUN_LINES = 500_000;
    /** Region windows kept in memory before the latest values are set aside on disk. */
    private static final long REGION_MEMORY_BYTES = 64L << 20;
    /**
     * The roll-ups' store cache: a region window takes the windows of all its counties in a row, and the
     * cache publishes the region once for them, not once per county. The county windows' table is not
     * cached: each of its keys is written once.
     */
    private static final long ROLLUP_CACHE_BYTES = 64L << 20;

    private static final int BATCH = 256;

    private final DrugwatchConfig config;
    private final Consumer<String> progress;
    private final int reorderDepth;

    /**
     * @param progress receives a line now and then on long replays, and one with the timings at the end
     *     (stderr in the CLI)
     */
    public Replay(DrugwatchConfig config, Consumer<String> progress) {
        this(config, progress, REORDER_DEPTH);
    }

    /** With another reorder depth (tests: a small one makes the input out of order sooner). */
    Replay(DrugwatchConfig config, Consumer<String> progress, int reorderDepth) {
        // The driver's clock stands still while records are fed, so idle advance cannot fire before the
        // end; at the end it is what closes the remaining windows. The stores live on the heap: state is
        // thrown away at the end, and RocksDB costs more per access than the processors that use it. No
        // caches: with no changelogs to spare there is nothing for them to save (a range over a cached
        // store also copies the cached keys each time).
        this.config = config.with(Map.of(
                DrugwatchConfig.IDLE_ADVANCE_AFTER,
                "PT1S",
                DrugwatchConfig.REGISTRY_URL,
                "mock://replay-" + UUID.randomUUID(),
                DrugwatchConfig.STATE_STORES,
                "in-memory",
                StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG,
                "0"));
        this.progress = progress;
        this.reorderDepth = reorderDepth;
    }

    /**
     * @param alerts alert records written, by rule and status (e.g. {@code LARGE_SEIZURE OPEN})
     */
    public record Summary(
            Map<String, Long> read,
            long indicators,
            long regions,
            Map<String, Long> deadLetters,
            Map<String, Long> alerts,
            Timing timing) {}

    /**
     * How long the replay took: records fed to the topology, wall-clock seconds, and CPU seconds of the
     * thread that runs the topology, the one that reads the input, and the one that runs the roll-ups.
     */
    public record Timing(
            long records, double seconds, double topologyCpuSeconds, double inputCpuSeconds, double rollupCpuSeconds) {

        public String describe() {
            return String.format(
                    Locale.ROOT,
                    "replayed %,d records in %.1f s (%,.0f records/s); CPU: topology"
                            + " %.1f s, input %.1f s, roll-ups %.1f s",
                    records,
                    seconds,
                    records / Math.max(seconds, 1e-9),
                    topologyCpuSeconds,
                    inputCpuSeconds,
                    rollupCpuSeconds);
        }
    }

    public Summary run(Path inputDir, Path outputDir) throws IOException {
        if (!Files.isDirectory(inputDir)) {
            throw new IllegalArgumentException("input directory not found: " + inputDir);
        }
        Files.createDirectories(outputDir);
        Path countiesFile = inputDir.resolve(COUNTIES + ".jsonl");
        List<ReferenceLine> counties = Files.exists(countiesFile)
                ? ReferenceLine.read(countiesFile)
                : ReferenceLine.of(CountyReference.bundled());
        List<Path> files = new ArrayList<>();
        for (String input : INPUTS) {
            Path file = inputDir.resolve(input + ".jsonl");
            files.add(Files.exists(file) ? file : null);
        }
        Path work = Files.createTempDirectory("drugwatch-replay");
        try {
            try {
                return attempt(counties, countiesFile, files, outputDir, work, false);
            } catch (SortedInput.OutOfOrderException e) {
                progress.accept("the input is out of order (" + e.getMessage() + "): sorting it on disk and"
                        + " starting over");
                return attempt(counties, countiesFile, files, outputDir, work, true);
            }
        } finally {
            Directories.deleteQuietly(work);
        }
    }

    private Summary attempt(
            List<ReferenceLine> counties,
            Path countiesFile,
            List<Path> files,
            Path outputDir,
            Path parent,
            boolean sortOnDisk)
            throws IOException {
        long started = System.nanoTime();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStarted = threads.getCurrentThreadCpuTime();
        Path work = Files.createTempDirectory(parent, "attempt");
        Properties props = new Properties();
        props.putAll(config.kafkaProperties());
        props.put(StreamsConfig.STATE_DIR_CONFIG, work.resolve("state").toString());
        // one task in this thread, no broker: nothing for transactions to protect
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        // The driver feeds one record at a time and processes all it causes before the next, so the task
        // never has a partition to wait for; Kafka's check for one formats log messages it never logs.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, Long.toString(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
        props.put(StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG, ReplayDslStoreSuppliers.class.getName());
        // a day closes at most the grace plus a day after it ends; the widest window adds a safe margin
        props.put(
                ReplayDslStoreSuppliers.HORIZON_DAYS,
                Long.toString(config.grace().toDays() + 2 + WindowSizes.WIDEST));
        SchemaRegistryClient registry = new SchemaRegistryClients().forUrl(config.registryUrl());
        Topics topics = Topics.create(config, registry);
        // serializers of their own for the input thread
        LineParser parser = new LineParser(Topics.create(config, registry));

        Properties rollupProps = new Properties();
        rollupProps.putAll(props);
        rollupProps.put(
                StreamsConfig.STATE_DIR_CONFIG, work.resolve("state-rollup").toString());
        rollupProps.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, Long.toString(ROLLUP_CACHE_BYTES));
        DrugwatchConfig rollupConfig =
                config.with(Map.of(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, Long.toString(ROLLUP_CACHE_BYTES)));
        String countyIndicators = topics.countyIndicators().name();
        try (LatestByKey regions = new LatestByKey(work, REGION_MEMORY_BYTES);
                Rollup rollup = new Rollup(
                        IndicatorsTopology.build(rollupConfig, topics),
                        rollupProps,
                        topics,
                        writer(outputDir.resolve("county-indicators.jsonl")),
                        outputDir.resolve("region-indicators.jsonl"),
                        regions);
                Outputs out = new Outputs(topics, outputDir, work, rollup);
                ReplayDriver driver = new ReplayDriver(
                        IndicatorsTopology.build(config, topics),
                        withGlobalDeadLetters(props, out),
                        WALL_CLOCK,
                        Set.of(countyIndicators),
                        Set.of(),
                        out)) {
            // judged by the topology like records on the counties topic; offsets count the lines piped
            Topic<String, County> countyTopic = topics.counties();
            long countyOffset = 0;
            for (ReferenceLine line : counties) {
                if (line.county() == null) {
                    out.invalidCounty(line);
                    continue;
                }
                County c = line.county();
                out.currentCounty(line, countyTopic.name(), countyOffset++);
                driver.pipe(
                        countyTopic.name(),
                        countyTopic.keySerde().serializer().serialize(countyTopic.name(), c.getCode()),
                        countyTopic.valueSerde().serializer().serialize(countyTopic.name(), c),
                        0L,
                        new RecordHeaders());
            }
            out.current(null, null, -1);
            long[] linesRead;
            long fed = 0;
            double inputCpu;
            try (InputPump pump = new InputPump(
                    sortOnDisk
                            ? SortedInput.sortedOnDisk(files, SORT_RUN_LINES, work, parser, out::invalid)
                            : SortedInput.streamed(files, reorderDepth, parser, out::invalid))) {
                long[] offsets = new long[INPUTS.size()];
                List<InputLine> batch;
                while (!(batch = pump.take()).isEmpty()) {
                    for (InputLine line : batch) {
                        out.current(line, parser.topic(line.file()), offsets[line.file()]++);
                        driver.pipe(
                                parser.topic(line.file()),
                                line.key(),
                                line.value(),
                                line.reportedAt(),
                                new RecordHeaders());
                        if (++fed % COMMIT_EVERY == 0) {
                            out.current(null, null, -1);
                            driver.commit();
                        }
                        if (fed % PROGRESS_EVERY == 0) {
                            progress.accept(String.format(
                                    Locale.ROOT,
                                    "replayed %,d records, %.0f%% of the input read",
                                    fed,
                                    100 * pump.fractionRead()));
                        }
                    }
                }
                linesRead = pump.linesRead();
                inputCpu = pump.cpuNanos() / 1e9;
            }
            out.current(null, null, -1);
            Duration closeAll = config.grace().plusDays(WindowSizes.WIDEST + 2L);
            driver.advanceWallClock(closeAll.toMillis());
            out.ignoreFurtherOutput();
            rollup.finish();

            Map<String, Long> read = new LinkedHashMap<>();
            if (Files.exists(countiesFile)) {
                read.put(countiesFile.getFileName().toString(), (long) counties.size());
            }
            for (int f = 0; f < INPUTS.size(); f++) {
                if (files.get(f) != null) {
                    read.put(INPUTS.get(f) + ".jsonl", linesRead[f]);
                }
            }
            Timing timing = new Timing(
                    fed,
                    (System.nanoTime() - started) / 1e9,
                    (threads.getCurrentThreadCpuTime() - cpuStarted) / 1e9,
                    inputCpu,
                    rollup.cpuNanos() / 1e9);
            Summary summary = out.finish(read, rollup.finals(), rollup.regions(), timing);
            progress.accept(timing.describe());
            return summary;
        } finally {
            Directories.deleteQuietly(work);
        }
    }

    /** The driver's settings, with where the global counties processor sends its dead letters. */
    private static Properties withGlobalDeadLetters(Properties props, GlobalDeadLetters deadLetters) {
        Properties with = new Properties();
        with.putAll(props);
        with.put(GlobalDeadLetters.CONFIG, deadLetters);
        return with;
    }

    /** Reads, parses and orders the input in a thread of its own, handing it over in batches. */
    private static final class InputPump implements AutoCloseable {
        private static final List<InputLine> END = List.of();
        private final SortedInput input;
        private final BlockingQueue<List<InputLine>> queue = new ArrayBlockingQueue<>(64);
        private final Thread thread;
        private volatile Throwable failure;
        private volatile long[] linesRead;
        private volatile long cpuNanos;

        InputPump(SortedInput input) {
            this.input = input;
            this.thread = new Thread(this::pump, "replay-input");
            thread.setDaemon(true);
            thread.start();
        }

        private void pump() {
            try {
                List<InputLine> batch = new ArrayList<>(BATCH);
                InputLine line;
                while ((line = input.next()) != null) {
                    batch.add(line);
                    if (batch.size() == BATCH) {
                        queue.put(batch);
                        batch = new ArrayList<>(BATCH);
                    }
                }
                if (!batch.isEmpty()) {
                    queue.put(batch);
                }
                linesRead = input.linesRead();
                cpuNanos = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                failure = t;
            }
            try {
                queue.put(END);
            } catch (InterruptedException e) {
                // closing
            }
        }

        /** The next batch; empty at the end. */
        List<InputLine> take() throws IOException {
            List<InputLine> batch;
            try {
                batch = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            if (batch == END) {
                queue.add(END);
                WorkerFailures.rethrow(failure);
            }
            return batch;
        }

        long[] linesRead() {
            return linesRead;
        }

        /** CPU time of the input thread, once it has read everything. */
        long cpuNanos() {
            return cpuNanos;
        }

        double fractionRead() {
            return input.fractionRead();
        }

        @Override
        public void close() throws IOException {
            thread.interrupt();
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            input.close();
        }
    }

    /** Writes the output files as the topology produces them. */
    private final class Outputs implements ReplayDriver.OutputListener, GlobalDeadLetters, AutoCloseable {
        private final Path outputDir;
        private final Path work;
        private final String countyTopic;
        private final String alertTopic;
        private final String deadTopic;
        private final Deserializer<Alert> alertValues;
        private final Rollup rollup;
        private final BufferedWriter alerts;
        /** Dead letters of the topology; written after the invalid lines, which are only known at the end. */
        private final Path topologyDeadFile;

        private final BufferedWriter topologyDead;
        /** Dead letters of counties.jsonl, in line order: they come first, as the counties are fed first. */
        private final Path countiesDeadFile;

        private final BufferedWriter countiesDead;
        private final Path[] invalidFiles = new Path[INPUTS.size()];
        private final BufferedWriter[] invalid = new BufferedWriter[INPUTS.size()];
        private final Map<String, Long> deadByReason = new TreeMap<>();
        private final Map<String, Long> alertCounts = new TreeMap<>();
        private volatile long invalidCount;
        private boolean ignoring;
        /** The input (as in {@link #INPUTS}, or counties) of the line being fed, or null. */
        private String currentInput;

        private long currentNumber;
        private String currentText;
        private String currentTopic;
        private long currentOffset;

        Outputs(Topics topics, Path outputDir, Path work, Rollup rollup) throws IOException {
            this.outputDir = outputDir;
            this.work = work;
            this.rollup = rollup;
            countyTopic = topics.countyIndicators().name();
            alertTopic = topics.alerts().name();
            deadTopic = topics.deadLetters().name();
            alertValues = topics.alerts().valueSerde().deserializer();
            alerts = writer(outputDir.resolve("alerts.jsonl"));
            topologyDeadFile = work.resolve("dead-letters.topology");
            topologyDead = writer(topologyDeadFile);
            countiesDeadFile = work.resolve("dead-letters.counties");
            countiesDead = writer(countiesDeadFile);
        }

        /** The line being fed, whose dead letter the topology may produce. */
        void current(InputLine line, String topic, long offset) {
            if (line == null) {
                currentInput = null;
            } else {
                current(INPUTS.get(line.file()), line.number(), line.text(), topic, offset);
            }
        }

        /** The counties.jsonl line being fed. */
        void currentCounty(ReferenceLine line, String topic, long offset) {
            current(COUNTIES, line.number(), line.text(), topic, offset);
        }

        private void current(String input, long number, String text, String topic, long offset) {
            currentInput = input;
            currentNumber = number;
            currentText = text;
            currentTopic = topic;
            currentOffset = offset;
        }

        /** A counties.jsonl line that is not a County record. */
        void invalidCounty(ReferenceLine line) throws IOException {
            writeDeadLetter(
                    countiesDead, RejectReason.INVALID_JSON.name(), line.error(), COUNTIES, line.number(), line.text());
            deadByReason.merge(RejectReason.INVALID_JSON.name(), 1L, Long::sum);
        }

        void ignoreFurtherOutput() {
            ignoring = true;
        }

        /** Called from the input thread, in file order within each file. */
        void invalid(int file, long number, String text, String error) throws IOException {
            if (invalid[file] == null) {
                invalidFiles[file] = work.resolve("dead-letters.invalid-" + file);
                invalid[file] = writer(invalidFiles[file]);
            }
            writeDeadLetter(invalid[file], RejectReason.INVALID_JSON.name(), error, INPUTS.get(file), number, text);
            invalidCount++;
        }

        @Override
        public void onOutput(String topic, byte[] key, byte[] value, long timestamp, Headers headers) {
            if (ignoring) {
                return;
            }
            try {
                if (topic.equals(countyTopic)) {
                    rollup.add(key, value, timestamp, headers);
                } else if (topic.equals(alertTopic)) {
                    Alert a = alertValues.deserialize(topic, value);
                    alerts.write(AvroJson.format(a));
                    alerts.newLine();
                    alertCounts.merge(a.getRule() + " " + a.getStatus(), 1L, Long::sum);
                } else if (topic.equals(deadTopic)) {
                    deadLetter(headers);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** A dead letter of the global counties processor, which has no sink to send it through. */
        @Override
        public void send(ProducerRecord<byte[], byte[]> deadLetter) {
            onOutput(
                    deadLetter.topic(),
                    deadLetter.key(),
                    deadLetter.value(),
                    deadLetter.timestamp(),
                    deadLetter.headers());
        }

        private void deadLetter(Headers headers) throws IOException {
            String reason = header(headers, "dlq.reason");
            String sourceTopic = header(headers, "dlq.source.topic");
            String offset = header(headers, "dlq.source.offset");
            if (currentInput == null
                    || !currentTopic.equals(sourceTopic)
                    || !Long.toString(currentOffset).equals(offset)) {
                throw new IllegalStateException(
                        "a dead letter for " + sourceTopic + " offset " + offset + " while feeding "
                                + (currentInput == null ? "nothing" : currentTopic + " offset " + currentOffset));
            }
            writeDeadLetter(
                    currentInput.equals(COUNTIES) ? countiesDead : topologyDead,
                    reason,
                    header(headers, "dlq.detail"),
                    currentInput,
                    currentNumber,
                    currentText);
            deadByReason.merge(reason, 1L, Long::sum);
        }

        Summary finish(Map<String, Long> read, long indicators, long regionCount, Timing timing) throws IOException {
            alerts.close();
            topologyDead.close();
            countiesDead.close();
            // counties.jsonl's first, in line order; then the unparsable lines of the inputs, in file order;
            // then the topology's dead letters of the inputs in the order produced
            try (OutputStream dead = Files.newOutputStream(outputDir.resolve("dead-letters.jsonl"))) {
                copy(countiesDeadFile, dead);
                for (int f = 0; f < invalid.length; f++) {
                    if (invalid[f] != null) {
                        invalid[f].close();
                        invalid[f] = null;
                        copy(invalidFiles[f], dead);
                    }
                }
                copy(topologyDeadFile, dead);
            }
            if (invalidCount > 0) {
                deadByReason.merge(RejectReason.INVALID_JSON.name(), invalidCount, Long::sum);
            }
            return new Summary(read, indicators, regionCount, deadByReason, alertCounts, timing);
        }

        @Override
        public void close() throws IOException {
            alerts.close();
            topologyDead.close();
            countiesDead.close();
            for (BufferedWriter w : invalid) {
                if (w != null) {
                    w.close();
                }
            }
        }

        private void writeDeadLetter(
                BufferedWriter w, String reason, String detail, String input, long number, String text)
                throws IOException {
            ObjectNode node = JSON.createObjectNode();
            node.put("reason", reason);
            node.put("detail", detail);
            node.put("topic", config.topic(input));
            node.put("file", input + ".jsonl");
            node.put("line", number);
            node.put("record", text);
            w.write(JSON.writeValueAsString(node));
            w.newLine();
        }
    }

    static BufferedWriter writer(Path file) throws IOException {
        return new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16);
    }

    private static void copy(Path from, OutputStream to) throws IOException {
        try (InputStream in = Files.newInputStream(from, StandardOpenOption.READ)) {
            in.transferTo(to);
        }
    }

    private static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
