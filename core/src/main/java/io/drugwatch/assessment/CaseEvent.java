package io.drugwatch.assessment;

import java.time.LocalDate;

/** An arrest or seizure as the case count sees it; the topology makes one from each accepted Avro event. */
public sealed interface CaseEvent permits ArrestInput, SeizureInput {

    /** The event's id at the source: a re-sent event replaces the first. */
    String eventId();

    /** The case the event belongs to, or null: then the event is a case of its own. */
    String caseId();

    /** The local date it occurred, in the configured zone. */
    LocalDate date();
}
