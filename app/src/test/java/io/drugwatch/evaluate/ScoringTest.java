package io.drugwatch.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.drugwatch.model.AlertRule;
import io.drugwatch.sim.truth.AnomalyKind;
import io.drugwatch.sim.truth.Shape;
import io.drugwatch.sim.truth.Truth;
import io.drugwatch.sim.truth.TruthLine;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScoringTest {

    static final LocalDate FIRST = LocalDate.of(2025, 1, 1);
    static final LocalDate LAST = FIRST.plusDays(141);

    /** Two counties over 142 days (100 judged after the warm-up); one with a plant; one rise, one ramp. */
    static Truth truth() {
        TruthLine.Generator g = new TruthLine.Generator(
                1,
                7,
                Instant.parse("2024-12-31T16:00:00Z"),
                Instant.parse("2025-05-22T16:00:00Z"),
                FIRST,
                LAST,
                "Asia/Shanghai",
                1,
                2,
                List.of("ANOMALIES"));
        List<TruthLine.County> counties = List.of(
                new TruthLine.County(
                        "530621",
                        false,
                        2,
                        2,
                        0,
                        List.of(new TruthLine.Plant("530621-WWTP1", 7, 50_000, 0.3)),
                        0.1,
                        0,
                        0,
                        0),
                new TruthLine.County("420103", false, 0.5, 2, 1, List.of(), 0.05, 0, 0.0012, 4.5));
        double[] mean = new double[142];
        java.util.Arrays.fill(mean, 2);
        List<TruthLine.Series> series = List.of(new TruthLine.Series("530621", "ARREST_EVENTS", 2, FIRST, mean));
        List<TruthLine.Anomaly> anomalies = List.of(
                anomaly(
                        "COUNT_RISE-420103-ARREST_EVENTS-20250301",
                        AnomalyKind.COUNT_RISE,
                        "420103",
                        "ARREST_EVENTS",
                        LocalDate.of(2025, 3, 1),
                        LocalDate.of(2025, 3, 10),
                        3),
                anomaly(
                        "WASTEWATER_RAMP-530621-20250320",
                        AnomalyKind.WASTEWATER_RAMP,
                        "530621",
                        "METHAMPHETAMINE",
                        LocalDate.of(2025, 3, 20),
                        LocalDate.of(2025, 4, 20),
                        2));
        return new Truth(
                g,
                List.of(new TruthLine.Campaign("6·26", LocalDate.of(2025, 3, 1), LocalDate.of(2025, 3, 10), 1.4)),
                counties,
                series,
                anomalies);
    }

    static TruthLine.Anomaly anomaly(
            String id, AnomalyKind kind, String code, String subject, LocalDate first, LocalDate last, double factor) {
        return new TruthLine.Anomaly(
                id,
                kind,
                kind.rule(),
                code,
                subject,
                first,
                last,
                factor,
                Shape.STEP,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                "ANOMALIES");
    }

    @Test
    void falseOpensAreCountedOutsideTheAnomalyWindowsPerCountyDayAtRisk() {
        Scoring scoring = new Scoring(truth());
        List<Open> opens = new ArrayList<>();
        // in the rise's window (its last day + 7): found, 3 days late
        opens.add(new Open(AlertRule.COUNT_SPIKE, "420103", "ARREST_EVENTS", LocalDate.of(2025, 3, 4)));
        // after the window: false
        opens.add(new Open(AlertRule.COUNT_SPIKE, "420103", "ARREST_EVENTS", LocalDate.of(2025, 3, 18)));
        // another county on a campaign day: false, on a campaign day
        opens.add(new Open(AlertRule.COUNT_SPIKE, "530621", "ARREST_EVENTS", LocalDate.of(2025, 3, 5)));
        // during the warm-up: not judged
        opens.add(new Open(AlertRule.COUNT_SPIKE, "530621", "ARREST_EVENTS", FIRST.plusDays(10)));
        // another family: not this one's
        opens.add(new Open(AlertRule.WASTEWATER_RISE, "420103", "METHAMPHETAMINE", LocalDate.of(2025, 3, 18)));

        Scoring.FamilyScore s = scoring.score(AlertRule.COUNT_SPIKE, opens);

        assertThat(scoring.from()).isEqualTo(FIRST.plusDays(42));
        // 2 counties x 100 judged days, minus the 17 days of the rise's window
        assertThat(s.countyDays()).isEqualTo(200 - 17);
        assertThat(s.campaignCountyDays()).isEqualTo(10);
        assertThat(s.falseOpens()).isEqualTo(2);
        assertThat(s.falseOpensCampaign()).isEqualTo(1);
        assertThat(s.opens()).isEqualTo(3);
        assertThat(s.falsePer1000()).isCloseTo(1000.0 * 2 / 183, within(1e-9));
        assertThat(s.falsePer1000Campaign()).isCloseTo(100, within(1e-9));
        assertThat(s.anomalies()).singleElement().satisfies(r -> {
            assertThat(r.found()).isTrue();
            assertThat(r.delay()).isEqualTo(3);
            // 17 days of window at 2 false OPENs per 183 county-days
            assertThat(r.luck()).isCloseTo(1 - Math.pow(1 - 2.0 / 183, 17), within(1e-12));
        });
        assertThat(s.chanceCorrected()).isCloseTo(1 - (1 - Math.pow(1 - 2.0 / 183, 17)), within(1e-12));
    }

    @Test
    void onlyCountiesWithPlantsAreAtRiskForWastewater() {
        Scoring scoring = new Scoring(truth());
        assertThat(scoring.atRisk(AlertRule.WASTEWATER_RISE))
                .extracting(TruthLine.County::code)
                .containsExactly("530621");
        assertThat(scoring.atRisk(AlertRule.CHECKPOINT_HIT_RATE))
                .extracting(TruthLine.County::code)
                .containsExactly("420103");
        Scoring.FamilyScore s = scoring.score(
                AlertRule.WASTEWATER_RISE,
                List.of(new Open(AlertRule.WASTEWATER_RISE, "530621", "METHAMPHETAMINE", LocalDate.of(2025, 4, 25))));
        assertThat(s.countyDays()).isEqualTo(100 - 39);
        assertThat(s.falseOpens()).isZero();
        assertThat(s.detection()).isEqualTo(1);
    }

    @Test
    void theLifecycleOpensOnceAndAgainOnlyAfterClearDays() {
        AlarmLifecycle.Verdict A = AlarmLifecycle.Verdict.ALARM;
        AlarmLifecycle.Verdict H = AlarmLifecycle.Verdict.HOLD;
        AlarmLifecycle.Verdict C = AlarmLifecycle.Verdict.CLEAR;
        List<LocalDate> opens =
                AlarmLifecycle.openDays(FIRST, new AlarmLifecycle.Verdict[] {C, A, A, H, C, A, C, C, A, H}, 2);
        assertThat(opens).containsExactly(FIRST.plusDays(1), FIRST.plusDays(8));
    }
}
