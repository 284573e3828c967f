package io.drugwatch.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.drugwatch.model.AlertRule;
import io.drugwatch.sim.truth.AnomalyKind;
import io.drugwatch.sim.truth.Truth;
import io.drugwatch.sim.truth.TruthLine;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdealDetectorTest {

    /** ScoringTest's county with a checkpoint: 0.0012 hits per vehicle, hit size 4.5. */
    static final String COUNTY = "420103";

    static final LocalDate SURGE_FIRST = LocalDate.of(2025, 4, 1);
    static final LocalDate SURGE_LAST = LocalDate.of(2025, 4, 10);
    static final LocalDate BUSY_FIRST = LocalDate.of(2025, 3, 1);

    private static Truth truthWithSurge() {
        Truth t = ScoringTest.truth();
        List<TruthLine.Anomaly> anomalies = new ArrayList<>(t.anomalies());
        anomalies.add(ScoringTest.anomaly(
                "HIT_RATE_SURGE-420103-20250401",
                AnomalyKind.HIT_RATE_SURGE,
                COUNTY,
                TruthLine.CHECKPOINTS,
                SURGE_FIRST,
                SURGE_LAST,
                3));
        return new Truth(t.generator(), t.campaigns(), t.counties(), t.series(), anomalies);
    }

    /**
     * 2,000 vehicles a day and the hits they bring at the true rate, except twice the traffic (and so twice
     * the hits) for 10 days in March, and three times the hit rate during the surge.
     */
    private static ObservedCounts observed() {
        ObservedCounts observed = new ObservedCounts(ScoringTest.FIRST, ScoringTest.LAST);
        for (LocalDate d = ScoringTest.FIRST; !d.isAfter(ScoringTest.LAST); d = d.plusDays(1)) {
            boolean busy = !d.isBefore(BUSY_FIRST) && d.isBefore(BUSY_FIRST.plusDays(10));
            boolean surge = !d.isBefore(SURGE_FIRST) && !d.isAfter(SURGE_LAST);
            int vehicles = busy ? 4000 : 2000;
            // 2.4 hits a day at 2,000 vehicles: 2 and 3 in turn, rounding the true mean
            int hits = busy ? 5 : surge ? 7 : (d.getDayOfMonth() % 5 < 3 ? 2 : 3);
            observed.add(COUNTY, IdealDetector.VEHICLES, d, vehicles);
            observed.add(COUNTY, IdealDetector.HITS, d, hits);
        }
        return observed;
    }

    @Test
    void theCheckpointIdealFindsAHitRateSurgeButNotMoreTraffic() {
        Scoring scoring = new Scoring(truthWithSurge());
        IdealDetector ideal = IdealDetector.checkpoints(scoring, observed(), 0.05, 2);

        List<Open> opens = ideal.opens(1e-4);

        // twice the vehicles with twice the hits is the same hit rate: no alarm in March
        assertThat(opens).singleElement().satisfies(o -> {
            assertThat(o.family()).isEqualTo(AlertRule.CHECKPOINT_HIT_RATE);
            assertThat(o.county()).isEqualTo(COUNTY);
            assertThat(o.subject()).isEqualTo(TruthLine.CHECKPOINTS);
            assertThat(o.day()).isBetween(SURGE_FIRST, SURGE_FIRST.plusDays(6));
        });
        Report.Ideal calibrated = ideal.calibrated(1.0);
        assertThat(calibrated.score().falseOpens()).isZero();
        assertThat(calibrated.score().detection()).isEqualTo(1);
        assertThat(Report.surgesWithinAWeek(calibrated.score(), "×3")).isEqualTo(1);
    }

    @Test
    void aCountyWithoutATrueHitRateIsNotJudged() {
        Truth t = truthWithSurge();
        List<TruthLine.County> counties = t.counties().stream()
                .map(c -> new TruthLine.County(
                        c.code(),
                        c.border(),
                        c.arrestsPerDay(),
                        c.size(),
                        c.checkpoints(),
                        c.plants(),
                        c.seizuresPerDay(),
                        c.trendPerYear(),
                        0,
                        0))
                .toList();
        Scoring scoring = new Scoring(new Truth(t.generator(), t.campaigns(), counties, t.series(), t.anomalies()));

        assertThat(IdealDetector.checkpoints(scoring, observed(), 0.05, 2).opens(0.5))
                .isEmpty();
    }

    @Test
    void theCountIdealTestsTheTruthsSeries() {
        Scoring scoring = new Scoring(ScoringTest.truth());
        ObservedCounts observed = new ObservedCounts(ScoringTest.FIRST, ScoringTest.LAST);
        // 530621's true mean is 2 a day: 2 a day, then 8 a day for a week from 2025-04-01
        for (LocalDate d = ScoringTest.FIRST; !d.isAfter(ScoringTest.LAST); d = d.plusDays(1)) {
            boolean rise = !d.isBefore(SURGE_FIRST) && d.isBefore(SURGE_FIRST.plusDays(7));
            observed.add("530621", "ARREST_EVENTS", d, rise ? 8 : 2);
        }

        List<Open> opens = IdealDetector.counts(scoring, observed, List.of("ARREST_EVENTS"), 0.05, 2)
                .opens(1e-4);

        assertThat(opens).singleElement().satisfies(o -> {
            assertThat(o.family()).isEqualTo(AlertRule.COUNT_SPIKE);
            assertThat(o.county()).isEqualTo("530621");
            assertThat(o.day()).isBetween(SURGE_FIRST, SURGE_FIRST.plusDays(6));
        });
    }

    @Test
    void theIdealDetectorsTailIsTheNegativeBinomialOfTheTruth() {
        // Poisson when the variance is the mean: P(S >= 3) for mean 1 = 1 - e^-1 (1 + 1 + 1/2)
        assertThat(IdealDetector.upperTail(3, 1, 1)).isCloseTo(1 - Math.exp(-1) * 2.5, within(1e-12));
        // overdispersed: a larger tail than Poisson at the same mean
        assertThat(IdealDetector.upperTail(10, 4, 12)).isGreaterThan(IdealDetector.upperTail(10, 4, 4));
        assertThat(IdealDetector.upperTail(0, 4, 12)).isEqualTo(1);
    }
}
