package io.drugwatch.topology;

import static io.drugwatch.topology.Events.LUDIAN;
import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.domain.DailyPane;
import io.drugwatch.model.Offense;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Where panes are filed, found and purged. */
class DailyPanesTest {

    private final WindowStores stores = new WindowStores();

    private static final String OTHER = "530622";
    private final DailyPanes panes = stores.panes();

    @Test
    void panesAreIndexedByDayAndPurgedThroughADay() {
        LocalDate d1 = LocalDate.parse("2026-11-19");
        LocalDate d2 = LocalDate.parse("2026-11-20");
        DailyPane p = panes.openPane(LUDIAN, d1);
        p.addArrest(Offense.USE, 2, false);
        panes.save(LUDIAN, d1, p);
        DailyPane q = panes.openPane(OTHER, d2);
        q.addArrest(Offense.USE, 1, false);
        panes.save(OTHER, d2, q);

        assertThat(panes.openPane(LUDIAN, d1)).as("the open pane, not a copy").isSameAs(p);
        assertThat(panes.daysWithData(d1, d2)).containsExactly(d1, d2);
        assertThat(panes.countiesWithData(d1, d2)).containsExactly(LUDIAN, OTHER);
        assertThat(panes.of(d2)).containsOnlyKeys(OTHER);
        DailyPane[] byDay = panes.of(LUDIAN, d1.minusDays(1), d2);
        assertThat(byDay).hasSize(3);
        assertThat(byDay[1]).isEqualTo(arrests(2));

        panes.purgeThrough(d1);
        assertThat(panes.daysWithData(d1, d2)).containsExactly(d2);
        assertThat(panes.of(LUDIAN, d1, d1)[0]).isNull();
    }

    private static DailyPane arrests(int suspects) {
        DailyPane pane = new DailyPane();
        pane.addArrest(Offense.USE, suspects, false);
        return pane;
    }
}
