package io.drugwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.model.AlertRule;
import io.drugwatch.model.Substance;
import io.drugwatch.model.WastewaterSample;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlantSamplesTest {

    @Test
    void samplesAreKeptInDayOrderWithinTheLimits() {
        PlantSamples p = new PlantSamples();
        p.add(new PlantSamples.Sample(100, 1, false, 10));
        p.add(new PlantSamples.Sample(90, 2, false, 10));
        p.add(new PlantSamples.Sample(100, 3, true, 10));
        assertThat(p.upTo(LocalDate.ofEpochDay(100)))
                .extracting(PlantSamples.Sample::load)
                .containsExactly(2.0, 1.0, 3.0);
        assertThat(p.upTo(LocalDate.ofEpochDay(99)))
                .extracting(PlantSamples.Sample::load)
                .containsExactly(2.0);

        for (int d = 101; d < 101 + PlantSamples.MAX_SAMPLES; d++) {
            p.add(new PlantSamples.Sample(d, d, false, 10));
        }
        List<PlantSamples.Sample> kept = p.upTo(LocalDate.ofEpochDay(10_000));
        assertThat(kept).hasSize(PlantSamples.MAX_SAMPLES);
        assertThat(kept.get(0).epochDay()).isEqualTo(101);

        // 400 days after the newest but one: only that one and the new one remain
        p.add(new PlantSamples.Sample(100 + PlantSamples.MAX_SAMPLES + PlantSamples.MAX_AGE_DAYS, 1, false, 10));
        assertThat(p.upTo(LocalDate.ofEpochDay(100_000))).hasSize(2);
    }

    @Test
    void aSampleIsItsLoadPerThousandInhabitantsOnItsLocalDay() {
        WastewaterSample sample = WastewaterSample.newBuilder()
                .setEventId("w-1")
                .setOccurredAt(Instant.parse("2026-11-19T22:00:00Z"))
                .setCountyCode("530621")
                .setPlantId("530621-WWTP")
                .setSubstance(Substance.METHAMPHETAMINE)
                .setConcentrationNgL(200)
                .setFlowM3PerDay(10_000)
                .setPopulationServed(50_000)
                .setBelowLoq(true)
                .build();

        PlantSamples.Sample s = PlantSamples.Sample.of(sample, LocalDate.parse("2026-11-20"));

        assertThat(s)
                .isEqualTo(new PlantSamples.Sample(
                        LocalDate.parse("2026-11-20").toEpochDay(), 200.0 * 10_000 / 50_000, true, 50_000));
    }

    @Test
    void encodingRoundTrips() {
        PlantSamples p = new PlantSamples();
        p.add(new PlantSamples.Sample(100, 70.25, false, 50_000));
        p.add(new PlantSamples.Sample(107, 0.5, true, 50_000));
        assertThat(PlantSamples.decode(p.encode()).upTo(LocalDate.ofEpochDay(200)))
                .isEqualTo(p.upTo(LocalDate.ofEpochDay(200)));
    }

    @Test
    void thePlantIdIsKeptOnlyAsADigest() {
        String key = PlantSamples.plantKey("鲁甸县城污水处理厂");
        assertThat(key)
                .matches("[0-9a-f]{16}")
                .isEqualTo(PlantSamples.plantKey("鲁甸县城污水处理厂"))
                .isNotEqualTo(PlantSamples.plantKey("鲁甸县城污水处理厂 2"));
    }

    @Test
    void coverageRoundTrips() {
        List<Coverage> entries = List.of(
                Coverage.judged(AlertRule.COUNT_SPIKE, "ARREST_EVENTS"),
                Coverage.insufficient(AlertRule.WASTEWATER_RISE, "MDMA", "mostly below the limit of quantification"));
        CoverageCodec.CountyCoverage back =
                CoverageCodec.decode(CoverageCodec.encode(LocalDate.of(2026, 11, 14), entries));
        assertThat(back.day()).isEqualTo(LocalDate.of(2026, 11, 14));
        assertThat(back.entries()).isEqualTo(entries);
    }
}
