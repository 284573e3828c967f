package io.drugwatch.evaluate;

import io.drugwatch.model.AlertRule;
import java.time.LocalDate;
import java.util.Objects;

/**
 * An alert that opened, or a reference method's alarm that would have: the rule family, the county,
 * the subject and the local day judged.
 */
public record Open(AlertRule family, String county, String subject, LocalDate day) {

    public Open {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(county, "county");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(day, "day");
    }
}
