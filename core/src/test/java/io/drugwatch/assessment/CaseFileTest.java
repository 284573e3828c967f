package io.drugwatch.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.model.DrugType;
import io.drugwatch.model.Offense;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CaseFileTest {

    static final LocalDate DAY = LocalDate.of(2020, 3, 10);
    static final Period JAN_TO_JUN_12 = Period.yearToDate(LocalDate.of(2020, 6, 12));
    static final ProceedingRules RULES = ProceedingRules.DEFAULTS;

    @Test
    void aClassIncludesItsBound() {
        assertThat(CaseClass.of(10_000_000)).isEqualTo(CaseClass.TEN_KG);
        assertThat(CaseClass.of(9_999_999)).isEqualTo(CaseClass.ONE_KG);
        assertThat(CaseClass.of(1_000_000)).isEqualTo(CaseClass.ONE_KG);
        assertThat(CaseClass.of(999_999)).isEqualTo(CaseClass.HUNDRED_G);
        assertThat(CaseClass.of(100_000)).isEqualTo(CaseClass.HUNDRED_G);
        assertThat(CaseClass.of(99_999)).isEqualTo(CaseClass.SMALL);
        assertThat(CaseClass.of(0)).isEqualTo(CaseClass.SMALL);
    }

    @Test
    void twoSeizuresOfOneCaseAreOneTenKgCase() {
        // Jianghan's "7·11" case (seed 004): 15 kg at the deal, 4 kg more at a suspect's home
        Cases c = new Cases().trafficking("7-11", DAY, 5, DrugType.METHAMPHETAMINE, 15_000, 4_000);

        assertThat(c.files()).singleElement().satisfies(f -> {
            assertThat(f.drugMilligrams()).isEqualTo(19_000_000);
            assertThat(f.weightClass()).isEqualTo(CaseClass.TEN_KG);
        });
        Enforcement e = Enforcement.of(JAN_TO_JUN_12, c.files(), List.of(), RULES);
        assertThat(e.cases()).isEqualTo(1);
        assertThat(e.cases(CaseClass.TEN_KG)).isEqualTo(1);
    }

    @Test
    void aConfirmedWeightReplacesTheSuspectedOneAndIsNeverReplacedByIt() {
        Cases c = new Cases()
                .add(new SeizureInput("s1", "K", DAY, "R1", WeighStatus.SUSPECTED, DrugType.HEROIN, 1_200_000, 0));
        assertThat(c.files()).singleElement().extracting(CaseFile::weightClass).isEqualTo(CaseClass.ONE_KG);

        c.add(new SeizureInput("s2", "K", DAY.plusDays(3), "R1", WeighStatus.CONFIRMED, DrugType.HEROIN, 950_000, 0));
        assertThat(c.files()).singleElement().satisfies(f -> {
            assertThat(f.drugMilligrams()).isEqualTo(950_000);
            assertThat(f.weightClass()).isEqualTo(CaseClass.HUNDRED_G);
            // the seizure keeps the date it was made, not the date it was confirmed
            assertThat(f.seizures().get("R1").date()).isEqualTo(DAY);
        });

        // a suspected weighing that arrives late does not undo the confirmation
        c.add(new SeizureInput("s1", "K", DAY, "R1", WeighStatus.SUSPECTED, DrugType.HEROIN, 1_200_000, 0));
        assertThat(c.files())
                .singleElement()
                .extracting(CaseFile::drugMilligrams)
                .isEqualTo(950_000L);
    }

    @Test
    void precursorsAreCountedOnTheirOwnAndMakeNoCaseHeavier() {
        Cases c = new Cases().trafficking("K", DAY, 1, DrugType.HEROIN, 300);
        c.add(c.seizure("K", DAY, DrugType.PRECURSOR, 500_000_000));

        assertThat(c.files()).singleElement().extracting(CaseFile::weightClass).isEqualTo(CaseClass.HUNDRED_G);
        Enforcement e = Enforcement.of(JAN_TO_JUN_12, c.files(), List.of(), RULES);
        assertThat(e.drugMilligrams()).isEqualTo(300_000);
        assertThat(e.precursorMilligrams()).isEqualTo(500_000_000_000L);
        assertThat(e.seizedMilligrams()).containsOnlyKeys(DrugType.HEROIN);
    }

    @Test
    void anEventWithoutACaseIdIsACaseOfItsOwn() {
        Cases c = new Cases();
        c.add(c.seizure(null, DAY, DrugType.HEROIN, 30));
        c.add(c.seizure(null, DAY, DrugType.HEROIN, 30));
        c.add(c.arrest(null, DAY, Offense.TRAFFICKING, 1));

        assertThat(c.files()).hasSize(3);
        assertThat(Enforcement.of(JAN_TO_JUN_12, c.files(), List.of(), RULES).cases(CaseClass.SMALL))
                .isEqualTo(3);
    }

    @Test
    void aCaseCountsInThePeriodOfItsFirstEventWhateverTheOrderOfArrival() {
        LocalDate june10 = LocalDate.of(2020, 6, 10);
        LocalDate june14 = LocalDate.of(2020, 6, 14);
        Cases c = new Cases();
        // the later seizure arrives first
        c.add(c.seizure("K", june14, DrugType.HEROIN, 9_000));
        c.add(c.arrest("K", june10, Offense.TRAFFICKING, 2));
        c.add(c.seizure("K", june10, DrugType.HEROIN, 2_000));

        Enforcement upToJune12 = Enforcement.of(JAN_TO_JUN_12, c.files(), List.of(), RULES);
        // counted once, where it was opened, with the class of all it seized ...
        assertThat(upToJune12.cases(CaseClass.TEN_KG)).isEqualTo(1);
        // ... while each seizure's drugs count where they were seized
        assertThat(upToJune12.drugMilligrams()).isEqualTo(2_000_000);

        Enforcement june = Enforcement.of(Period.month(YearMonth.of(2020, 6)), c.files(), List.of(), RULES);
        Enforcement after = Enforcement.of(Period.yearToDate(LocalDate.of(2020, 12, 31)), c.files(), List.of(), RULES);
        assertThat(june.cases()).isEqualTo(1);
        assertThat(after.drugMilligrams()).isEqualTo(11_000_000);
        assertThat(Enforcement.of(Period.month(YearMonth.of(2020, 7)), c.files(), List.of(), RULES)
                        .cases())
                .isZero();
    }

    @Test
    void jinpingJanuaryToJune12th2020() {
        // seed 000: 14 cases = 2 万克 + 5 千克 + 3 百克 + 4 零星, 24 suspects, 54 kg
        LocalDate d = LocalDate.of(2020, 1, 8);
        Cases c = new Cases()
                .trafficking("W1", d, 3, DrugType.METH_TABLETS, 20_000)
                .trafficking("W2", d.plusDays(30), 4, DrugType.METHAMPHETAMINE, 15_000, 4_000)
                .trafficking("Q1", d.plusDays(40), 2, DrugType.HEROIN, 3_000)
                .trafficking("Q3", d.plusDays(50), 2, DrugType.METHAMPHETAMINE, 2_500)
                .trafficking("Q4", d.plusDays(60), 2, DrugType.METH_TABLETS, 2_500)
                .trafficking("Q5", d.plusDays(70), 2, DrugType.HEROIN, 1_000, 500)
                .trafficking("B1", d.plusDays(80), 1, DrugType.HEROIN, 900)
                .trafficking("B2", d.plusDays(90), 1, DrugType.HEROIN, 800)
                .trafficking("B3", d.plusDays(100), 1, DrugType.METHAMPHETAMINE, 600)
                .trafficking("L1", d.plusDays(110), 1, DrugType.HEROIN, 80)
                .trafficking("L2", d.plusDays(120), 1, DrugType.HEROIN, 60)
                .trafficking("L3", d.plusDays(130), 2, DrugType.METH_TABLETS, 40);
        // a kilogram case first weighed as suspect material, then confirmed lighter
        c.add(c.arrest("Q2", d.plusDays(45), Offense.TRAFFICKING, 2));
        c.add(new SeizureInput(
                "q2a", "Q2", d.plusDays(45), "Q2-1", WeighStatus.SUSPECTED, DrugType.HEROIN, 3_100_000, 0));
        c.add(new SeizureInput(
                "q2b", "Q2", d.plusDays(52), "Q2-1", WeighStatus.CONFIRMED, DrugType.HEROIN, 3_000_000, 0));
        // drugs found without a suspect, and no case number
        c.add(c.seizure(null, d.plusDays(140), DrugType.HEROIN, 20));
        // not cases: a user, a precursor find, and a case of 13 June
        c.add(c.use(d.plusDays(10), 1, false));
        c.add(c.seizure("P1", d.plusDays(20), DrugType.PRECURSOR, 2_000_000));
        c.trafficking("LATE", LocalDate.of(2020, 6, 13), 3, DrugType.HEROIN, 5_000);

        Enforcement e = Enforcement.of(JAN_TO_JUN_12, c.files(), List.of(), RULES);

        assertThat(e.cases()).isEqualTo(14);
        assertThat(e.casesByClass())
                .isEqualTo(Map.of(
                        CaseClass.TEN_KG, 2L, CaseClass.ONE_KG, 5L, CaseClass.HUNDRED_G, 3L, CaseClass.SMALL, 4L));
        assertThat(e.criminalSuspects()).isEqualTo(24);
        assertThat(e.drugMilligrams()).isEqualTo(54_000_000);
        assertThat(e.precursorMilligrams()).isEqualTo(2_000_000_000L);
        assertThat(e.administrativeSuspects()).isEqualTo(1);
        assertThat(e.usersFound()).isEqualTo(1);
    }

    @Test
    void zhaotongCheckpointSeizuresAddUpToTheMilligram() {
        // seed 001: 29.29892 kg = heroin 0.69925 kg + methamphetamine 1.99787 kg + tablets 26.6018 kg
        Cases c = new Cases()
                .add(SeizureInput.of("a", "C1", DAY, null, WeighStatus.SUSPECTED, DrugType.HEROIN, 699.25, 121_800.0))
                .add(SeizureInput.of(
                        "b", "C2", DAY, null, WeighStatus.SUSPECTED, DrugType.METHAMPHETAMINE, 1_997.87, null))
                .add(SeizureInput.of(
                        "c", "C3", DAY, null, WeighStatus.SUSPECTED, DrugType.METH_TABLETS, 26_601.8, null));

        Enforcement e = Enforcement.of(Period.year(2020), c.files(), List.of(), RULES);

        assertThat(e.drugMilligrams()).isEqualTo(29_298_920);
        assertThat(e.cashFen()).isEqualTo(12_180_000);
    }
}
