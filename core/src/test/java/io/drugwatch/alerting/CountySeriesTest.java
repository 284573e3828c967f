package io.drugwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drugwatch.alerting.CountySeries.Series;
import io.drugwatch.domain.DailyPane;
import io.drugwatch.model.Offense;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CountySeriesTest {

    static final LocalDate DAY = LocalDate.of(2026, 11, 14);

    static DailyPane pane(int arrests, int useSuspects, int vehicles, int hits) {
        DailyPane p = new DailyPane();
        for (int i = 0; i < arrests; i++) {
            p.addArrest(Offense.TRAFFICKING, 2, false);
        }
        for (int i = 0; i < useSuspects; i++) {
            p.addArrest(Offense.USE, 1, true);
        }
        if (vehicles > 0) {
            p.addInspection(vehicles - hits, false);
        }
        for (int i = 0; i < hits; i++) {
            p.addInspection(1, true);
        }
        return p;
    }

    @Test
    void recordsDailyCountsAndReadsMissingDaysAsZero() {
        CountySeries s = CountySeries.empty(DAY.minusDays(10));
        s.record(DAY.minusDays(3), pane(2, 1, 500, 3));
        s.record(DAY, pane(1, 0, 0, 0));

        assertThat(s.lastDay()).isEqualTo(DAY);
        assertThat(s.get(Series.ARREST_EVENTS, DAY.minusDays(3))).isEqualTo(3);
        assertThat(s.get(Series.SUSPECTS, DAY.minusDays(3))).isEqualTo(5);
        // one USE suspect who relapsed counts twice, on purpose
        assertThat(s.get(Series.ENFORCEMENT, DAY.minusDays(3))).isEqualTo(2);
        assertThat(s.get(Series.VEHICLES, DAY.minusDays(3))).isEqualTo(500);
        assertThat(s.get(Series.INSPECTION_HITS, DAY.minusDays(3))).isEqualTo(3);
        assertThat(s.get(Series.ARREST_EVENTS, DAY.minusDays(2))).isZero();
        assertThat(s.get(Series.ARREST_EVENTS, DAY.plusDays(5))).isZero();
        assertThat(s.get(Series.ARREST_EVENTS, DAY.minusDays(CountySeries.DAYS + 5)))
                .isZero();
        assertThat(s.sum(Series.ARREST_EVENTS, DAY.minusDays(6), DAY)).isEqualTo(4);
    }

    @Test
    void aSeriesStartedLateKnowsNothingBeforeItsFirstDay() {
        CountySeries s = CountySeries.startingOn(DAY);
        s.record(DAY, pane(1, 0, 0, 0));
        assertThat(s.knownFrom(DAY.minusDays(300))).isEqualTo(DAY);
        assertThat(s.knownFrom(DAY.plusDays(3))).isEqualTo(DAY.plusDays(3));
        assertThat(CountySeries.empty(DAY).knownFrom(DAY.minusDays(300))).isEqualTo(DAY.minusDays(300));
    }

    @Test
    void daysOlderThanTheSpanFallOut() {
        CountySeries s = CountySeries.empty(DAY.minusDays(1));
        s.record(DAY, pane(5, 0, 0, 0));
        s.record(DAY.plusDays(CountySeries.DAYS - 1), pane(1, 0, 0, 0));
        assertThat(s.get(Series.ARREST_EVENTS, DAY)).isEqualTo(5);
        s.record(DAY.plusDays(CountySeries.DAYS), pane(1, 0, 0, 0));
        assertThat(s.get(Series.ARREST_EVENTS, DAY)).isZero();
        assertThat(s.quietThrough(DAY.plusDays(2L * CountySeries.DAYS + 1))).isTrue();
        assertThat(s.quietThrough(DAY.plusDays(CountySeries.DAYS))).isFalse();
        assertThatThrownBy(() -> s.record(DAY, pane(1, 0, 0, 0))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encodingRoundTrips() {
        CountySeries s = CountySeries.empty(DAY.minusDays(50));
        for (int i = 40; i >= 0; i -= 3) {
            s.record(DAY.minusDays(i), pane(i % 4, i % 3, 1000 + i, i % 5));
        }
        CountySeries back = CountySeries.decode(s.encode());
        assertThat(back.lastDay()).isEqualTo(s.lastDay());
        CountySeries started = CountySeries.startingOn(DAY);
        assertThat(CountySeries.decode(started.encode()).knownFrom(DAY.minusDays(300)))
                .isEqualTo(DAY);
        for (Series series : Series.values()) {
            for (int i = 0; i < CountySeries.DAYS; i++) {
                assertThat(back.get(series, DAY.minusDays(i))).isEqualTo(s.get(series, DAY.minusDays(i)));
            }
        }
        // about a kilobyte per county
        assertThat(s.encode().length).isLessThan(1_500);
    }
}
