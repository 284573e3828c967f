package io.drugwatch.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.model.Arrest;
import io.drugwatch.model.CheckpointInspection;
import io.drugwatch.model.County;
import io.drugwatch.model.Direction;
import io.drugwatch.model.DrugType;
import io.drugwatch.model.InspectionOutcome;
import io.drugwatch.model.Offense;
import io.drugwatch.model.Seizure;
import io.drugwatch.model.SeizureSource;
import io.drugwatch.model.Substance;
import io.drugwatch.model.WastewaterSample;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EventRulesTest {

    private static final Instant T = Instant.parse("2026-11-20T02:00:00Z");
    private static final long PRODUCED = T.toEpochMilli();
    private final EventRules rules = new EventRules(
            Pattern.compile("^[1-9][0-9]{5}$"),
            LocalDate.of(2000, 1, 1),
            ZoneId.of("Asia/Shanghai"),
            Duration.ofHours(24));

    private static Arrest.Builder arrest() {
        return Arrest.newBuilder()
                .setEventId("a-1")
                .setOccurredAt(T)
                .setCountyCode("530621")
                .setOffense(Offense.TRAFFICKING)
                .setSuspects(2);
    }

    private Optional<RejectReason> reason(Arrest a, String key) {
        return rules.check(EventType.ARREST, a, key, PRODUCED).map(Rejection::reason);
    }

    @Test
    void acceptsAValidArrest() {
        assertThat(reason(arrest().build(), "530621")).isEmpty();
    }

    @Test
    void blankIdsAreMissingFields() {
        assertThat(reason(arrest().setEventId(" ").build(), "530621")).contains(RejectReason.MISSING_FIELD);
        assertThat(reason(arrest().setCountyCode("").build(), "")).contains(RejectReason.MISSING_FIELD);
    }

    @Test
    void countyCodeMustMatchThePatternAndTheKey() {
        assertThat(reason(arrest().setCountyCode("53062").build(), "53062")).contains(RejectReason.INVALID_COUNTY_CODE);
        assertThat(reason(arrest().setCountyCode("053062").build(), "053062"))
                .contains(RejectReason.INVALID_COUNTY_CODE);
        assertThat(reason(arrest().build(), "532530")).contains(RejectReason.KEY_MISMATCH);
        assertThat(reason(arrest().build(), null)).contains(RejectReason.KEY_MISMATCH);
    }

    @Test
    void anotherCountrysCodesWorkWithAnotherPattern() {
        EventRules us = new EventRules(
                Pattern.compile("^[0-9]{5}$"), LocalDate.of(2000, 1, 1), ZoneId.of("UTC"), Duration.ofHours(24));
        Arrest a = arrest().setCountyCode("24510").build();
        assertThat(us.check(EventType.ARREST, a, "24510", PRODUCED)).isEmpty();
        Arrest piped = arrest().setCountyCode("24|10").build();
        EventRules loose =
                new EventRules(Pattern.compile(".+"), LocalDate.of(2000, 1, 1), ZoneId.of("UTC"), Duration.ofHours(24));
        assertThat(loose.check(EventType.ARREST, piped, "24|10", PRODUCED).map(Rejection::reason))
                .contains(RejectReason.INVALID_COUNTY_CODE);
    }

    @Test
    void occurredAtMustBeAfter2000AndAtMostADayAfterProduction() {
        assertThat(reason(
                        arrest().setOccurredAt(Instant.parse("1999-12-31T15:59:59Z"))
                                .build(),
                        "530621"))
                .contains(RejectReason.TIMESTAMP_OUT_OF_RANGE);
        assertThat(reason(
                        arrest().setOccurredAt(Instant.parse("1999-12-31T16:00:00Z"))
                                .build(),
                        "530621"))
                .isEmpty();
        assertThat(reason(arrest().setOccurredAt(T.plus(Duration.ofHours(24))).build(), "530621"))
                .isEmpty();
        assertThat(reason(
                        arrest().setOccurredAt(T.plus(Duration.ofHours(24)).plusMillis(1))
                                .build(),
                        "530621"))
                .contains(RejectReason.TIMESTAMP_OUT_OF_RANGE);
    }

    @Test
    void suspectsBetweenOneAndTenThousand() {
        assertThat(reason(arrest().setSuspects(0).build(), "530621")).contains(RejectReason.VALUE_OUT_OF_RANGE);
        assertThat(reason(arrest().setSuspects(10_000).build(), "530621")).isEmpty();
        assertThat(reason(arrest().setSuspects(10_001).build(), "530621")).contains(RejectReason.VALUE_OUT_OF_RANGE);
    }

    @Test
    void seizureGramsMustBeANumberBetweenZeroAndABillion() {
        Seizure.Builder s = Seizure.newBuilder()
                .setEventId("s-1")
                .setOccurredAt(T)
                .setCountyCode("532530")
                .setDrugType(DrugType.HEROIN)
                .setSource(SeizureSource.CHECKPOINT);
        for (double bad : new double[] {-0.001, Double.NaN, 1e9 + 1, Double.POSITIVE_INFINITY}) {
            assertThat(rules.check(EventType.SEIZURE, s.setQuantityGrams(bad).build(), "532530", PRODUCED)
                            .map(Rejection::reason))
                    .as("%s g", bad)
                    .contains(RejectReason.VALUE_OUT_OF_RANGE);
        }
        assertThat(rules.check(EventType.SEIZURE, s.setQuantityGrams(0).build(), "532530", PRODUCED))
                .isEmpty();
        assertThat(rules.check(EventType.SEIZURE, s.setQuantityGrams(1e9).build(), "532530", PRODUCED))
                .isEmpty();
    }

    @Test
    void inspectionsNeedACheckpointAndOneToAHundredThousandVehicles() {
        CheckpointInspection.Builder c = CheckpointInspection.newBuilder()
                .setEventId("c-1")
                .setOccurredAt(T)
                .setCountyCode("532530")
                .setCheckpointId("JP-01")
                .setDirection(Direction.INBOUND)
                .setOutcome(InspectionOutcome.CLEAR);
        assertThat(rules.check(EventType.CHECKPOINT_INSPECTION, c.setVehicles(0).build(), "532530", PRODUCED)
                        .map(Rejection::reason))
                .contains(RejectReason.VALUE_OUT_OF_RANGE);
        assertThat(rules.check(
                                EventType.CHECKPOINT_INSPECTION,
                                c.setVehicles(100_001).build(),
                                "532530",
                                PRODUCED)
                        .map(Rejection::reason))
                .contains(RejectReason.VALUE_OUT_OF_RANGE);
        assertThat(rules.check(
                        EventType.CHECKPOINT_INSPECTION, c.setVehicles(100_000).build(), "532530", PRODUCED))
                .isEmpty();
        assertThat(rules.check(
                                EventType.CHECKPOINT_INSPECTION,
                                c.setVehicles(1).setCheckpointId("").build(),
                                "532530",
                                PRODUCED)
                        .map(Rejection::reason))
                .contains(RejectReason.MISSING_FIELD);
    }

    @Test
    void wastewaterNeedsNonNegativeConcentrationAndPositiveFlowAndPopulation() {
        WastewaterSample.Builder w = WastewaterSample.newBuilder()
                .setEventId("w-1")
                .setOccurredAt(T)
                .setCountyCode("530621")
                .setPlantId("LD-WWTP")
                .setSubstance(Substance.METHAMPHETAMINE)
                .setConcentrationNgL(120)
                .setFlowM3PerDay(20_000)
                .setPopulationServed(90_000);
        assertThat(rules.check(EventType.WASTEWATER_SAMPLE, w.build(), "530621", PRODUCED))
                .isEmpty();
        assertThat(rules.check(
                                EventType.WASTEWATER_SAMPLE,
                                w.setConcentrationNgL(Double.NaN).build(),
                                "530621",
                                PRODUCED)
                        .map(Rejection::reason))
                .contains(RejectReason.VALUE_OUT_OF_RANGE);
        w.setConcentrationNgL(120);
        assertThat(rules.check(EventType.WASTEWATER_SAMPLE, w.setFlowM3PerDay(0).build(), "530621", PRODUCED)
                        .map(Rejection::reason))
                .contains(RejectReason.VALUE_OUT_OF_RANGE);
        w.setFlowM3PerDay(20_000);
        assertThat(rules.check(
                                EventType.WASTEWATER_SAMPLE,
                                w.setPopulationServed(0).build(),
                                "530621",
                                PRODUCED)
                        .map(Rejection::reason))
                .contains(RejectReason.VALUE_OUT_OF_RANGE);
    }

    private static County.Builder county() {
        return County.newBuilder()
                .setCode("530621")
                .setName("鲁甸县")
                .setPrefectureCode("530600")
                .setPrefectureName("昭通市")
                .setProvinceCode("530000")
                .setProvinceName("云南省")
                .setPopulation(400_000L);
    }

    private Optional<RejectReason> reason(County c, String key) {
        return rules.checkCounty(c, key).map(Rejection::reason);
    }

    @Test
    void countiesAreJudgedWithTheEventsReasons() {
        assertThat(reason(county().build(), "530621")).isEmpty();
        assertThat(reason(county().setPopulation(null).build(), "530621")).isEmpty();
        assertThat(reason(county().setPopulation(0L).build(), "530621")).contains(RejectReason.VALUE_OUT_OF_RANGE);
        assertThat(reason(county().setPopulation(-5L).build(), "530621")).contains(RejectReason.VALUE_OUT_OF_RANGE);
        assertThat(reason(county().setCode(" ").build(), " ")).contains(RejectReason.MISSING_FIELD);
        assertThat(reason(county().setCode("5306'--").build(), "5306'--")).contains(RejectReason.INVALID_COUNTY_CODE);
        assertThat(reason(county().build(), "532530")).contains(RejectReason.KEY_MISMATCH);
        assertThat(reason(county().build(), null)).contains(RejectReason.KEY_MISMATCH);
        assertThat(reason(county().setName("").build(), "530621")).contains(RejectReason.MISSING_FIELD);
        assertThat(reason(county().setProvinceName(" ").build(), "530621")).contains(RejectReason.MISSING_FIELD);
        assertThat(reason(county().setProvinceCode("53|0000").build(), "530621"))
                .contains(RejectReason.INVALID_COUNTY_CODE);
    }
}
