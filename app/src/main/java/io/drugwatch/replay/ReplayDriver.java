package io.drugwatch.replay;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.LogContext;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.internals.StreamsConfigUtils;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.internals.ClientUtils;
import org.apache.kafka.streams.processor.internals.GlobalProcessorContextImpl;
import org.apache.kafka.streams.processor.internals.GlobalStateManagerImpl;
import org.apache.kafka.streams.processor.internals.GlobalStateUpdateTask;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.InternalTopologyBuilder;
import org.apache.kafka.streams.processor.internals.ProcessorContextImpl;
import org.apache.kafka.streams.processor.internals.ProcessorStateManager;
import org.apache.kafka.streams.processor.internals.ProcessorTopology;
import org.apache.kafka.streams.processor.internals.RecordCollector;
import org.apache.kafka.streams.processor.internals.RecordCollectorImpl;
import org.apache.kafka.streams.processor.internals.StateDirectory;
import org.apache.kafka.streams.processor.internals.StoreFactory;
import org.apache.kafka.streams.processor.internals.StreamTask;
import org.apache.kafka.streams.processor.internals.StreamsProducer;
import org.apache.kafka.streams.processor.internals.Task;
import org.apache.kafka.streams.processor.internals.metrics.StreamsMetricsImpl;
import org.apache.kafka.streams.processor.internals.metrics.TaskMetrics;
import org.apache.kafka.streams.state.internals.ThreadCache;

/**
 * Runs a topology in this thread, record by record, the way Kafka Streams' {@code TopologyTestDriver}
 * does (one task owning partition 0 of every topic, internal and looped-back topics fed back in, a
 * mocked wall clock), built from the same Kafka Streams classes: {@link StreamTask}, its state manager,
 * caches and record collector. What differs is what a long replay cannot afford:
 *
 * <ul>
 *   <li>The task commits when {@link #commit()} is called, not after every record: the test driver's
 *       commit after each record costs a RocksDB write batch or a checkpoint file per store each time.
 *       A commit flushes the store caches, which forwards what cached tables hold; between commits the
 *       caches behave as in a running application and forward on eviction, in their own deterministic
 *       order. Whether a table's update is forwarded at once or later does not change a sum it feeds,
 *       nor the order in which the sum takes its parts (ReplayEquivalenceTest).</li>
 *   <li>Stores have no changelog: nothing restores from one in a replay.</li>
 *   <li>Output records are handed to a listener as they are produced and then forgotten; the test
 *       driver keeps every output and internal record until read.</li>
 *   <li>Source topics are looked up in a map (the test driver compiles a regular expression per source
 *       topic for every record).</li>
 *   <li>A topic the topology reads can be left to another driver ({@code notFedBack}): Kafka Streams
 *       runs the sub-topology behind such a topic as tasks of its own, connected only by the topic.</li>
 * </ul>
 *
 * <p>The order in which records are processed is the test driver's: each piped record, and all the
 * records it causes on internal and looped-back topics, are processed before the call returns, and
 * the task picks among buffered partitions by timestamp. Nothing depends on threads or real time, so
 * the same input always gives the same output.
 *
 * <p>It uses Kafka Streams internals ({@code org.apache.kafka.streams.processor.internals}), as the test
 * driver does; it is written against Kafka {@value #WRITTEN_FOR} and checked by the replay tests.
 */
final class ReplayDriver implements AutoCloseable {

    static final String WRITTEN_FOR = "4.3";
    private static final int PARTITION = 0;
    private static final TaskId TASK_ID = new TaskId(0, PARTITION);

    /** Receives every record the topology produces, in the order produced. */
    interface OutputListener {
        void onOutput(String topic, byte[] key, byte[] value, long timestamp, Headers headers);
    }

    private final ManualTime time;
    private final OutputListener listener;
    private final Metrics metrics;
    private final StateDirectory stateDirectory;
    private final MockConsumer<byte[], byte[]> consumer;
    private final CapturingProducer producer;
    private final Map<String, TopicPartition> sourcePartitions = new HashMap<>();
    private final Map<String, long[]> nextOffsets = new HashMap<>();
    private final GlobalStateUpdateTask globalTask;
    private final TopicPartition globalPartition;
    private final String globalTopic;
    private final Set<String> changelogTopics;
    private final Set<String> notFedBack;
    private final StreamTask task;

