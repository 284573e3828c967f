package io.drugwatch.topology;

import static io.drugwatch.topology.AlertFixture.SINKS;
import static io.drugwatch.topology.AlertFixture.keys;
import static io.drugwatch.topology.Events.JINPING;
import static io.drugwatch.topology.Events.LUDIAN;
import static io.drugwatch.topology.Events.arrest;
import static io.drugwatch.topology.Events.local;
import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.alerting.AlertRules;
import io.drugwatch.alerting.AlertState;
import io.drugwatch.domain.DailyPane;
import io.drugwatch.domain.EventType;
import io.drugwatch.domain.StoreKeys;
import io.drugwatch.model.Alert;
import io.drugwatch.model.AlertRule;
import io.drugwatch.model.AlertStatus;
import io.drugwatch.model.Offense;
import io.drugwatch.model.Severity;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClosedDayJudgeTest {

    private static final LocalDate DAY = LocalDate.parse("2026-11-20");

    private final AlertFixture fixture = new AlertFixture();
    private final AlertInputs inputs = new AlertInputs(fixture.series, fixture.plants, fixture.coverage);
    private final AlertStateStore states = new AlertStateStore(fixture.states);
    private final OpenAlerts openAlerts = new OpenAlerts(fixture.open, fixture.history);
    private final AlertPublisher publisher =
            new AlertPublisher(fixture.context, SINKS, new PipelineMetrics(fixture.context), openAlerts);
    private final ClosedDayJudge days = new ClosedDayJudge(
            fixture.calendar,
            new AlertRules(fixture.settings, fixture.calendar),
            inputs,
            states,
            fixture.judge(states, openAlerts, publisher));

    ClosedDayJudgeTest() {
        publisher.setTimestampCeiling(Long.MAX_VALUE);
    }

    @Test
    void aCountyWithEventsIsJudgedAndWhatItsRulesCouldJudgeIsKept() {
        days.judge(new AlertFeed.DayClosed(DAY, Map.of(LUDIAN, arrests()), DAY));

        assertThat(keys(fixture.series)).containsExactlyInAnyOrder(StoreKeys.AlertSeries.PEERS, LUDIAN);
        assertThat(keys(fixture.coverage)).containsExactly(LUDIAN);
        assertThat(fixture.context.forwarded())
                .as("one day is too little to judge")
                .isEmpty();
    }

    @Test
    void aCountyWithNothingLeftToJudgeIsForgotten() {
        days.judge(new AlertFeed.DayClosed(DAY, Map.of(LUDIAN, arrests(), JINPING, new DailyPane()), DAY));

        assertThat(keys(fixture.series)).containsExactlyInAnyOrder(StoreKeys.AlertSeries.PEERS, LUDIAN);
        assertThat(keys(fixture.coverage)).containsExactly(LUDIAN);
    }

    @Test
    void anOpenDailyAlertWhoseRuleHadNothingToJudgeIsClearedEachDayUntilItResolves() {
        // no plant in JINPING: the wastewater rule has nothing to judge there
        long openedAt = fixture.calendar.dayEnd(DAY.minusDays(1));
        openAlerts.put(fixture.alert("A-1", AlertStatus.OPEN, Severity.WARNING, local("2026-11-19", "10:00")));
        String key = StoreKeys.AlertStates.key(JINPING, AlertRule.WASTEWATER_RISE, "MDMA");
        states.put(key, new AlertState("A-1", AlertStatus.OPEN, Severity.WARNING, openedAt, 0, Long.MAX_VALUE));

        LocalDate last = DAY.plusDays(fixture.settings.resolveAfter() - 1);
        for (LocalDate day = DAY; day.isBefore(last); day = day.plusDays(1)) {
            days.judge(new AlertFeed.DayClosed(day, Map.of(JINPING, new DailyPane()), DAY));
        }
        assertThat(fixture.context.forwarded()).isEmpty();
        days.judge(new AlertFeed.DayClosed(last, Map.of(JINPING, new DailyPane()), DAY));

        assertThat(fixture.context.forwarded())
                .filteredOn(f -> f.childName().orElseThrow().equals(SINKS.all()))
                .extracting(f -> (Alert) f.record().value())
                .singleElement()
                .satisfies(a -> assertThat(a.getStatus()).isEqualTo(AlertStatus.RESOLVED))
                .satisfies(a -> assertThat(a.getCountyCode()).isEqualTo(JINPING))
                .satisfies(a -> assertThat(a.getUpdatedAt().toEpochMilli()).isEqualTo(fixture.calendar.dayEnd(last)));
        assertThat(states.get(key).isOpen()).isFalse();
    }

    private static DailyPane arrests() {
        DailyPane pane = new DailyPane();
        EventType.ARREST.addTo(pane, arrest("a-1", LUDIAN, local("2026-11-20", "10:00"), Offense.USE, 1));
        return pane;
    }
}
