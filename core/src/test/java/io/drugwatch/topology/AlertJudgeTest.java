package io.drugwatch.topology;

import static io.drugwatch.topology.AlertFixture.SINKS;
import static io.drugwatch.topology.Events.LUDIAN;
import static io.drugwatch.topology.Events.county;
import static io.drugwatch.topology.Events.local;
import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.alerting.AlertState;
import io.drugwatch.alerting.Finding;
import io.drugwatch.model.Alert;
import io.drugwatch.model.AlertStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertJudgeTest {

    private static final Instant AT = local("2026-11-20", "10:00");

    private final AlertFixture fixture = new AlertFixture();
    private final AlertStateStore states = new AlertStateStore(fixture.states);
    private final OpenAlerts openAlerts = new OpenAlerts(fixture.open, fixture.history);
    private final AlertPublisher publisher =
            new AlertPublisher(fixture.context, SINKS, new PipelineMetrics(fixture.context), openAlerts);
    private final AlertJudge judge = fixture.judge(states, openAlerts, publisher);
    private final Finding finding = fixture.largeSeizure("big-1", AT);
    private final String key = AlertStateStore.key(LUDIAN, finding);

    AlertJudgeTest() {
        publisher.setTimestampCeiling(Long.MAX_VALUE);
    }

    @Test
    void aFindingOpensAnAlertNamedAfterItsCounty() {
        fixture.counties.put(LUDIAN, county(LUDIAN, "鲁甸县", 390_000L, false));

        judge.judge(LUDIAN, finding, AT.toEpochMilli());

        Alert alert = published().get(0);
        assertThat(alert.getStatus()).isEqualTo(AlertStatus.OPEN);
        assertThat(alert.getCountyName()).isEqualTo("鲁甸县");
        assertThat(alert.getUpdatedAt()).isEqualTo(AT);
        assertThat(states.get(key).alertId()).isEqualTo(alert.getAlertId());
        assertThat(states.get(key).isOpen()).isTrue();
    }

    @Test
    void aCountyMissingFromTheReferenceDataHasNoName() {
        judge.judge(LUDIAN, finding, AT.toEpochMilli());

        assertThat(published().get(0).getCountyName()).isNull();
    }

    @Test
    void theSameFindingAgainChangesNothing() {
        judge.judge(LUDIAN, finding, AT.toEpochMilli());
        AlertState opened = states.get(key);
        fixture.context.resetForwards();

        judge.judge(LUDIAN, finding, AT.plusSeconds(60).toEpochMilli());

        assertThat(fixture.context.forwarded()).isEmpty();
        assertThat(states.get(key)).isEqualTo(opened);
    }

    @Test
    void clearEvaluationsWithoutAFindingResolveAnAlertFromItsLastRecord() {
        judge.judge(LUDIAN, finding, AT.toEpochMilli());
        Alert opened = published().get(0);
        fixture.context.resetForwards();

        long at = AT.toEpochMilli();
        for (int i = 1; i < fixture.settings.resolveAfter(); i++) {
            judge.clearWithoutFinding(LUDIAN, key, at += 1_000);
        }
        assertThat(fixture.context.forwarded()).isEmpty();
        judge.clearWithoutFinding(LUDIAN, key, at += 1_000);

        Alert resolved = published().get(0);
        assertThat(resolved.getStatus()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(resolved.getAlertId()).isEqualTo(opened.getAlertId());
        assertThat(resolved.getObserved()).isEqualTo(opened.getObserved());
        assertThat(resolved.getUpdatedAt().toEpochMilli()).isEqualTo(at);
        assertThat(states.get(key).isOpen()).isFalse();
    }

    @Test
    void anAlertWhoseLastRecordIsForgottenIsNotCleared() {
        judge.judge(LUDIAN, finding, AT.toEpochMilli());
        AlertState opened = states.get(key);
        openAlerts.forget(opened.alertId());
        fixture.context.resetForwards();

        judge.clearWithoutFinding(LUDIAN, key, AT.plusSeconds(60).toEpochMilli());

        assertThat(fixture.context.forwarded()).isEmpty();
        assertThat(states.get(key)).isEqualTo(opened);
    }

    @Test
    void anExpiredPerEventAlertIsForgottenAndResolvedAsOfWhenItWasDue() {
        judge.judge(LUDIAN, finding, AT.toEpochMilli());
        AlertState opened = states.get(key);
        fixture.context.resetForwards();

        judge.expire(key, opened, opened.resolveAt() + 60_000);

        Alert resolved = published().get(0);
        assertThat(resolved.getStatus()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(resolved.getUpdatedAt().toEpochMilli()).isEqualTo(opened.resolveAt());
        assertThat(states.get(key)).isNull();
    }

    /** The alerts sent to the alerts topic, in order. */
    private List<Alert> published() {
        return fixture.context.forwarded().stream()
                .filter(f -> f.childName().orElseThrow().equals(SINKS.all()))
                .<Alert>map(f -> f.record().value())
                .toList();
    }
}
