package io.drugwatch.assessment;

import io.drugwatch.model.DrugType;
import io.drugwatch.model.Offense;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * What one case has gathered so far: its arrests by event id and its seizures by seizure reference. It is
 * the per-case state the topology keeps under {@link #key}, and never leaves it: the indicators are counts
 * over case files ({@link Enforcement#of}).
 *
 * <p>A case counts in the period of its first event ({@link #opened}); its weight class is over all its
 * seizures, so a later seizure may move it to a heavier class in the period it was counted in.
 *
 * @param opened the date of its earliest event, whatever order events arrive in
 */
public record CaseFile(LocalDate opened, Map<String, Arrested> arrests, Map<String, Seized> seizures) {

    /** One arrest of the case. */
    public record Arrested(LocalDate date, Offense offense, int suspects, DrugType drugType, boolean relapse) {}

    /** One physical seizure of the case, at its latest weighing. */
    public record Seized(LocalDate date, WeighStatus status, DrugType drugType, long milligrams, long cashFen) {}

    public CaseFile {
        arrests = Map.copyOf(arrests);
        seizures = Map.copyOf(seizures);
    }

    /** The state key of the case an event belongs to: its case id, or the event itself when it has none. */
    public static String key(CaseEvent event) {
        return event.caseId() == null ? "event:" + event.eventId() : "case:" + event.caseId();
    }

    public static CaseFile open(CaseEvent event) {
        return new CaseFile(event.date(), Map.of(), Map.of()).with(event);
    }

    /** This case with {@code event} added; a re-sent event replaces the first. */
    public CaseFile with(CaseEvent event) {
        LocalDate first = event.date().isBefore(opened) ? event.date() : opened;
        if (event instanceof ArrestInput a) {
            Map<String, Arrested> m = new HashMap<>(arrests);
            m.put(a.eventId(), new Arrested(a.date(), a.offense(), a.suspects(), a.drugType(), a.relapse()));
            return new CaseFile(first, m, seizures);
        }
        SeizureInput s = (SeizureInput) event;
        Seized before = seizures.get(s.ref());
        // a suspected weight never replaces a confirmed one; the seizure keeps its first date
        if (before != null && before.status() == WeighStatus.CONFIRMED && s.status() == WeighStatus.SUSPECTED) {
            return new CaseFile(first, arrests, seizures);
        }
        LocalDate date = before != null && before.date().isBefore(s.date()) ? before.date() : s.date();
        Map<String, Seized> m = new HashMap<>(seizures);
        m.put(s.ref(), new Seized(date, s.status(), s.drugType(), s.milligrams(), s.cashFen()));
        return new CaseFile(first, arrests, m);
    }

    /** Drugs seized in the case, precursors excluded: they are reported on their own and weigh no case. */
    public long drugMilligrams() {
        return seizures.values().stream()
                .filter(s -> s.drugType() != DrugType.PRECURSOR)
                .mapToLong(Seized::milligrams)
                .sum();
    }

    public CaseClass weightClass() {
        return CaseClass.of(drugMilligrams());
    }

    /** A 破 case: one of its arrests is criminal, or it has none and seized drugs (when the rules say so). */
    public boolean isCriminal(ProceedingRules rules) {
        if (arrests.isEmpty()) {
            return rules.seizureOnlyCasesCriminal() && drugMilligrams() > 0;
        }
        return arrests.values().stream().anyMatch(a -> isCriminal(a, rules));
    }

    /** Whether an arrest of this case is criminal; a possession is when the case seized a legal amount. */
    boolean isCriminal(Arrested arrest, ProceedingRules rules) {
        return switch (rules.of(arrest.offense())) {
            case CRIMINAL -> true;
            case ADMINISTRATIVE -> false;
            case BY_AMOUNT -> {
                Map<DrugType, Long> byDrug = new HashMap<>();
                seizures.values().forEach(s -> byDrug.merge(s.drugType(), s.milligrams(), Long::sum));
                yield byDrug.entrySet().stream()
                        .filter(e -> arrest.drugType() == null || arrest.drugType() == e.getKey())
                        .anyMatch(e -> rules.atLeastLegalAmount(e.getKey(), e.getValue()));
            }
        };
    }
}
