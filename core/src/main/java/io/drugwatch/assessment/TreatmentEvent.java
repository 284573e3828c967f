package io.drugwatch.assessment;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One step of a person's treatment, from the treatment-orders stream.
 *
 * @param personRef a pseudonymous reference to the person: the key of their {@link PersonHistory}, never
 *     an output
 * @param kind the order the step is about; null only for RELAPSED
 */
public record TreatmentEvent(String personRef, LocalDate date, TreatmentKind kind, TreatmentStatus status) {

    public TreatmentEvent {
        Objects.requireNonNull(personRef, "personRef");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(status, "status");
        if (kind == null && status != TreatmentStatus.RELAPSED) {
            throw new IllegalArgumentException(status + " needs the kind of order it is about");
        }
    }
}
