package io.drugwatch.topology;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.domain.EventRules;
import io.drugwatch.domain.EventType;
import io.drugwatch.domain.RegionTotals;
import io.drugwatch.domain.WindowCalendar;
import io.drugwatch.model.County;
import io.drugwatch.model.CountyIndicators;
import io.drugwatch.model.RegionIndicators;
import io.drugwatch.model.RegionLevel;
import io.drugwatch.state.DailyPaneSerde;
import io.drugwatch.state.LatestWindowSerde;
import io.drugwatch.state.RegionTotalsSerde;
import io.drugwatch.topics.Topic;
import io.drugwatch.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The pipeline as a pure function of config and topics: four input streams are decoded and
 * validated, then counted into per-county daily panes from which the rolling windows are published
 * and on which the alert rules judge every closed day.
 *
 * <pre>
 * arrests ----------------> arrests-decode ----------------.
 * seizures ---------------> seizures-decode ---------------+--> county-windows --> county-indicators
 *                                                          |        '--> county-latest (store: county-latest-windows)
 * checkpoint-inspections -> checkpoint-inspections-decode -+        |  (stores: county-panes, county-days,
 * wastewater-samples -----> wastewater-samples-decode -----'        |   seen-event-ids, stream-clock)
 *        | (undecodable, invalid)                                   | (LATE)
 *        '--------------------------------------------------------> dead-letters
 *                                                                   | closed days' panes, accepted seizures
 *                                                                   v and wastewater samples
 *                         county-alerts --> alerts, alerts-critical, alerts-warning, alerts-open
 *                         (stores: alert-series, plant-samples, alert-coverage, alert-states, open-alerts,
 *                          alert-history)
 * counties --> counties-update --> counties (global store, read by county-windows and county-alerts)
 *                   | (undecodable, invalid: through GlobalDeadLetters, a global store having no sinks)
 *                   '--> dead-letters
 *
 * county-indicators --> county-windows-table --> prefecture-contributions --> prefecture-regions (repartition) --> prefecture-totals --.
 *                                           '--> province-contributions   --> province-regions (repartition)   --> province-totals ---+--> region-indicators
 * </pre>
 */
public final class IndicatorsTopology {

    public static final String WINDOWS = "county-windows";
    public static final String INDICATORS_SINK = "county-indicators-sink";
    public static final String DEAD_LETTERS_SINK = "dead-letters-sink";
    public static final String ALERTS = "county-alerts";
    public static final String LATEST = "county-latest";

    private IndicatorsTopology() {}

    public static Topology build(DrugwatchConfig config, Topics topics) {
        WindowCalendar calendar = new WindowCalendar(config.timeZone(), config.grace());
        EventRules rules = new EventRules(
                config.countyCodePattern(), config.earliestDate(), config.timeZone(), config.maxFuture());
        int maxRecordBytes = config.maxInputRecordBytes();
        // The topology reads the same Kafka settings as the runtime (a bare builder would judge
        // them by Kafka's defaults, and warn about those).
        // Except the DSL's store suppliers: set here, Kafka Streams would take an instance it never configures;
        // left to the runtime's config, it makes a configured one (and replay can put its own in).
        Properties properties = new Properties();
        properties.putAll(config.kafkaProperties());
        properties.remove(StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG);
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(properties)));
        addRegionRollups(builder, topics);
        // build() alone optimizes nothing, whatever topology.optimization says: the properties must be passed
        // here for the county-windows table to restore from county-indicators instead of a changelog of its own.
        Topology topology = builder.build(properties);
        StoreSuppliers stores = new StoreSuppliers(config);

        String[] decoders = EventType.ALL.stream()
                .map(type -> addInput(topology, type, topics, rules, maxRecordBytes))
                .toArray(String[]::new);

        topology.addProcessor(
                WINDOWS,
                () -> new CountyWindowsProcessor(
                        calendar,
                        config.dedupHorizon(),
                        config.updateInterval(),
                        config.idleAdvanceAfter(),
                        INDICATORS_SINK,
                        LATEST,
                        DEAD_LETTERS_SINK,
                        ALERTS),
                decoders);
        topology.addProcessor(LATEST, () -> new LatestWindowsProcessor(config.indicatorsRetention()), WINDOWS);
        // Cached: a county's open windows change every second, and only the value at commit matters.
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                                stores.keyValue(StoreNames.COUNTY_LATEST),
                                Serdes.String(),
                                new LatestWindowSerde(topics.countyIndicators()))
                        .withCachingEnabled(),
                LATEST);
        CountyAlertsProcessor.AlertSinks alertSinks = new CountyAlertsProcessor.AlertSinks(
                "alerts-sink", "alerts-critical-sink", "alerts-warning-sink", "alerts-open-sink");
        topology.addProcessor(
                ALERTS,
                () -> new CountyAlertsProcessor(
                        calendar, config.alertSettings(), config.openAlertsForgetAfter(), alertSinks),
                WINDOWS);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(stores.keyValue(StoreNames.PANES), Serdes.String(), new DailyPaneSerde())
                        .withCachingEnabled(),
                WINDOWS);
        for (String store : List.of(
                StoreNames.ALERT_SERIES,
                StoreNames.PLANT_SAMPLES,
                StoreNames.ALERT_COVERAGE,
                StoreNames.ALERT_STATES)) {
            topology.addStateStore(
                    Stores.keyValueStoreBuilder(stores.keyValue(store), Serdes.String(), Serdes.ByteArray()), ALERTS);
        }
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                        stores.keyValue(StoreNames.OPEN_ALERTS),
                        Serdes.String(),
                        topics.alertsOpen().valueSerde()),
                ALERTS);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                        stores.keyValue(StoreNames.ALERT_HISTORY),
                        Serdes.String(),
                        topics.alerts().valueSerde()),
                ALERTS);
        addSink(topology, alertSinks.all(), topics.alerts(), ALERTS);
        addSink(topology, alertSinks.critical(), topics.alertsCritical(), ALERTS);
        addSink(topology, alertSinks.warning(), topics.alertsWarning(), ALERTS);
        addSink(topology, alertSinks.open(), topics.alertsOpen(), ALERTS);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(stores.keyValue(StoreNames.DAYS), Serdes.String(), Serdes.ByteArray())
                        .withCachingEnabled(),
                WINDOWS);
        Duration horizon = config.dedupHorizon();
        // Not cached: each event id is written once and almost never read back, so caching it only
        // crowds the panes out of the cache. Ids are filed under horizon-wide buckets of occurredAt;
        // three horizons keep a bucket until no event that could repeat it can arrive without being LATE.
        topology.addStateStore(
                Stores.windowStoreBuilder(
                                stores.window(StoreNames.SEEN_EVENTS, horizon.multipliedBy(3), horizon, false),
                                Serdes.String(),
                                Serdes.Long())
                        .withCachingDisabled(),
                WINDOWS);
        // Cached: stream time moves with almost every record, and only its value at commit matters.
        topology.addStateStore(
                Stores.keyValueStoreBuilder(stores.keyValue(StoreNames.CLOCK), Serdes.String(), Serdes.Long())
                        .withCachingEnabled(),
                WINDOWS);

        Topic<String, County> counties = topics.counties();
        StoreBuilder<KeyValueStore<String, County>> countyStore = Stores.keyValueStoreBuilder(
                        stores.keyValue(StoreNames.COUNTIES), counties.keySerde(), counties.valueSerde())
                .withLoggingDisabled();
        topology.addGlobalStore(
                countyStore,
                "counties-source",
                Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer(),
                counties.name(),
                "counties-update",
                () -> new CountyReferenceProcessor(
                        counties.name(),
                        counties.valueSerde().deserializer(),
                        rules,
                        topics.deadLetters().name(),
                        maxRecordBytes));

        if (config.indicatorsByCounty()) {
            topology.addSink(
                    INDICATORS_SINK,
                    topics.countyIndicators().name(),
                    topics.countyIndicators().keySerde().serializer(),
                    topics.countyIndicators().valueSerde().serializer(),
                    CountyPartitioner.INSTANCE,
                    WINDOWS);
        } else {
            addSink(topology, INDICATORS_SINK, topics.countyIndicators(), WINDOWS);
        }
        String[] deadLetterParents = new String[decoders.length + 1];
        System.arraycopy(decoders, 0, deadLetterParents, 0, decoders.length);
        deadLetterParents[decoders.length] = WINDOWS;
        topology.addSink(
                DEAD_LETTERS_SINK,
                topics.deadLetters().name(),
                topics.deadLetters().keySerde().serializer(),
                topics.deadLetters().valueSerde().serializer(),
                deadLetterParents);
        return topology;
    }

    /**
     * Prefecture and province totals, kept consistent as county windows are published again: the
     * county windows are read back as a table, so an update replaces the county's old contribution
     * (Kafka Streams subtracts the old value and adds the new one) instead of adding twice. What is
     * repartitioned by region is each window's contribution in the compact totals encoding: encoding
     * and decoding Avro county windows, old and new, cost twice as much (docs/performance.md).
     */
    private static void addRegionRollups(StreamsBuilder builder, Topics topics) {
        Topic<String, CountyIndicators> county = topics.countyIndicators();
        Topic<String, RegionIndicators> region = topics.regionIndicators();
        KTable<String, CountyIndicators> windows = builder.table(
                county.name(),
                Consumed.with(county.keySerde(), county.valueSerde()).withName("county-indicators-table-source"),
                Materialized.<String, CountyIndicators, KeyValueStore<Bytes, byte[]>>as(StoreNames.COUNTY_WINDOWS)
                        .withKeySerde(county.keySerde())
                        .withValueSerde(county.valueSerde()));
        for (RegionLevel level : RegionLevel.values()) {
            String name = level.name().toLowerCase(Locale.ROOT);
            windows.mapValues(v -> RegionTotals.of(level, v), Named.as(name + "-contributions"))
                    .filter((k, contribution) -> contribution != null, Named.as(name + "-counties"))
                    .groupBy(
                            (k, contribution) -> KeyValue.pair(contribution.key(), contribution),
                            Grouped.with(name + "-regions", Serdes.String(), new RegionTotalsSerde()))
                    .aggregate(
                            RegionTotals::new,
                            (k, contribution, totals) -> totals.add(contribution),
                            (k, contribution, totals) -> totals.subtract(contribution),
                            Named.as(name + "-totals"),
                            Materialized.<String, RegionTotals, KeyValueStore<Bytes, byte[]>>as(name + "-totals")
                                    .withKeySerde(Serdes.String())
                                    .withValueSerde(new RegionTotalsSerde()))
                    .toStream(Named.as(name + "-totals-updates"))
                    .mapValues(
                            totals -> totals == null || totals.isEmpty() ? null : totals.toRecord(),
                            Named.as(name + "-indicators"))
                    .to(
                            region.name(),
                            Produced.with(region.keySerde(), region.valueSerde())
                                    .withName(name + "-indicators-sink"));
        }
    }

    private static <K, V> void addSink(Topology topology, String name, Topic<K, V> topic, String parent) {
        topology.addSink(
                name,
                topic.name(),
                topic.keySerde().serializer(),
                topic.valueSerde().serializer(),
                parent);
    }

    /** Node names come from the logical input name, not the configured topic name, so renaming a topic keeps them. */
    private static <T extends SpecificRecord> String addInput(
            Topology topology, EventType<T> type, Topics topics, EventRules rules, int maxRecordBytes) {
        Topic<String, T> topic = topics.input(type);
        String source = type.input() + "-source";
        String decode = type.input() + "-decode";
        topology.addSource(
                source, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(), topic.name());
        topology.addProcessor(
                decode,
                () -> new DecodeProcessor<>(
                        type,
                        topic.name(),
                        topic.valueSerde().deserializer(),
                        rules,
                        WINDOWS,
                        DEAD_LETTERS_SINK,
                        maxRecordBytes),
                source);
        return decode;
    }
}
