package io.drugwatch.assessment;

import io.drugwatch.model.DrugType;
import io.drugwatch.model.Offense;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One arrest: {@code suspects} persons taken in one action for one offence.
 *
 * @param drugType the drug concerned, or null when not recorded
 * @param relapse a repeat user (复吸); counts for 查 with offence USE
 */
public record ArrestInput(
        String eventId,
        String caseId,
        LocalDate date,
        Offense offense,
        int suspects,
        DrugType drugType,
        boolean relapse)
        implements CaseEvent {

    public ArrestInput {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(offense, "offense");
        if (suspects < 1) {
            throw new IllegalArgumentException("suspects must be at least 1: " + suspects);
        }
    }
}
