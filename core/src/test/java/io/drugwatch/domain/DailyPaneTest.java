package io.drugwatch.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.drugwatch.model.DrugType;
import io.drugwatch.model.Offense;
import io.drugwatch.model.Substance;
import org.junit.jupiter.api.Test;

class DailyPaneTest {

    @Test
    void zhaotongCheckpointHaulSumsExactly() {
        // 昭通 2022 checkpoints: heroin 0.69925 kg + methamphetamine 1.99787 kg + meth tablets 26.6018 kg
        DailyPane pane = new DailyPane();
        pane.addSeizure(DrugType.HEROIN, 699.25);
        pane.addSeizure(DrugType.METHAMPHETAMINE, 1_997.87);
        pane.addSeizure(DrugType.METH_TABLETS, 26_601.8);
        assertThat(pane.seizedGrams()).isEqualTo(29_298.92);
        assertThat(pane.seizedGrams(DrugType.METH_TABLETS)).isEqualTo(26_601.8);
        assertThat(pane.seizureEvents()).isEqualTo(3);
        assertThat(pane.seizuresOver1kg()).isEqualTo(2);
        assertThat(pane.seizuresOver10kg()).isEqualTo(1);
    }

    @Test
    void sizeClassesIncludeTheirLowerBound() {
        DailyPane pane = new DailyPane();
        pane.addSeizure(DrugType.HEROIN, 999.999);
        pane.addSeizure(DrugType.HEROIN, 1_000);
        pane.addSeizure(DrugType.HEROIN, 10_000);
        assertThat(pane.seizuresOver1kg()).isEqualTo(2);
        assertThat(pane.seizuresOver10kg()).isEqualTo(1);
    }

    @Test
    void mergedPanesEqualOnePaneWithAllEvents() {
        DailyPane a = new DailyPane();
        a.addArrest(Offense.TRAFFICKING, 3, false);
        a.addInspection(200, false);
        a.addWastewater(Substance.METHAMPHETAMINE, 100, 50_000);
        DailyPane b = new DailyPane();
        b.addArrest(Offense.USE, 1, true);
        b.addInspection(5, true);
        b.addWastewater(Substance.METHAMPHETAMINE, 200, 50_000);
        b.addSeizure(DrugType.KETAMINE, 12.5);

        DailyPane all = new DailyPane();
        all.addArrest(Offense.TRAFFICKING, 3, false);
        all.addInspection(200, false);
        all.addWastewater(Substance.METHAMPHETAMINE, 100, 50_000);
        all.addArrest(Offense.USE, 1, true);
        all.addInspection(5, true);
        all.addWastewater(Substance.METHAMPHETAMINE, 200, 50_000);
        all.addSeizure(DrugType.KETAMINE, 12.5);

        DailyPane merged = new DailyPane();
        merged.merge(a);
        merged.merge(b);
        assertThat(merged).isEqualTo(all);
        assertThat(merged.suspects()).isEqualTo(4);
        assertThat(merged.suspects(Offense.TRAFFICKING)).isEqualTo(3);
        assertThat(merged.relapses()).isEqualTo(1);
        assertThat(merged.vehiclesInspected()).isEqualTo(205);
        assertThat(merged.inspectionHits()).isEqualTo(5);
        assertThat(merged.hitRatePer1000()).isCloseTo(5 * 1000.0 / 205, within(1e-9));
        assertThat(merged.meanLoad(Substance.METHAMPHETAMINE)).isEqualTo(150.0);
        assertThat(merged.meanLoad(Substance.MDMA)).isNull();
    }

    @Test
    void ratesAreNullWithoutTheirDenominator() {
        DailyPane pane = new DailyPane();
        pane.addArrest(Offense.USE, 26, false);
        assertThat(pane.hitRatePer1000()).isNull();
        assertThat(pane.suspectsPer100k(null)).isNull();
        assertThat(pane.suspectsPer100k(400_000L)).isEqualTo(6.5);
    }

    @Test
    void emptyUntilSomethingIsAdded() {
        DailyPane pane = new DailyPane();
        assertThat(pane.isEmpty()).isTrue();
        pane.addSeizure(DrugType.OPIUM, 0);
        assertThat(pane.isEmpty()).isFalse();
    }
}
