package io.drugwatch.topology;

import static io.drugwatch.topology.AlertFixture.keys;
import static io.drugwatch.topology.Events.local;
import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.domain.StoreKeys;
import io.drugwatch.model.Alert;
import io.drugwatch.model.AlertStatus;
import io.drugwatch.model.Severity;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OpenAlertsTest {

    private static final Instant AT = local("2026-11-20", "10:00");

    private final AlertFixture fixture = new AlertFixture();
    private final OpenAlerts openAlerts = new OpenAlerts(fixture.open, fixture.history);

    @Test
    void anAlertKeepsItsLastRecordAndEveryChange() {
        Alert opened = fixture.alert("A-1", AlertStatus.OPEN, Severity.WARNING, AT);
        Alert escalated = fixture.alert("A-1", AlertStatus.ESCALATED, Severity.CRITICAL, AT.plusSeconds(60));

        openAlerts.put(opened);
        openAlerts.put(escalated);

        assertThat(openAlerts.last("A-1")).isEqualTo(escalated);
        assertThat(keys(fixture.open)).containsExactly("A-1");
        assertThat(keys(fixture.history))
                .containsExactly(StoreKeys.AlertHistory.key(opened), StoreKeys.AlertHistory.key(escalated));
    }

    @Test
    void onlyAlertsResolvedByTheCutoffAreListed() {
        openAlerts.put(fixture.alert("A-open", AlertStatus.OPEN, Severity.CRITICAL, AT));
        openAlerts.put(fixture.alert("A-early", AlertStatus.RESOLVED, Severity.CRITICAL, AT));
        openAlerts.put(fixture.alert("A-late", AlertStatus.RESOLVED, Severity.CRITICAL, AT.plusMillis(1)));

        assertThat(openAlerts.resolvedBy(AT.toEpochMilli())).containsExactly("A-early");
    }

    @Test
    void aForgottenAlertTakesItsHistoryAndNoOtherAlertsWithIt() {
        Alert other = fixture.alert("A-12", AlertStatus.OPEN, Severity.CRITICAL, AT);
        openAlerts.put(fixture.alert("A-1", AlertStatus.OPEN, Severity.CRITICAL, AT));
        openAlerts.put(fixture.alert("A-1", AlertStatus.RESOLVED, Severity.CRITICAL, AT.plusSeconds(60)));
        openAlerts.put(other);

        openAlerts.forget("A-1");

        assertThat(openAlerts.last("A-1")).isNull();
        assertThat(keys(fixture.history)).containsExactly(StoreKeys.AlertHistory.key(other));
        assertThat(openAlerts.last("A-12")).isEqualTo(other);
    }
}
