package io.drugwatch.topology;

import static io.drugwatch.topology.AlertFixture.SINKS;
import static io.drugwatch.topology.Events.LUDIAN;
import static io.drugwatch.topology.Events.local;
import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.alerting.Finding;
import io.drugwatch.model.Alert;
import io.drugwatch.model.AlertStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlertExpiryTest {

    private static final Instant FIRST = local("2026-11-20", "10:00");
    private static final Instant SECOND = local("2026-11-20", "16:00");

    private final AlertFixture fixture = new AlertFixture();
    private final AlertStateStore states = new AlertStateStore(fixture.states);
    private final OpenAlerts openAlerts = new OpenAlerts(fixture.open, fixture.history);
    private final AlertPublisher publisher =
            new AlertPublisher(fixture.context, SINKS, new PipelineMetrics(fixture.context), openAlerts);
    private final AlertJudge judge = fixture.judge(states, openAlerts, publisher);
    private final Duration forgetAfter = fixture.config.openAlertsForgetAfter();
    private final AlertExpiry expiry = new AlertExpiry(states, openAlerts, judge, publisher, forgetAfter);
    private final Finding first = fixture.largeSeizure("big-1", FIRST);
    private final Finding second = fixture.largeSeizure("big-2", SECOND);

    AlertExpiryTest() {
        publisher.setTimestampCeiling(Long.MAX_VALUE);
        judge.judge(LUDIAN, first, FIRST.toEpochMilli());
        judge.judge(LUDIAN, second, SECOND.toEpochMilli());
        fixture.context.resetForwards();
    }

    @Test
    void perEventAlertsResolveWhenDueAndNotBefore() {
        long firstDue = states.get(AlertStateStore.key(LUDIAN, first)).resolveAt();

        expiry.expire(firstDue - 1);
        assertThat(fixture.context.forwarded()).isEmpty();
        expiry.expire(firstDue);

        assertThat(fixture.context.forwarded())
                .filteredOn(f -> f.childName().orElseThrow().equals(SINKS.all()))
                .extracting(f -> (Alert) f.record().value())
                .singleElement()
                .satisfies(a -> assertThat(a.getSubject()).isEqualTo("big-1"))
                .satisfies(a -> assertThat(a.getStatus()).isEqualTo(AlertStatus.RESOLVED));
        assertThat(states.get(AlertStateStore.key(LUDIAN, first))).isNull();
        assertThat(states.get(AlertStateStore.key(LUDIAN, second)).isOpen()).isTrue();
    }

    @Test
    void aResolvedAlertLeavesAlertsOpenAsLongAfterItResolved() {
        long firstDue = states.get(AlertStateStore.key(LUDIAN, first)).resolveAt();
        String firstId = states.get(AlertStateStore.key(LUDIAN, first)).alertId();
        expiry.expire(firstDue);
        fixture.context.resetForwards();

        expiry.expire(firstDue + forgetAfter.toMillis() - 1);
        assertThat(fixture.context.forwarded())
                .filteredOn(f -> f.record().value() == null)
                .isEmpty();
        expiry.expire(firstDue + forgetAfter.toMillis());

        assertThat(fixture.context.forwarded())
                .filteredOn(f -> f.record().value() == null)
                .extracting(f -> (String) f.record().key())
                .containsExactly(firstId);
        assertThat(openAlerts.last(firstId)).isNull();
    }
}
