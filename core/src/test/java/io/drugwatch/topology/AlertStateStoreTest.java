package io.drugwatch.topology;

import static io.drugwatch.topology.Events.JINPING;
import static io.drugwatch.topology.Events.LUDIAN;
import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.alerting.AlertState;
import io.drugwatch.alerting.AlertStateCodec;
import io.drugwatch.domain.StoreKeys;
import io.drugwatch.model.AlertRule;
import io.drugwatch.model.AlertStatus;
import io.drugwatch.model.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertStateStoreTest {

    private static final long T = 1_000_000L;

    private final AlertFixture fixture = new AlertFixture();
    private final AlertStateStore states = new AlertStateStore(fixture.states);

    private final String ludianDaily = StoreKeys.AlertStates.key(LUDIAN, AlertRule.COUNT_SPIKE, "ARREST_EVENTS");
    private final String ludianResolved = StoreKeys.AlertStates.key(LUDIAN, AlertRule.COUNT_SPIKE, "SUSPECTS");
    private final String ludianSeizure = StoreKeys.AlertStates.key(LUDIAN, AlertRule.LARGE_SEIZURE, "big-1");
    private final String jinpingSeizure = StoreKeys.AlertStates.key(JINPING, AlertRule.LARGE_SEIZURE, "big-2");

    @Test
    void aStateIsStoredWithTheCodecUnderItsKey() {
        AlertState state = daily(AlertStatus.OPEN);

        states.put(ludianDaily, state);

        assertThat(states.get(ludianDaily)).isEqualTo(state);
        assertThat(AlertStateCodec.decode(fixture.states.get(ludianDaily))).isEqualTo(state);
        assertThat(states.get(ludianResolved)).isNull();
        states.delete(ludianDaily);
        assertThat(states.get(ludianDaily)).isNull();
    }

    @Test
    void theKeyOfAFindingIsItsCountyRuleAndSubject() {
        String key = AlertStateStore.key(LUDIAN, fixture.largeSeizure("big-1", Events.local("2026-11-20", "10:00")));

        assertThat(key).isEqualTo(ludianSeizure);
        assertThat(AlertStateStore.county(key)).isEqualTo(LUDIAN);
    }

    @Test
    void openDailyAlertsAreListedByCountyWithoutPerEventOrResolvedOnes() {
        states.put(ludianDaily, daily(AlertStatus.ESCALATED));
        states.put(ludianResolved, daily(AlertStatus.RESOLVED));
        states.put(ludianSeizure, perEvent(T));

        assertThat(states.openDailyByCounty()).isEqualTo(Map.of(LUDIAN, List.of(ludianDaily)));
    }

    @Test
    void onlyOpenAlertsDueByStreamTimeAreDue() {
        states.put(ludianDaily, daily(AlertStatus.OPEN));
        states.put(ludianSeizure, perEvent(T));
        states.put(jinpingSeizure, perEvent(T + 1));

        assertThat(states.dueBy(T)).isEqualTo(Map.of(ludianSeizure, perEvent(T)));
        assertThat(states.dueBy(T + 1)).containsOnlyKeys(jinpingSeizure, ludianSeizure);
    }

    private static AlertState daily(AlertStatus status) {
        return new AlertState("daily", status, Severity.WARNING, 0, 0, Long.MAX_VALUE);
    }

    private static AlertState perEvent(long resolveAt) {
        return new AlertState("seizure", AlertStatus.OPEN, Severity.CRITICAL, 0, 0, resolveAt);
    }
}
