package io.drugwatch.assessment;

import io.drugwatch.model.DrugType;
import io.drugwatch.model.Offense;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds case events and folds them into case files the way the topology's per-case store will. */
final class Cases {

    private final Map<String, CaseFile> files = new LinkedHashMap<>();
    private int nextEvent;

    Cases add(CaseEvent event) {
        files.merge(CaseFile.key(event), CaseFile.open(event), (old, fresh) -> old.with(event));
        return this;
    }

    Cases addAll(List<? extends CaseEvent> events) {
        events.forEach(this::add);
        return this;
    }

    Collection<CaseFile> files() {
        return files.values();
    }

    String nextId() {
        return "E" + ++nextEvent;
    }

    ArrestInput arrest(String caseId, LocalDate date, Offense offense, int suspects) {
        return new ArrestInput(nextId(), caseId, date, offense, suspects, null, false);
    }

    ArrestInput use(LocalDate date, int suspects, boolean relapse) {
        return new ArrestInput(nextId(), null, date, Offense.USE, suspects, null, relapse);
    }

    SeizureInput seizure(String caseId, LocalDate date, DrugType drug, double grams) {
        return SeizureInput.of(nextId(), caseId, date, null, WeighStatus.CONFIRMED, drug, grams, null);
    }

    /** A trafficking case: one arrest and one confirmed seizure per weight. */
    Cases trafficking(String caseId, LocalDate date, int suspects, DrugType drug, double... grams) {
        add(arrest(caseId, date, Offense.TRAFFICKING, suspects));
        for (double g : grams) {
            add(seizure(caseId, date, drug, g));
        }
        return this;
    }
}
