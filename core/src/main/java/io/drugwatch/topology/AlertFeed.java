package io.drugwatch.topology;

import io.drugwatch.domain.DailyPane;
import io.drugwatch.model.Seizure;
import io.drugwatch.model.WastewaterSample;
import java.time.LocalDate;
import java.util.Map;

/**
 * Everything the windows processor tells the alerts processor, and all the alerts processor learns of
 * the counts: it reads none of the windows processor's stores and keeps its own history from these.
 */
sealed interface AlertFeed {

    /**
     * A local day has closed: what each county with events did that day, and the first day the task has
     * data for (days before it are unknown to the alert baselines, not quiet).
     */
    record DayClosed(LocalDate day, Map<String, DailyPane> panes, LocalDate observedFrom) implements AlertFeed {}

    /** A seizure was counted: a large one is an alert at once. */
    record SeizureCounted(Seizure seizure) implements AlertFeed {}

    /** A wastewater sample was counted: the plant's samples are judged when the day closes. */
    record SampleCounted(WastewaterSample sample) implements AlertFeed {}
}
