package io.drugwatch.topology;

import java.time.LocalDate;
import java.util.Set;

/**
 * A local day has closed; these counties have panes in the days the alert rules look back over, and
 * the task has data from {@code observedFrom} on.
 */
record DayClosed(LocalDate day, Set<String> counties, LocalDate observedFrom) {
}
