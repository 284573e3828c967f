package io.drugwatch.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.model.CountyIndicators;
import io.drugwatch.model.RegionIndicators;
import io.drugwatch.model.RegionLevel;
import io.drugwatch.serde.TestRecords;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegionTotalsTest {

    private static final CountyIndicators RUILI = TestRecords.countyIndicators();

    @Test
    void aCountyWindowContributesToItsPrefectureWindow() {
        RegionTotals share = RegionTotals.of(RegionLevel.PREFECTURE, RUILI);

        assertThat(share.key()).isEqualTo("PREFECTURE|533100|7|2024-03-05");
        RegionIndicators region = new RegionTotals().add(share).toRecord();
        assertThat(region.getCountiesReporting()).isEqualTo(1);
        assertThat(region.getCountiesFinal()).isEqualTo(1);
        assertThat(region.getSuspects()).isEqualTo(9);
        assertThat(region.getSuspectsByOffense())
                .containsExactlyInAnyOrderEntriesOf(Map.of("TRAFFICKING", 6L, "USE", 3L));
        assertThat(region.getSeizedGrams()).isEqualTo(1_830.5);
        assertThat(region.getSeizedGramsByDrug()).containsEntry("HEROIN", 1_250.5);
        assertThat(region.getWastewaterLoad()).containsEntry("METHAMPHETAMINE", 112.4);
        assertThat(region.getHitRatePer1000()).isEqualTo(2.5);
    }

    @Test
    void subtractingTheOldWindowLeavesOnlyTheNewOne() {
        CountyIndicators updated = CountyIndicators.newBuilder(RUILI)
                .setSuspects(11)
                .setSuspectsByOffense(Map.of("TRAFFICKING", 8L, "USE", 3L))
                .setFinal$(false)
                .build();
        RegionTotals totals = new RegionTotals()
                .add(RegionTotals.of(RegionLevel.PROVINCE, RUILI))
                .subtract(RegionTotals.of(RegionLevel.PROVINCE, RUILI))
                .add(RegionTotals.of(RegionLevel.PROVINCE, updated));

        RegionIndicators region = totals.toRecord();
        assertThat(region.getRegionCode()).isEqualTo("530000");
        assertThat(region.getCountiesReporting()).isEqualTo(1);
        assertThat(region.getCountiesFinal()).isZero();
        assertThat(region.getSuspects()).isEqualTo(11);
        assertThat(region.getSuspectsByOffense()).containsEntry("TRAFFICKING", 8L);
        assertThat(totals.subtract(RegionTotals.of(RegionLevel.PROVINCE, updated))
                        .isEmpty())
                .isTrue();
    }

    @Test
    void aCountyWithoutThatRegionContributesNothing() {
        CountyIndicators unknown =
                CountyIndicators.newBuilder(RUILI).setPrefectureCode(null).build();

        assertThat(RegionTotals.of(RegionLevel.PREFECTURE, unknown)).isNull();
        assertThat(RegionTotals.of(RegionLevel.PROVINCE, unknown)).isNotNull();
    }

    @Test
    void contributionsSurviveTheirEncoding() {
        RegionTotals share = RegionTotals.of(RegionLevel.PREFECTURE, RUILI);

        RegionTotals decoded = RegionTotalsCodec.decode(RegionTotalsCodec.encode(share));
        assertThat(new RegionTotals().add(decoded).toRecord())
                .isEqualTo(new RegionTotals().add(share).toRecord());
    }
}
