package io.drugwatch.assessment;

import io.drugwatch.model.DrugType;
import io.drugwatch.model.Offense;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/**
 * 破抓缴查 of an area in a period: counts only, and sums of counties add up to their region
 * ({@link #plus}).
 *
 * @param casesByClass 破: criminal cases by weight class, counted in the period of their first event;
 *     every class is present
 * @param criminalSuspects 抓: suspects of criminal arrests in the period
 * @param administrativeSuspects persons of administrative arrests (users among them): not 抓
 * @param seizedMilligrams 缴: drugs seized in the period by drug, precursors excluded; zero drugs absent
 * @param precursorMilligrams precursor chemicals seized, reported on their own
 * @param cashFen drug money seized, in fen
 * @param usersNew 查: person-times of first-time users arrested for use
 * @param usersRelapsed 查: person-times of relapsed users (复吸) arrested for use
 * @param usersAtCheckpoints 查: users detected at checkpoints, new or relapsed not known
 */
public record Enforcement(
        Map<CaseClass, Long> casesByClass,
        long criminalSuspects,
        long administrativeSuspects,
        Map<DrugType, Long> seizedMilligrams,
        long precursorMilligrams,
        long cashFen,
        long usersNew,
        long usersRelapsed,
        long usersAtCheckpoints) {

    public static final Enforcement NONE = new Enforcement(Map.of(), 0, 0, Map.of(), 0, 0, 0, 0, 0);

    public Enforcement {
        Map<CaseClass, Long> classes = new EnumMap<>(CaseClass.class);
        for (CaseClass c : CaseClass.values()) {
            classes.put(c, casesByClass.getOrDefault(c, 0L));
        }
        casesByClass = Map.copyOf(classes);
        Map<DrugType, Long> drugs = new EnumMap<>(DrugType.class);
        seizedMilligrams.forEach((d, mg) -> {
            if (d == DrugType.PRECURSOR) {
                throw new IllegalArgumentException("precursors are counted in precursorMilligrams");
            }
            if (mg != 0) {
                drugs.put(d, mg);
            }
        });
        seizedMilligrams = Map.copyOf(drugs);
    }

    /**
     * The figures of one county in {@code period}.
     *
     * @param cases all the county's case files that may touch the period (others are ignored)
     * @param checkpoints the county's checkpoint detections (others than the period's are ignored)
     */
    public static Enforcement of(
            Period period, Collection<CaseFile> cases, Collection<CheckpointUsers> checkpoints, ProceedingRules rules) {
        Map<CaseClass, Long> classes = new EnumMap<>(CaseClass.class);
        Map<DrugType, Long> drugs = new EnumMap<>(DrugType.class);
        long criminal = 0;
        long administrative = 0;
        long precursor = 0;
        long cash = 0;
        long usersNew = 0;
        long usersRelapsed = 0;
        for (CaseFile file : cases) {
            if (period.contains(file.opened()) && file.isCriminal(rules)) {
                classes.merge(file.weightClass(), 1L, Long::sum);
            }
            for (CaseFile.Arrested a : file.arrests().values()) {
                if (!period.contains(a.date())) {
                    continue;
                }
                if (file.isCriminal(a, rules)) {
                    criminal += a.suspects();
                } else {
                    administrative += a.suspects();
                }
                if (a.offense() == Offense.USE) {
                    if (a.relapse()) {
                        usersRelapsed += a.suspects();
                    } else {
                        usersNew += a.suspects();
                    }
                }
            }
            for (CaseFile.Seized s : file.seizures().values()) {
                if (!period.contains(s.date())) {
                    continue;
                }
                if (s.drugType() == DrugType.PRECURSOR) {
                    precursor += s.milligrams();
                } else {
                    drugs.merge(s.drugType(), s.milligrams(), Long::sum);
                }
                cash += s.cashFen();
            }
        }
        long atCheckpoints = checkpoints.stream()
                .filter(c -> period.contains(c.date()))
                .mapToLong(CheckpointUsers::persons)
                .sum();
        return new Enforcement(
                classes, criminal, administrative, drugs, precursor, cash, usersNew, usersRelapsed, atCheckpoints);
    }

    public Enforcement plus(Enforcement o) {
        Map<CaseClass, Long> classes = new EnumMap<>(casesByClass);
        o.casesByClass.forEach((c, n) -> classes.merge(c, n, Long::sum));
        Map<DrugType, Long> drugs = new EnumMap<>(DrugType.class);
        drugs.putAll(seizedMilligrams);
        o.seizedMilligrams.forEach((d, mg) -> drugs.merge(d, mg, Long::sum));
        return new Enforcement(
                classes,
                criminalSuspects + o.criminalSuspects,
                administrativeSuspects + o.administrativeSuspects,
                drugs,
                precursorMilligrams + o.precursorMilligrams,
                cashFen + o.cashFen,
                usersNew + o.usersNew,
                usersRelapsed + o.usersRelapsed,
                usersAtCheckpoints + o.usersAtCheckpoints);
    }

    /** 破: criminal cases solved. */
    public long cases() {
        return casesByClass.values().stream().mapToLong(Long::longValue).sum();
    }

    public long cases(CaseClass weightClass) {
        return casesByClass.get(weightClass);
    }

    /** 缴: all drugs seized, precursors excluded. */
    public long drugMilligrams() {
        return seizedMilligrams.values().stream().mapToLong(Long::longValue).sum();
    }

    /** 查: person-times of users found. */
    public long usersFound() {
        return usersNew + usersRelapsed + usersAtCheckpoints;
    }
}
