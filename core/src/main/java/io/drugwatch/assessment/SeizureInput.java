package io.drugwatch.assessment;

import io.drugwatch.model.DrugType;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One seizure of one drug. A seizure first reported as suspected (可疑物) and later confirmed arrives twice
 * with the same {@code seizureRef}: the confirmed drug and weight replace the suspected ones.
 *
 * @param seizureRef the physical seizure this record weighs, or null: then the event is its own seizure
 * @param milligrams net weight, not converted by purity; precursors too
 * @param cashFen drug money seized alongside, in fen (0.01 CNY)
 */
public record SeizureInput(
        String eventId,
        String caseId,
        LocalDate date,
        String seizureRef,
        WeighStatus status,
        DrugType drugType,
        long milligrams,
        long cashFen)
        implements CaseEvent {

    public SeizureInput {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(drugType, "drugType");
        if (milligrams < 0 || cashFen < 0) {
            throw new IllegalArgumentException("negative weight or cash: " + milligrams + " mg, " + cashFen + " fen");
        }
    }

    /** A seizure weighed in grams with cash in CNY (null: none), as the Avro record carries them. */
    public static SeizureInput of(
            String eventId,
            String caseId,
            LocalDate date,
            String seizureRef,
            WeighStatus status,
            DrugType drugType,
            double grams,
            Double cashCny) {
        return new SeizureInput(
                eventId,
                caseId,
                date,
                seizureRef,
                status,
                drugType,
                Grams.toMilligrams(grams),
                cashCny == null ? 0 : Grams.toFen(cashCny));
    }

    /** The physical seizure this record weighs. */
    String ref() {
        return seizureRef == null ? eventId : seizureRef;
    }
}
