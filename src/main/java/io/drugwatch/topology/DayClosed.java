package io.drugwatch.topology;

import io.drugwatch.domain.DailyPane;
import java.time.LocalDate;
import java.util.Map;

/**
 * A local day has closed: what each county with events did that day, and the first day the task has
 * data for (days before it are unknown to the alert baselines, not quiet). This is all the alerts
 * processor learns of the panes; it keeps its own history from it.
 */
record DayClosed(LocalDate day, Map<String, DailyPane> panes, LocalDate observedFrom) {
}