    /**
     * @param notFedBack topics the topology reads but whose records it produces here are only handed to
     *     the listener, not fed back: another driver runs the part of the topology that reads them
     * @param uncached stores to run without a cache even if the topology gives them one
     */
    ReplayDriver(
            Topology topology,
            Properties config,
            long wallClockMs,
            Set<String> notFedBack,
            Set<String> uncached,
            OutputListener listener) {
        this.listener = listener;
        this.notFedBack = Set.copyOf(notFedBack);
        Properties props = new Properties();
        props.putAll(config);
        props.putIfAbsent(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "replay:0");
        props.putIfAbsent(
                StreamsConfig.APPLICATION_ID_CONFIG,
                "replay-" + ThreadLocalRandom.current().nextInt());
        StreamsConfig streamsConfig = new ClientUtils.QuietStreamsConfig(props);
        LogContext logContext = new LogContext("replay ");
        time = new ManualTime(wallClockMs);

        metrics = new Metrics(
                new MetricConfig()
                        .samples(streamsConfig.getInt(StreamsConfig.METRICS_NUM_SAMPLES_CONFIG))
                        .recordLevel(Sensor.RecordingLevel.forName(
                                streamsConfig.getString(StreamsConfig.METRICS_RECORDING_LEVEL_CONFIG))),
                time);
        StreamsMetricsImpl streamsMetrics = new StreamsMetricsImpl(metrics, "replay", time);
        TaskMetrics.droppedRecordsSensor(Thread.currentThread().getName(), TASK_ID.toString(), streamsMetrics);

        InternalTopologyBuilder builder = internalBuilder(topology);
        // Nothing reads a changelog in a replay (there is no restore), and writing one costs a record per
        // store write; the stores themselves are the same.
        for (Map.Entry<String, StoreFactory> store : builder.stateStores().entrySet()) {
            store.getValue().withLoggingDisabled();
            if (uncached.contains(store.getKey())) {
                store.getValue().withCachingDisabled();
            }
        }
        builder.rewriteTopology(streamsConfig);
        ProcessorTopology processorTopology = builder.buildTopology();
        ProcessorTopology globalTopology = builder.buildGlobalStateTopology();
        for (String topic : processorTopology.sourceTopics()) {
            sourcePartitions.put(topic, new TopicPartition(topic, PARTITION));
            nextOffsets.put(topic, new long[1]);
        }
        changelogTopics =
                new HashSet<>(processorTopology.storeToChangelogTopic().values());
        changelogTopics.removeAll(sourcePartitions.keySet());
        stateDirectory = new StateDirectory(streamsConfig, time, builder.hasPersistentStores(), false);

        ThreadCache cache = new ThreadCache(
                logContext,
                Math.max(0, streamsConfig.getLong(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG)),
                streamsMetrics);
        consumer = new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name());
        producer = new CapturingProducer();
        StreamsProducer streamsProducer =
                new StreamsProducer(producer, StreamsConfigUtils.processingMode(streamsConfig), time, logContext);

