package io.drugwatch.assessment;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A decision a commission took, as recorded: to designate an area or to lift a designation.
 *
 * @param office the deciding office's code (e.g. the national commission, a provincial one)
 */
public record Decision(LocalDate date, Action action, DesignationKind kind, String office) {

    public enum Action {
        DESIGNATE,
        LIFT
    }

    public Decision {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(kind, "kind");
        if (office == null || office.isBlank()) {
            throw new IllegalArgumentException("a decision names its office");
        }
    }
}
