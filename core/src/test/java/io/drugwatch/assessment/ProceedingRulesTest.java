package io.drugwatch.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drugwatch.model.DrugType;
import io.drugwatch.model.Offense;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProceedingRulesTest {

    static final LocalDate DAY = LocalDate.of(2022, 5, 4);
    static final Period YEAR = Period.year(2022);

    @Test
    void defaultsFollowTheCriminalLaw() {
        ProceedingRules r = ProceedingRules.DEFAULTS;

        assertThat(r.of(Offense.TRAFFICKING)).isEqualTo(Proceeding.CRIMINAL);
        assertThat(r.of(Offense.MANUFACTURING)).isEqualTo(Proceeding.CRIMINAL);
        assertThat(r.of(Offense.PRECURSOR_DIVERSION)).isEqualTo(Proceeding.CRIMINAL);
        assertThat(r.of(Offense.USE)).isEqualTo(Proceeding.ADMINISTRATIVE);
        assertThat(r.of(Offense.POSSESSION)).isEqualTo(Proceeding.BY_AMOUNT);
        assertThat(r.of(Offense.CULTIVATION)).isEqualTo(Proceeding.ADMINISTRATIVE);
        assertThat(r.of(Offense.OTHER)).isEqualTo(Proceeding.ADMINISTRATIVE);
    }

    @Test
    void aPossessionIsCriminalFromTheLegalAmountOfItsDrug() {
        // Art. 348: heroin or methamphetamine 10 g and more, opium 200 g and more
        assertThat(possession(DrugType.HEROIN, 9.999)).isEqualTo(new long[] {0, 1});
        assertThat(possession(DrugType.HEROIN, 10)).isEqualTo(new long[] {1, 0});
        assertThat(possession(DrugType.OPIUM, 150)).isEqualTo(new long[] {0, 1});
        assertThat(possession(DrugType.OPIUM, 200)).isEqualTo(new long[] {1, 0});
        // no legal amount for new psychoactive substances by default
        assertThat(possession(DrugType.NPS, 5_000)).isEqualTo(new long[] {0, 1});
    }

    @Test
    void aPossessionWithoutSeizedDrugsIsAdministrative() {
        Cases c = new Cases();
        c.add(c.arrest(null, DAY, Offense.POSSESSION, 1));

        Enforcement e = Enforcement.of(YEAR, c.files(), List.of(), ProceedingRules.DEFAULTS);

        assertThat(e.cases()).isZero();
        assertThat(e.administrativeSuspects()).isEqualTo(1);
    }

    @Test
    void aPossessionOfOneDrugIsJudgedOnThatDrugAlone() {
        Cases c = new Cases();
        c.add(new ArrestInput("a", "K", DAY, Offense.POSSESSION, 1, DrugType.OPIUM, false));
        c.add(c.seizure("K", DAY, DrugType.HEROIN, 50));
        c.add(c.seizure("K", DAY, DrugType.OPIUM, 100));

        assertThat(Enforcement.of(YEAR, c.files(), List.of(), ProceedingRules.DEFAULTS)
                        .criminalSuspects())
                .isZero();
    }

    @Test
    void cultivationCountsAsCriminalWhenSetSo() {
        // Ludian (seed 001): 17 cultivation cases, 2 of them criminal
        Cases c = new Cases();
        for (int i = 0; i < 17; i++) {
            c.add(c.arrest("G" + i, DAY, Offense.CULTIVATION, 1));
        }
        assertThat(Enforcement.of(YEAR, c.files(), List.of(), ProceedingRules.DEFAULTS)
                        .cases())
                .isZero();

        ProceedingRules criminal = ProceedingRules.DEFAULTS.withProceeding(Offense.CULTIVATION, Proceeding.CRIMINAL);
        Enforcement e = Enforcement.of(YEAR, c.files(), List.of(), criminal);
        assertThat(e.cases()).isEqualTo(17);
        assertThat(e.criminalSuspects()).isEqualTo(17);
    }

    @Test
    void legalAmountsAndSeizureOnlyCasesAreSettings() {
        Cases c = new Cases();
        c.add(c.seizure(null, DAY, DrugType.NPS, 30));
        c.add(c.arrest("K", DAY, Offense.POSSESSION, 1));
        c.add(c.seizure("K", DAY, DrugType.NPS, 30));

        ProceedingRules rules =
                ProceedingRules.DEFAULTS.withLegalAmount(DrugType.NPS, 20.0).withSeizureOnlyCasesCriminal(false);
        Enforcement e = Enforcement.of(YEAR, c.files(), List.of(), rules);

        assertThat(e.cases()).isEqualTo(1);
        assertThat(e.criminalSuspects()).isEqualTo(1);
        assertThat(rules.withLegalAmount(DrugType.NPS, null).legalAmountMilligrams())
                .isEqualTo(ProceedingRules.DEFAULTS.legalAmountMilligrams());
    }

    @Test
    void refusesAnIncompleteMappingAndALegalAmountForPrecursors() {
        assertThatThrownBy(() -> new ProceedingRules(Map.of(Offense.USE, Proceeding.ADMINISTRATIVE), Map.of(), true))
                .hasMessageContaining("no proceeding for offence");
        assertThatThrownBy(() -> ProceedingRules.DEFAULTS.withLegalAmount(DrugType.PRECURSOR, 1.0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void usersFoundAreNewAndRelapsedUsersArrestedAndUsersDetectedAtCheckpoints() {
        Cases c = new Cases();
        c.add(c.use(DAY, 3, false));
        c.add(c.use(DAY, 2, true));
        c.add(c.use(DAY.minusYears(1), 7, false));

        Enforcement e = Enforcement.of(
                YEAR,
                c.files(),
                List.of(new CheckpointUsers(DAY, 12), new CheckpointUsers(DAY.minusYears(1), 1)),
                ProceedingRules.DEFAULTS);

        assertThat(e.usersNew()).isEqualTo(3);
        assertThat(e.usersRelapsed()).isEqualTo(2);
        assertThat(e.usersAtCheckpoints()).isEqualTo(12);
        assertThat(e.usersFound()).isEqualTo(17);
        assertThat(e.criminalSuspects()).isZero();
        assertThat(e.cases()).isZero();
    }

    /** {criminal, administrative} suspects of one possession of {@code grams} of {@code drug}. */
    private static long[] possession(DrugType drug, double grams) {
        Cases c = new Cases();
        c.add(c.arrest("K", DAY, Offense.POSSESSION, 1));
        c.add(c.seizure("K", DAY, drug, grams));
        Enforcement e = Enforcement.of(YEAR, c.files(), List.of(), ProceedingRules.DEFAULTS);
        return new long[] {e.criminalSuspects(), e.administrativeSuspects()};
    }
}
