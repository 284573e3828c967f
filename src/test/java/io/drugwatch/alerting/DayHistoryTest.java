package io.drugwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drugwatch.domain.DailyPane;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DayHistoryTest {

    static final LocalDate DAY = LocalDate.of(2026, 11, 14);

    @Test
    void sumsTheDaysItHoldsAndReadsMissingDaysAsZero() {
        DayHistory history = DayHistory.of(DAY, Map.of(
                DAY, AlertRulesTest.arrests(2),
                DAY.minusDays(3), AlertRulesTest.arrests(5),
                DAY.minusDays(34), AlertRulesTest.arrests(1),
                DAY.minusDays(35), AlertRulesTest.arrests(100),
                DAY.plusDays(1), AlertRulesTest.arrests(100)));

        assertThat(history.startDate()).isEqualTo(DAY.minusDays(34));
        assertThat(history.sum(DAY.minusDays(6), DAY).arrestEvents()).isEqualTo(7);
        assertThat(history.sum(DAY.minusDays(34), DAY).arrestEvents()).isEqualTo(8);
        assertThat(history.pane(DAY.minusDays(1)).isEmpty()).isTrue();
        assertThat(history.pane(DAY.minusDays(3)).arrestEvents()).isEqualTo(5);
    }

    @Test
    void doesNotChangeThePanesItSums() {
        DailyPane today = AlertRulesTest.arrests(2);
        DayHistory history = DayHistory.of(DAY, Map.of(DAY, today, DAY.minusDays(1), AlertRulesTest.arrests(3)));

        history.sum(DAY.minusDays(1), DAY);

        assertThat(today.arrestEvents()).isEqualTo(2);
    }

    @Test
    void refusesDaysOutsideTheHistory() {
        DayHistory history = DayHistory.of(DAY, Map.of());

        assertThatThrownBy(() -> history.sum(DAY.minusDays(35), DAY)).hasMessageContaining("outside the history");
        assertThatThrownBy(() -> history.pane(DAY.plusDays(1))).hasMessageContaining("outside the history");
    }
}
