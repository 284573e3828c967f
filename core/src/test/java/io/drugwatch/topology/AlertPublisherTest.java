package io.drugwatch.topology;

import static io.drugwatch.topology.AlertFixture.SINKS;
import static io.drugwatch.topology.AlertFixture.keys;
import static io.drugwatch.topology.Events.LUDIAN;
import static io.drugwatch.topology.Events.local;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.drugwatch.model.Alert;
import io.drugwatch.model.AlertStatus;
import io.drugwatch.model.Severity;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlertPublisherTest {

    private static final Instant AT = local("2026-11-20", "10:00");

    private final AlertFixture fixture = new AlertFixture();
    private final OpenAlerts openAlerts = new OpenAlerts(fixture.open, fixture.history);
    private AlertPublisher publisher;

    @BeforeEach
    void setUp() {
        publisher = new AlertPublisher(fixture.context, SINKS, new PipelineMetrics(fixture.context), openAlerts);
        publisher.setTimestampCeiling(AT.toEpochMilli());
    }

    @Test
    void aCriticalAlertGoesToAlertsAlertsCriticalAndAlertsOpenAndIsKept() {
        Alert alert = fixture.alert("A-1", AlertStatus.OPEN, Severity.CRITICAL, AT);

        publisher.publish(alert);

        assertThat(fixture.context.forwarded())
                .extracting(f -> f.childName().orElseThrow(), f -> f.record().key())
                .containsExactly(
                        tuple(SINKS.all(), LUDIAN), tuple(SINKS.critical(), LUDIAN), tuple(SINKS.open(), "A-1"));
        assertThat(fixture.context.forwarded())
                .allSatisfy(f -> assertThat(f.record().value()).isEqualTo(alert));
        assertThat(openAlerts.last("A-1")).isEqualTo(alert);
        assertThat(keys(fixture.history)).hasSize(1);
        assertThat(alertsCounted("LARGE_SEIZURE", "CRITICAL", "OPEN")).isEqualTo(1.0);
    }

    @Test
    void aWarningGoesToAlertsWarningAndAnInfoToNoSeverityTopic() {
        publisher.publish(fixture.alert("A-1", AlertStatus.OPEN, Severity.WARNING, AT));
        publisher.publish(fixture.alert("A-2", AlertStatus.OPEN, Severity.INFO, AT));

        assertThat(fixture.context.forwarded())
                .extracting(f -> f.childName().orElseThrow())
                .containsExactly(SINKS.all(), SINKS.warning(), SINKS.open(), SINKS.all(), SINKS.open());
    }

    @Test
    void noRecordIsTimedAfterTheRecordBeingProcessed() {
        publisher.publish(fixture.alert("A-1", AlertStatus.OPEN, Severity.CRITICAL, AT.minusSeconds(60)));
        publisher.setTimestampCeiling(AT.minusSeconds(3600).toEpochMilli());
        publisher.publish(fixture.alert("A-2", AlertStatus.OPEN, Severity.CRITICAL, AT));

        assertThat(fixture.context.forwarded())
                .extracting(f -> f.record().timestamp())
                .containsExactly(
                        AT.minusSeconds(60).toEpochMilli(),
                        AT.minusSeconds(60).toEpochMilli(),
                        AT.minusSeconds(60).toEpochMilli(),
                        AT.minusSeconds(3600).toEpochMilli(),
                        AT.minusSeconds(3600).toEpochMilli(),
                        AT.minusSeconds(3600).toEpochMilli());
    }

    @Test
    void aTombstoneRemovesTheAlertFromAlertsOpenAndFromTheStores() {
        publisher.publish(fixture.alert("A-1", AlertStatus.OPEN, Severity.CRITICAL, AT));
        publisher.publish(fixture.alert("A-1", AlertStatus.RESOLVED, Severity.CRITICAL, AT.plusSeconds(60)));
        fixture.context.resetForwards();
        publisher.setTimestampCeiling(AT.plusSeconds(7200).toEpochMilli());

        publisher.tombstone("A-1");

        assertThat(fixture.context.forwarded()).hasSize(1);
        CapturedForward<? extends String, ? extends Alert> tombstone =
                fixture.context.forwarded().get(0);
        assertThat(tombstone.childName()).contains(SINKS.open());
        assertThat(tombstone.record().key()).isEqualTo("A-1");
        assertThat(tombstone.record().value()).isNull();
        assertThat(tombstone.record().timestamp())
                .isEqualTo(AT.plusSeconds(7200).toEpochMilli());
        assertThat(openAlerts.last("A-1")).isNull();
        assertThat(keys(fixture.history)).isEmpty();
    }

    private Object alertsCounted(String rule, String severity, String status) {
        return fixture.context.metrics().metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("alerts-total")
                        && e.getKey()
                                .tags()
                                .entrySet()
                                .containsAll(Map.of("rule", rule, "severity", severity, "status", status)
                                        .entrySet()))
                .map(Map.Entry::getValue)
                .map(Metric::metricValue)
                .findFirst()
                .orElseThrow();
    }
}
