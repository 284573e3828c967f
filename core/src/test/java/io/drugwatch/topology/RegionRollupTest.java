package io.drugwatch.topology;

import static io.drugwatch.topology.Events.JINPING;
import static io.drugwatch.topology.Events.LUDIAN;
import static io.drugwatch.topology.Events.ZHAOYANG;
import static io.drugwatch.topology.Events.arrest;
import static io.drugwatch.topology.Events.county;
import static io.drugwatch.topology.Events.local;
import static io.drugwatch.topology.Events.sample;
import static io.drugwatch.topology.Events.seizure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.drugwatch.model.DrugType;
import io.drugwatch.model.Offense;
import io.drugwatch.model.RegionIndicators;
import io.drugwatch.model.RegionLevel;
import io.drugwatch.model.Substance;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RegionRollupTest {

    private final PipelineDriver p = new PipelineDriver();

    @BeforeEach
    void counties() {
        p.counties.pipeInput(LUDIAN, county(LUDIAN, "鲁甸县", 400_000L, false), Instant.EPOCH);
        p.counties.pipeInput(ZHAOYANG, county(ZHAOYANG, "昭阳区", 900_000L, false), Instant.EPOCH);
        p.counties.pipeInput(JINPING, county(JINPING, "金平县", null, true), Instant.EPOCH);
    }

    @AfterEach
    void close() {
        p.close();
    }

    /** The latest value of each region window. */
    private Map<String, RegionIndicators> latest() {
        return p.regions.readKeyValuesToMap();
    }

    @Test
    void prefecturesAndProvincesSumTheirCountiesOnceWhateverTheUpdates() {
        Instant t = local("2026-11-20", "10:00");
        p.arrests.pipeInput(LUDIAN, arrest("l1", LUDIAN, t, Offense.USE, 3), t);
        p.driver.advanceWallClockTime(Duration.ofSeconds(1));
        p.arrests.pipeInput(ZHAOYANG, arrest("z1", ZHAOYANG, t, Offense.USE, 2), t);
        p.driver.advanceWallClockTime(Duration.ofSeconds(1));
        // Ludian's windows are published again with a new value: it must replace, not add
        p.arrests.pipeInput(LUDIAN, arrest("l2", LUDIAN, t.plusSeconds(60), Offense.TRAFFICKING, 1), t);
        p.seizures.pipeInput(JINPING, seizure("j1", JINPING, t, DrugType.HEROIN, 500), t);
        p.driver.advanceWallClockTime(Duration.ofSeconds(1));
        Instant closing = local("2026-11-23", "00:00");
        p.arrests.pipeInput(JINPING, arrest("clock", JINPING, closing, Offense.USE, 1), closing);

        Map<String, RegionIndicators> regions = latest();
        RegionIndicators zhaotong = regions.get("PREFECTURE|530600|1|2026-11-20");
        assertThat(zhaotong.getSuspects()).isEqualTo(6);
        assertThat(zhaotong.getArrestEvents()).isEqualTo(3);
        assertThat(zhaotong.getSuspectsByOffense())
                .containsExactlyInAnyOrderEntriesOf(Map.of("USE", 5L, "TRAFFICKING", 1L));
        assertThat(zhaotong.getCountiesReporting()).isEqualTo(2);
        assertThat(zhaotong.getCountiesFinal()).isEqualTo(2);
        assertThat(zhaotong.getRegionName()).isEqualTo("prefecture 5306");
        assertThat(zhaotong.getPopulation()).isEqualTo(1_300_000L);
        assertThat(zhaotong.getSuspectsPer100k()).isCloseTo(6 * 100_000.0 / 1_300_000, within(1e-9));

        RegionIndicators yunnan = regions.get("PROVINCE|530000|1|2026-11-20");
        assertThat(yunnan.getLevel()).isEqualTo(RegionLevel.PROVINCE);
        assertThat(yunnan.getCountiesReporting()).isEqualTo(3);
        assertThat(yunnan.getSuspects()).isEqualTo(6);
        assertThat(yunnan.getSeizedGrams()).isEqualTo(500.0);
        // 金平 has no known population: its suspects stay out of the rate, not in the numerator alone
        assertThat(yunnan.getPopulation()).isEqualTo(1_300_000L);
        assertThat(regions.get("PREFECTURE|532500|7|2026-11-20").getSeizedGrams())
                .isEqualTo(500.0);
    }

    @Test
    void wastewaterLoadsAreWeightedByPopulationServed() {
        Instant t = local("2026-11-20", "08:00");
        // 鲁甸: 100 mg/day/1000 for 100,000 people; 昭阳: 200 for 300,000 people
        p.wastewater.pipeInput(LUDIAN, sample("w1", LUDIAN, t, Substance.METHAMPHETAMINE, 500, 20_000, 100_000), t);
        p.wastewater.pipeInput(
                ZHAOYANG, sample("w2", ZHAOYANG, t, Substance.METHAMPHETAMINE, 1_000, 60_000, 300_000), t);
        Instant closing = local("2026-11-23", "00:00");
        p.arrests.pipeInput(JINPING, arrest("clock", JINPING, closing, Offense.USE, 1), closing);

        RegionIndicators zhaotong = latest().get("PREFECTURE|530600|1|2026-11-20");
        assertThat(zhaotong.getWastewaterSamples()).isEqualTo(2);
        assertThat(zhaotong.getWastewaterLoad().get("METHAMPHETAMINE"))
                .isCloseTo((100.0 * 100_000 + 200.0 * 300_000) / 400_000, within(1e-9));
    }
}
