package io.drugwatch.topology;

import io.drugwatch.alerting.CountySeries;
import io.drugwatch.alerting.Coverage;
import io.drugwatch.alerting.CoverageCodec;
import io.drugwatch.alerting.PlantHistory;
import io.drugwatch.alerting.PlantSamples;
import io.drugwatch.domain.DailyPane;
import io.drugwatch.domain.StoreKeys.AlertSeries;
import io.drugwatch.domain.StoreKeys.Plants;
import io.drugwatch.model.WastewaterSample;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The stores of what the alert rules judge, and their keys: each county's daily series and the peers'
 * totals ({@value StoreNames#ALERT_SERIES}), each plant's samples ({@value StoreNames#PLANT_SAMPLES}), and
 * what each rule could judge per county on its latest day ({@value StoreNames#ALERT_COVERAGE}).
 */
final class AlertInputs {

    private final KeyValueStore<String, byte[]> series;
    private final KeyValueStore<String, byte[]> plants;
    private final KeyValueStore<String, byte[]> coverage;

    AlertInputs(
            KeyValueStore<String, byte[]> series,
            KeyValueStore<String, byte[]> plants,
            KeyValueStore<String, byte[]> coverage) {
        this.series = series;
        this.plants = plants;
        this.coverage = coverage;
    }

    /** Files an accepted sample under its plant (by digest: the plant id is free text) and substance. */
    void addSample(WastewaterSample sample, LocalDate day) {
        String key =
                Plants.key(sample.getCountyCode(), PlantSamples.plantKey(sample.getPlantId()), sample.getSubstance());
        byte[] stored = plants.get(key);
        PlantSamples samples = stored == null ? new PlantSamples() : PlantSamples.decode(stored);
        samples.add(PlantSamples.Sample.of(sample, day));
        plants.put(key, samples.encode());
    }

    /** Adds a closed day to the series of each county in {@code panes} and to the peers'; returns the peers'. */
    CountySeries recordDay(LocalDate day, Map<String, DailyPane> panes) {
        DailyPane all = new DailyPane();
        for (Map.Entry<String, DailyPane> e : panes.entrySet()) {
            CountySeries s = seriesOf(e.getKey(), day);
            s.record(day, e.getValue());
            series.put(e.getKey(), s.encode());
            all.merge(e.getValue());
        }
        CountySeries peers = seriesOf(AlertSeries.PEERS, day);
        peers.record(day, all);
        series.put(AlertSeries.PEERS, peers.encode());
        return peers;
    }

    private CountySeries seriesOf(String key, LocalDate day) {
        byte[] stored = series.get(key);
        return stored == null ? CountySeries.startingOn(day) : CountySeries.decode(stored);
    }

    /** Every county's series, by county code in key order; not the peers'. */
    Map<String, CountySeries> counties() {
        Map<String, CountySeries> out = new LinkedHashMap<>();
        try (KeyValueIterator<String, byte[]> it = series.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                if (!kv.key.equals(AlertSeries.PEERS)) {
                    out.put(kv.key, CountySeries.decode(kv.value));
                }
            }
        }
        return out;
    }

    /** The county's wastewater samples, per plant and substance, from one range scan. */
    List<PlantHistory> plants(String county) {
        List<PlantHistory> out = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it =
                plants.prefixScan(Plants.ofCounty(county), Serdes.String().serializer())) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                Plants.Plant plant = Plants.parse(kv.key);
                out.add(new PlantHistory(plant.plantDigest(), plant.substance(), PlantSamples.decode(kv.value)));
            }
        }
        return out;
    }

    /** Writes the county's coverage only when it changed, which spares the changelog a record a day. */
    void recordCoverage(String county, LocalDate day, List<Coverage> entries) {
        byte[] encoded = CoverageCodec.encode(day, entries);
        byte[] stored = coverage.get(county);
        if (stored == null || !Arrays.equals(stored, encoded)) {
            coverage.put(county, encoded);
        }
    }

    /** Forgets a county with nothing left to judge; its plants stay (a quiet county has none). */
    void forget(String county) {
        series.delete(county);
        coverage.delete(county);
    }
}
