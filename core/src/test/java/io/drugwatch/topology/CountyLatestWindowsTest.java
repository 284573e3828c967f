package io.drugwatch.topology;

import static io.drugwatch.topology.Events.JINPING;
import static io.drugwatch.topology.Events.LUDIAN;
import static io.drugwatch.topology.Events.ZHAOYANG;
import static io.drugwatch.topology.Events.arrest;
import static io.drugwatch.topology.Events.county;
import static io.drugwatch.topology.Events.local;
import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.domain.StoreKeys;
import io.drugwatch.domain.WindowSizes;
import io.drugwatch.model.CountyIndicators;
import io.drugwatch.model.Offense;
import io.drugwatch.state.ExpiringWindowsStore;
import io.drugwatch.state.LatestWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** county-latest-windows holds each county's newest window per size; old windows leave it and the table. */
class CountyLatestWindowsTest {

    /**
     * Without Kafka Streams' cache, whose bounded copies of recently written windows are not the store's
     * contents and are evicted by size, not age.
     */
    private final PipelineDriver p =
            new PipelineDriver(Map.of(org.apache.kafka.streams.StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "0"));

    @BeforeEach
    void counties() {
        for (String c : List.of(LUDIAN, ZHAOYANG, JINPING)) {
            p.counties.pipeInput(c, county(c, "county " + c, 400_000L, false), Instant.EPOCH);
        }
    }

    @AfterEach
    void close() {
        p.close();
    }

    private void arrestOn(String county, String date, String time, String id) {
        Instant t = local(date, time);
        p.arrests.pipeInput(county, arrest(id, county, t, Offense.USE, 1), t);
    }

    private KeyValueStore<String, LatestWindow> latest() {
        return p.driver.getKeyValueStore(StoreNames.COUNTY_LATEST);
    }

    private static <V> List<String> keys(KeyValueStore<String, V> store) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, V> it = store.all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    @Test
    void eachCountyAndSizeHoldsTheNewestWindowPublishedAndAFinalReplacesItsUpdates() {
        arrestOn(LUDIAN, "2026-11-18", "09:00", "l1");
        p.driver.advanceWallClockTime(Duration.ofSeconds(1));
        arrestOn(ZHAOYANG, "2026-11-19", "10:00", "z1");
        arrestOn(LUDIAN, "2026-11-19", "11:00", "l2");
        p.driver.advanceWallClockTime(Duration.ofSeconds(1));
        // closes the 18th and 19th: their windows go out again as final
        arrestOn(JINPING, "2026-11-22", "01:00", "j1");
        p.driver.advanceWallClockTime(Duration.ofSeconds(1));

        // what county-indicators says is each county's newest window: the latest end, the last published at it
        Map<String, CountyIndicators> expected = new HashMap<>();
        for (TestRecord<String, CountyIndicators> r : p.readIndicators()) {
            CountyIndicators v = r.value();
            String key = StoreKeys.CountyLatest.key(v.getWindowDays(), v.getCountyCode());
            CountyIndicators seen = expected.get(key);
            if (seen == null || v.getEndDate().compareTo(seen.getEndDate()) >= 0) {
                expected.put(key, v);
            }
        }
        assertThat(expected).hasSize(3 * WindowSizes.ALL.size());
        Map<String, CountyIndicators> stored = new HashMap<>();
        try (KeyValueIterator<String, LatestWindow> it = latest().all()) {
            it.forEachRemaining(kv -> stored.put(kv.key, kv.value.window()));
        }
        assertThat(stored).isEqualTo(expected);
        CountyIndicators ludianDay = stored.get(StoreKeys.CountyLatest.key(1, LUDIAN));
        assertThat(ludianDay.getEndDate()).isEqualTo("2026-11-19");
        assertThat(ludianDay.getFinal$()).isTrue();
        assertThat(latest().get(StoreKeys.CountyLatest.key(1, LUDIAN)).updatedAt())
                .isEqualTo(PipelineDriver.WALL_CLOCK.plusSeconds(2).toEpochMilli());
    }

    @Test
    void windowsLeaveTheTableAndTheLatestWindowsWhenTheyLeaveCountyIndicators() {
        LocalDate first = LocalDate.parse("2025-01-10");
        arrestOn(ZHAOYANG, first.toString(), "10:00", "z-old");
        arrestOn(LUDIAN, first.toString(), "10:00", "l-old");
        p.driver.advanceWallClockTime(Duration.ofSeconds(1));
        LocalDate kept = first.plusDays(380);
        arrestOn(LUDIAN, kept.toString(), "10:00", "l-kept");
        p.driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(keys(p.driver.getKeyValueStore(StoreNames.COUNTY_WINDOWS)))
                .contains(StoreKeys.CountyWindows.key(ZHAOYANG, 1, first));
        assertThat(keys(latest())).contains(StoreKeys.CountyLatest.key(7, ZHAOYANG));

        // 500 days on, county-indicators (400 days after each window's end) no longer holds the first windows
        LocalDate now = first.plusDays(500);
        arrestOn(LUDIAN, now.toString(), "10:00", "l-new");
        p.driver.advanceWallClockTime(Duration.ofSeconds(1));
        arrestOn(JINPING, now.plusDays(3).toString(), "10:00", "j-close");
        p.driver.advanceWallClockTime(Duration.ofSeconds(1));

        LocalDate cutoff = now.minusDays(p.config.indicatorsRetention().toDays());
        List<String> table = keys(p.driver.getKeyValueStore(StoreNames.COUNTY_WINDOWS));
        assertThat(table)
                .as("no window ends more than the retention before the newest")
                .allSatisfy(k -> assertThat(
                                ExpiringWindowsStore.endDay(k.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                        .isGreaterThanOrEqualTo(cutoff.minusDays(ExpiringWindowsStore.SWEEP_EVERY_DAYS)
                                .toEpochDay()))
                .doesNotContain(
                        StoreKeys.CountyWindows.key(ZHAOYANG, 1, first),
                        StoreKeys.CountyWindows.key(LUDIAN, 28, first.plusDays(27)))
                .contains(StoreKeys.CountyWindows.key(LUDIAN, 1, kept), StoreKeys.CountyWindows.key(LUDIAN, 1, now));
        // Zhaoyang has published nothing since: it leaves the list with its last window
        assertThat(keys(latest()))
                .noneMatch(k -> StoreKeys.CountyLatest.county(k).equals(ZHAOYANG))
                .contains(StoreKeys.CountyLatest.key(1, LUDIAN), StoreKeys.CountyLatest.key(1, JINPING));
        try (KeyValueIterator<String, LatestWindow> it = latest().all()) {
            it.forEachRemaining((KeyValue<String, LatestWindow> kv) ->
                    assertThat(kv.value.endDate()).isAfterOrEqualTo(cutoff));
        }
        // and the region totals of those days with them
        assertThat(keys(p.driver.getKeyValueStore("province-totals"))).noneMatch(k -> k.endsWith("|" + first));
    }
}
