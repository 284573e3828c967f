package io.drugwatch.assessment;

import io.drugwatch.model.DrugType;
import io.drugwatch.model.Offense;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which offences are criminal (抓, 破) and which administrative, and the legal amounts that make a
 * possession criminal. Defaults follow the Criminal Law; docs/assessment.md gives the reasons and the
 * settings.
 *
 * @param byOffense every offence's proceeding
 * @param legalAmountMilligrams per drug, the least amount whose possession is a crime (数量较大, Art. 348);
 *     a drug without one makes no possession criminal
 * @param seizureOnlyCasesCriminal whether a case with seized drugs and no arrest counts as a criminal case
 *     (drugs seized without a suspect, e.g. in the post, are registered as criminal cases)
 */
public record ProceedingRules(
        Map<Offense, Proceeding> byOffense,
        Map<DrugType, Long> legalAmountMilligrams,
        boolean seizureOnlyCasesCriminal) {

    public static final ProceedingRules DEFAULTS = new ProceedingRules(
            Map.of(
                    Offense.TRAFFICKING, Proceeding.CRIMINAL,
                    Offense.MANUFACTURING, Proceeding.CRIMINAL,
                    Offense.PRECURSOR_DIVERSION, Proceeding.CRIMINAL,
                    Offense.USE, Proceeding.ADMINISTRATIVE,
                    Offense.POSSESSION, Proceeding.BY_AMOUNT,
                    // Art. 351 needs 500+ poppy plants; the inputs carry no plant count and most cases are
                    // below it (Ludian: 2 criminal of 17)
                    Offense.CULTIVATION, Proceeding.ADMINISTRATIVE,
                    Offense.OTHER, Proceeding.ADMINISTRATIVE),
            // Art. 348's 数量较大 and the 2016 SPC interpretation, Art. 2
            Map.of(
                    DrugType.HEROIN, 10_000L,
                    DrugType.METHAMPHETAMINE, 10_000L,
                    DrugType.METH_TABLETS, 10_000L,
                    DrugType.OPIUM, 200_000L,
                    DrugType.COCAINE, 10_000L,
                    DrugType.MDMA, 20_000L,
                    DrugType.KETAMINE, 100_000L,
                    DrugType.CANNABIS, 30_000_000L),
            true);

    public ProceedingRules {
        for (Offense o : Offense.values()) {
            Objects.requireNonNull(byOffense.get(o), () -> "no proceeding for offence " + o);
        }
        legalAmountMilligrams.forEach((drug, mg) -> {
            if (drug == DrugType.PRECURSOR || mg <= 0) {
                throw new IllegalArgumentException("no legal amount for " + drug + ": " + mg + " mg");
            }
        });
        byOffense = Map.copyOf(byOffense);
        legalAmountMilligrams = Map.copyOf(legalAmountMilligrams);
    }

    public ProceedingRules withProceeding(Offense offense, Proceeding proceeding) {
        Map<Offense, Proceeding> m = new EnumMap<>(byOffense);
        m.put(offense, proceeding);
        return new ProceedingRules(m, legalAmountMilligrams, seizureOnlyCasesCriminal);
    }

    /** These rules with {@code drug}'s legal amount set to {@code grams}, or removed when it is null. */
    public ProceedingRules withLegalAmount(DrugType drug, Double grams) {
        Map<DrugType, Long> m = new EnumMap<>(DrugType.class);
        m.putAll(legalAmountMilligrams);
        if (grams == null) {
            m.remove(drug);
        } else {
            m.put(drug, Grams.toMilligrams(grams));
        }
        return new ProceedingRules(byOffense, m, seizureOnlyCasesCriminal);
    }

    public ProceedingRules withSeizureOnlyCasesCriminal(boolean criminal) {
        return new ProceedingRules(byOffense, legalAmountMilligrams, criminal);
    }

    public Proceeding of(Offense offense) {
        return byOffense.get(offense);
    }

    /** Whether an amount of {@code drug} is a criminal possession; false for a drug without a legal amount. */
    boolean atLeastLegalAmount(DrugType drug, long milligrams) {
        Long min = legalAmountMilligrams.get(drug);
        return min != null && milligrams >= min;
    }
}