        if (globalTopology != null) {
            if (globalTopology.sourceTopics().size() != 1) {
                throw new IllegalArgumentException(
                        "replay supports one global topic, not " + globalTopology.sourceTopics());
            }
            globalTopic = globalTopology.sourceTopics().iterator().next();
            globalPartition = new TopicPartition(globalTopic, 0);
            nextOffsets.put(globalTopic, new long[1]);
            MockConsumer<byte[], byte[]> globalConsumer = new MockConsumer<>(AutoOffsetResetStrategy.NONE.name());
            globalConsumer.updatePartitions(globalTopic, List.of(new PartitionInfo(globalTopic, 0, null, null, null)));
            globalConsumer.updateBeginningOffsets(Map.of(globalPartition, 0L));
            globalConsumer.updateEndOffsets(Map.of(globalPartition, 0L));
            GlobalStateManagerImpl globalStateManager = new GlobalStateManagerImpl(
                    logContext,
                    time,
                    globalTopology,
                    globalConsumer,
                    stateDirectory,
                    NO_RESTORE_LISTENER,
                    streamsConfig);
            GlobalProcessorContextImpl globalContext =
                    new GlobalProcessorContextImpl(streamsConfig, globalStateManager, streamsMetrics, cache, time);
            globalStateManager.setGlobalProcessorContext(globalContext);
            @SuppressWarnings("deprecation")
            boolean globalHandler =
                    streamsConfig.getBoolean(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG);
            globalTask = new GlobalStateUpdateTask(
                    logContext,
                    globalTopology,
                    globalContext,
                    globalStateManager,
                    new LogAndContinueExceptionHandler(),
                    globalHandler ? streamsConfig.processingExceptionHandler() : null,
                    time,
                    streamsConfig.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
            globalTask.initialize();
        } else {
            globalTask = null;
            globalPartition = null;
            globalTopic = null;
        }

        consumer.assign(sourcePartitions.values());
        Map<TopicPartition, Long> start = new HashMap<>();
        sourcePartitions.values().forEach(tp -> start.put(tp, 0L));
        consumer.updateBeginningOffsets(start);
        ProcessorStateManager stateManager = new ProcessorStateManager(
                TASK_ID,
                Task.TaskType.ACTIVE,
                StreamsConfig.EXACTLY_ONCE_V2.equals(
                        streamsConfig.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)),
                logContext,
                stateDirectory,
                processorTopology.storeToChangelogTopic(),
                new HashSet<>(sourcePartitions.values()));
        RecordCollector collector = new RecordCollectorImpl(
                logContext,
                TASK_ID,
                streamsProducer,
                streamsConfig.productionExceptionHandler(),
                streamsMetrics,
                processorTopology);
        InternalProcessorContext<?, ?> context =
                new ProcessorContextImpl(TASK_ID, streamsConfig, stateManager, streamsMetrics, cache);
        task = new StreamTask(
                TASK_ID,
                new HashSet<>(sourcePartitions.values()),
                processorTopology,
                consumer,
                builder.topologyConfigs().getTaskConfig(),
                streamsMetrics,
                stateDirectory,
                cache,
                time,
                stateManager,
                collector,
                context,
                logContext,
                false);
        task.initializeIfNeeded();
        task.completeRestoration(noOffsetReset -> {});
        for (TopicPartition tp : task.inputPartitions()) {
            task.updateNextOffsets(tp, new OffsetAndMetadata(0, Optional.empty(), ""));
        }
    }

    private static InternalTopologyBuilder internalBuilder(Topology topology) {
        try {
            Field f = Topology.class.getDeclaredField("internalTopologyBuilder");
            f.setAccessible(true);
            return (InternalTopologyBuilder) f.get(topology);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "this Kafka Streams version is not supported by replay (written for " + WRITTEN_FOR + ")", e);
        }
    }

    /**
     * Feeds one record to the topology and processes it and everything it causes.
     *
     * @return the offset it was given in its topic
     */
    long pipe(String topic, byte[] key, byte[] value, long timestamp, Headers headers) {
        TopicPartition tp = sourcePartitions.get(topic);
        if (tp != null) {
            long offset = enqueue(topic, tp, key, value, timestamp, headers);
            processAll();
            return offset;
        }
        if (topic.equals(globalTopic)) {
            long offset = nextOffsets.get(topic)[0]++;
            updateGlobal(key, value, timestamp, headers, offset);
            return offset;
        }
        throw new IllegalArgumentException("not a source topic of the topology: " + topic);
    }

    private long enqueue(String topic, TopicPartition tp, byte[] key, byte[] value, long timestamp, Headers headers) {
        long offset = nextOffsets.get(topic)[0]++;
        task.addRecords(tp, Collections.singleton(record(topic, PARTITION, offset, key, value, timestamp, headers)));
        return offset;
    }

    /** A record as a consumer would have fetched it, with its sizes filled in as Kafka's are. */
    private static ConsumerRecord<byte[], byte[]> record(
            String topic, int partition, long offset, byte[] key, byte[] value, long timestamp, Headers headers) {
        return new ConsumerRecord<>(
                topic,
                partition,
                offset,
                timestamp,
                TimestampType.CREATE_TIME,
                key == null ? ConsumerRecord.NULL_SIZE : key.length,
                value == null ? ConsumerRecord.NULL_SIZE : value.length,
                key,
                value,
                headers,
                Optional.empty());
    }

    private void updateGlobal(byte[] key, byte[] value, long timestamp, Headers headers, long offset) {
        globalTask.update(record(globalTopic, 0, offset, key, value, timestamp, headers));
        globalTask.flushState();
    }

    /**
     * Processes every buffered record and what it causes, as the test driver does after each piped record.
     *
     * @return whether any record was processed
     */
    private boolean processAll() {
        deliverOutputs();
        task.resumePollingForPartitionsWithAvailableSpace();
        task.updateLags();
        long now = time.milliseconds();
        boolean processed = false;
        while (task.hasRecordsQueued() && task.isProcessable(now)) {
            processed |= task.process(now);
            task.maybePunctuateStreamTime();
            deliverOutputs();
        }
        if (task.hasRecordsQueued()) {
            throw new IllegalStateException("replay: the task did not process every buffered record");
        }
        return processed;
    }

    /** Hands captured records to the listener and feeds back those on source and global topics. */
    private void deliverOutputs() {
        while (!producer.captured.isEmpty()) {
            List<ProducerRecord<byte[], byte[]>> batch = producer.drain();
            for (ProducerRecord<byte[], byte[]> r : batch) {
                String topic = r.topic();
                TopicPartition tp = sourcePartitions.get(topic);
                if (tp != null && !notFedBack.contains(topic)) {
                    enqueue(topic, tp, r.key(), r.value(), r.timestamp(), r.headers());
                }
                if (topic.equals(globalTopic)) {
                    updateGlobal(
                            r.key(),
                            r.value(),
                            r.timestamp(),
                            r.headers(),
                            nextOffsets.get(topic)[0]++);
                }
                listener.onOutput(topic, r.key(), r.value(), r.timestamp(), r.headers());
            }
        }
    }

    /**
     * Flushes the caches, forwarding what they hold, and checkpoints the stores; then processes what that
     * caused, and so on until the caches hold nothing left to forward.
     */
    void commit() {
        do {
            Map<TopicPartition, OffsetAndMetadata> offsets = task.prepareCommit(true);
            consumer.commitSync(offsets);
            task.postCommit(true);
        } while (processAll());
    }

    /** Moves the mocked wall clock on, firing due wall-clock punctuations, and commits. */
    void advanceWallClock(long millis) {
        time.sleep(millis);
        task.maybePunctuateSystemTime();
        commit();
    }

    @Override
    public void close() {
        try {
            task.suspend();
            task.prepareCommit(true);
            task.postCommit(true);
            task.closeClean();
            if (globalTask != null) {
                globalTask.close(false);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            producer.close();
            consumer.close();
            stateDirectory.clean();
            metrics.close();
        }
    }

    private static final StateRestoreListener NO_RESTORE_LISTENER = new StateRestoreListener() {
        @Override
        public void onRestoreStart(TopicPartition tp, String store, long start, long end) {}

        @Override
        public void onBatchRestored(TopicPartition tp, String store, long batchEnd, long restored) {}

        @Override
        public void onRestoreEnd(TopicPartition tp, String store, long total) {}
    };

    /** Keeps what is sent until drained, completing each send at once; changelog records are not kept. */
    private final class CapturingProducer extends MockProducer<byte[], byte[]> {
        private List<ProducerRecord<byte[], byte[]>> captured = new ArrayList<>();
        private final Map<String, long[]> offsets = new HashMap<>();

        CapturingProducer() {
            super(Cluster.empty(), true, null, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
            long offset = offsets.computeIfAbsent(record.topic(), t -> new long[1])[0]++;
            RecordMetadata metadata = new RecordMetadata(
                    new TopicPartition(record.topic(), PARTITION),
                    offset,
                    0,
                    record.timestamp() == null ? time.milliseconds() : record.timestamp(),
                    record.key() == null ? -1 : record.key().length,
                    record.value() == null ? -1 : record.value().length);
            if (!changelogTopics.contains(record.topic())) {
                captured.add(record);
            }
            if (callback != null) {
                callback.onCompletion(metadata, null);
            }
            return CompletableFuture.completedFuture(metadata);
        }

        @Override
        public List<PartitionInfo> partitionsFor(String topic) {
            return List.of(new PartitionInfo(topic, PARTITION, null, null, null));
        }

        List<ProducerRecord<byte[], byte[]>> drain() {
            List<ProducerRecord<byte[], byte[]>> out = captured;
            captured = new ArrayList<>();
            return out;
        }
    }

    /** A wall clock that moves only when told to. */
    private static final class ManualTime implements Time {
        private long ms;
        private final long nanoBase = 0;

        ManualTime(long ms) {
            this.ms = ms;
        }

        @Override
        public long milliseconds() {
            return ms;
        }

        @Override
        public long nanoseconds() {
            return ms * 1_000_000L + nanoBase;
        }

        @Override
        public void sleep(long millis) {
            ms += millis;
        }

        @Override
        public void waitObject(Object obj, Supplier<Boolean> condition, long timeoutMs) {
            throw new UnsupportedOperationException();
        }
    }
}
