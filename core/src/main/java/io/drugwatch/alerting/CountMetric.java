package io.drugwatch.alerting;

import io.drugwatch.domain.DailyPane;
import java.util.function.ToLongFunction;

/** Daily counts that COUNT_SPIKE watches; the names are the rule's subjects and the values of its metrics key. */
public enum CountMetric {
    ARREST_EVENTS(DailyPane::arrestEvents),
    SUSPECTS(DailyPane::suspects),
    SEIZURE_EVENTS(DailyPane::seizureEvents),
    INSPECTION_HITS(DailyPane::inspectionHits);

    private final ToLongFunction<DailyPane> count;

    CountMetric(ToLongFunction<DailyPane> count) {
        this.count = count;
    }

    public long of(DailyPane pane) {
        return count.applyAsLong(pane);
    }
}
