package io.drugwatch.topology;

import static io.drugwatch.topology.Events.JINPING;
import static io.drugwatch.topology.Events.LUDIAN;
import static io.drugwatch.topology.Events.ZHAOYANG;
import static io.drugwatch.topology.Events.arrest;
import static io.drugwatch.topology.Events.county;
import static io.drugwatch.topology.Events.inspection;
import static io.drugwatch.topology.Events.local;
import static io.drugwatch.topology.Events.sample;
import static io.drugwatch.topology.Events.seizure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.domain.EventType;
import io.drugwatch.model.CountyIndicators;
import io.drugwatch.model.DrugType;
import io.drugwatch.model.InspectionOutcome;
import io.drugwatch.model.Offense;
import io.drugwatch.model.Substance;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IndicatorsTopologyTest {

    private PipelineDriver p = new PipelineDriver();

    @AfterEach
    void close() {
        p.close();
    }

    /** Moves stream time with an inspection in an unrelated county; its own windows are filtered out. */
    private void streamTimeTo(Instant t) {
        p.inspections.pipeInput(ZHAOYANG, inspection("clock-" + t, ZHAOYANG, t, 1, InspectionOutcome.CLEAR), t);
    }

    private static List<CountyIndicators> finals(List<TestRecord<String, CountyIndicators>> records, String county) {
        return records.stream()
                .map(TestRecord::value)
                .filter(v -> v.getCountyCode().equals(county) && v.getFinal$())
                .toList();
    }

    private static CountyIndicators window(List<CountyIndicators> list, int days, String endDate) {
        List<CountyIndicators> found = list.stream()
                .filter(v -> v.getWindowDays() == days && v.getEndDate().equals(endDate))
                .toList();
        assertThat(found).as("%d-day window ending %s", days, endDate).hasSize(1);
        return found.get(0);
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void zhaotongCheckpointHaulIsOneCountyWindow() {
        Instant t = local("2026-11-20", "10:00");
        p.seizures.pipeInput(JINPING, seizure("zt-1", JINPING, t, DrugType.HEROIN, 699.25), t);
        p.seizures.pipeInput(
                JINPING, seizure("zt-2", JINPING, t.plusSeconds(60), DrugType.METHAMPHETAMINE, 1_997.87), t);
        p.seizures.pipeInput(JINPING, seizure("zt-3", JINPING, t.plusSeconds(120), DrugType.METH_TABLETS, 26_601.8), t);
        streamTimeTo(local("2026-11-23", "00:00"));

        CountyIndicators day = window(finals(p.readIndicators(), JINPING), 1, "2026-11-20");
        assertThat(day.getSeizureEvents()).isEqualTo(3);
        assertThat(day.getSeizedGrams()).isEqualTo(29_298.92);
        assertThat(day.getSeizedGramsByDrug())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("HEROIN", 699.25, "METHAMPHETAMINE", 1_997.87, "METH_TABLETS", 26_601.8));
        assertThat(day.getSeizuresOver1kg()).isEqualTo(2);
        assertThat(day.getSeizuresOver10kg()).isEqualTo(1);
        assertThat(day.getWindowStart()).isEqualTo(Instant.parse("2026-11-19T16:00:00Z"));
        assertThat(day.getWindowEnd()).isEqualTo(Instant.parse("2026-11-20T16:00:00Z"));
    }

    @Test
    void ludianYearFiguresAddUpInTheTwentyEightDayWindow() {
        // 鲁甸: 15 cases, 26 suspects, 1,443.24 g seized, spread over four weeks
        int[] suspects = {2, 1, 3, 1, 2, 1, 1, 4, 2, 1, 2, 1, 3, 1, 1};
        double[] grams = {120.5, 300.0, 12.74, 510.0, 500.0};
        LocalDate first = LocalDate.parse("2026-10-24");
        for (int i = 0; i < suspects.length; i++) {
            Instant t = local(first.plusDays(i).toString(), "14:00");
            p.arrests.pipeInput(LUDIAN, arrest("ld-a" + i, LUDIAN, t, Offense.TRAFFICKING, suspects[i]), t);
        }
        for (int i = 0; i < grams.length; i++) {
            Instant t = local(first.plusDays(20 + i).toString(), "09:00");
            p.seizures.pipeInput(LUDIAN, seizure("ld-s" + i, LUDIAN, t, DrugType.HEROIN, grams[i]), t);
        }
        streamTimeTo(local("2026-11-23", "00:00"));

        CountyIndicators month = window(finals(p.readIndicators(), LUDIAN), 28, "2026-11-20");
        assertThat(month.getArrestEvents()).isEqualTo(15);
        assertThat(month.getSuspects()).isEqualTo(Arrays.stream(suspects).sum()).isEqualTo(26);
        assertThat(month.getSuspectsByOffense()).containsExactlyEntriesOf(Map.of("TRAFFICKING", 26L));
        assertThat(month.getSeizureEvents()).isEqualTo(5);
        assertThat(month.getSeizedGrams()).isEqualTo(1_443.24);
        assertThat(month.getWindowStart()).isEqualTo(local("2026-10-24", "00:00"));
    }

    @Test
    void aLoneEventYieldsOneFinalRecordForEachOfItsThirtySixWindows() {
        Instant t = local("2026-11-01", "08:00");
        p.arrests.pipeInput(LUDIAN, arrest("lone", LUDIAN, t, Offense.USE, 1), t);
        streamTimeTo(local("2026-12-20", "00:00"));

        List<TestRecord<String, CountyIndicators>> out = p.readIndicators();
        List<CountyIndicators> finals = finals(out, LUDIAN);
        assertThat(finals).hasSize(1 + 7 + 28);
        assertThat(finals.stream().filter(v -> v.getWindowDays() == 1)).hasSize(1);
        assertThat(finals.stream().filter(v -> v.getWindowDays() == 7)).hasSize(7);
        assertThat(finals.stream().filter(v -> v.getWindowDays() == 28)).hasSize(28);
        assertThat(finals).allSatisfy(v -> assertThat(v.getArrestEvents()).isEqualTo(1));
        Set<String> keys = out.stream()
                .filter(r -> r.value().getFinal$() && r.key().startsWith(LUDIAN))
                .map(TestRecord::key)
                .collect(Collectors.toSet());
        assertThat(keys).hasSize(36).contains("530621|1|2026-11-01", "530621|7|2026-11-07", "530621|28|2026-11-28");
        // the last 28-day window holding the event ends 27 days later
        assertThat(window(finals, 28, "2026-11-28").getWindowStart()).isEqualTo(local("2026-11-01", "00:00"));
    }

    @Test
    void localMidnightNotUtcMidnightSeparatesDays() {
        // 15:59:59.999Z is 23:59:59.999 on the 20th in Shanghai; 16:00Z is already the 21st, still the 20th in UTC
        Instant lastMomentOf20th = Instant.parse("2026-11-20T15:59:59.999Z");
        Instant firstMomentOf21st = Instant.parse("2026-11-20T16:00:00Z");
        Instant earlyUtcOf20th = Instant.parse("2026-11-19T17:00:00Z"); // 01:00 on the 20th in Shanghai
        p.arrests.pipeInput(LUDIAN, arrest("m1", LUDIAN, earlyUtcOf20th, Offense.USE, 1), earlyUtcOf20th);
        p.arrests.pipeInput(LUDIAN, arrest("m2", LUDIAN, lastMomentOf20th, Offense.USE, 2), lastMomentOf20th);
        p.arrests.pipeInput(LUDIAN, arrest("m3", LUDIAN, firstMomentOf21st, Offense.USE, 4), firstMomentOf21st);
        streamTimeTo(local("2026-11-24", "00:00"));

        List<CountyIndicators> finals = finals(p.readIndicators(), LUDIAN);
        assertThat(window(finals, 1, "2026-11-20").getSuspects()).isEqualTo(3);
        assertThat(window(finals, 1, "2026-11-21").getSuspects()).isEqualTo(4);
        assertThat(finals).noneMatch(v -> v.getEndDate().equals("2026-11-19"));
        assertThat(window(finals, 7, "2026-11-21").getSuspects()).isEqualTo(7);
    }

    @Test
    void aResentEventIsCountedOnce() {
        Instant t = local("2026-11-20", "10:00");
        p.arrests.pipeInput(LUDIAN, arrest("dup", LUDIAN, t, Offense.USE, 5), t);
        p.arrests.pipeInput(LUDIAN, arrest("dup", LUDIAN, t, Offense.USE, 5), t.plusSeconds(3600));
        streamTimeTo(local("2026-11-23", "00:00"));

        assertThat(window(finals(p.readIndicators(), LUDIAN), 1, "2026-11-20").getSuspects())
                .isEqualTo(5);
        assertThat(p.counter("duplicates-total", Map.of("topic", "arrests"))).isEqualTo(1);
        assertThat(p.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void anEventIdIsRememberedForTheDedupHorizonEitherSideOfItsTime() {
        // 14 days apart (the horizon) is still the same event; 15 days apart is a new one
        Instant t = local("2026-11-01", "10:00");
        p.arrests.pipeInput(LUDIAN, arrest("again", LUDIAN, t, Offense.USE, 1), t);
        Instant withinHorizon = t.plus(Duration.ofDays(14));
        p.arrests.pipeInput(LUDIAN, arrest("again", LUDIAN, withinHorizon, Offense.USE, 2), withinHorizon);
        Instant beyondHorizon = t.plus(Duration.ofDays(15));
        p.arrests.pipeInput(LUDIAN, arrest("again", LUDIAN, beyondHorizon, Offense.USE, 4), beyondHorizon);
        Instant muchLater = t.plus(Duration.ofDays(28));
        p.arrests.pipeInput(LUDIAN, arrest("again", LUDIAN, muchLater, Offense.USE, 8), muchLater);
        streamTimeTo(local("2026-12-03", "00:00"));

        List<CountyIndicators> finals = finals(p.readIndicators(), LUDIAN);
        assertThat(window(finals, 1, "2026-11-01").getSuspects()).isEqualTo(1);
        assertThat(finals).noneMatch(v -> v.getEndDate().equals("2026-11-15") && v.getWindowDays() == 1);
        assertThat(window(finals, 1, "2026-11-16").getSuspects()).isEqualTo(4);
        // 28 days after the first, but within 14 of the accepted third
        assertThat(finals).noneMatch(v -> v.getEndDate().equals("2026-11-29") && v.getWindowDays() == 1);
        assertThat(p.counter("duplicates-total", Map.of("topic", "arrests"))).isEqualTo(2);
    }

    @Test
    void theSameEventIdOnAnotherInputIsNotADuplicate() {
        Instant t = local("2026-11-20", "10:00");
        p.arrests.pipeInput(JINPING, arrest("case-7", JINPING, t, Offense.TRAFFICKING, 2), t);
        p.seizures.pipeInput(JINPING, seizure("case-7", JINPING, t, DrugType.HEROIN, 350), t);
        streamTimeTo(local("2026-11-23", "00:00"));

        CountyIndicators day = window(finals(p.readIndicators(), JINPING), 1, "2026-11-20");
        assertThat(day.getArrestEvents()).isEqualTo(1);
        assertThat(day.getSeizureEvents()).isEqualTo(1);
    }

    @Test
    void aRecordForAClosedDayIsLateAndDeadLettered() {
        Instant t = local("2026-11-20", "10:00");
        p.arrests.pipeInput(LUDIAN, arrest("on-time", LUDIAN, t, Offense.USE, 1), t);
        streamTimeTo(local("2026-11-23", "00:00"));
        // still inside grace: the 21st closes at 2026-11-24 00:00 local
        Instant within = local("2026-11-21", "23:00");
        p.arrests.pipeInput(
                LUDIAN, arrest("within-grace", LUDIAN, within, Offense.USE, 1), local("2026-11-23", "01:00"));
        Instant closedDay = local("2026-11-20", "23:00");
        p.arrests.pipeInput(LUDIAN, arrest("late", LUDIAN, closedDay, Offense.USE, 9), local("2026-11-23", "01:00"));

        List<TestRecord<byte[], byte[]>> dead = p.deadLetters.readRecordsToList();
        assertThat(dead).hasSize(1);
        TestRecord<byte[], byte[]> late = dead.get(0);
        assertThat(header(late, "dlq.reason")).isEqualTo("LATE");
        assertThat(header(late, "dlq.detail")).contains("2026-11-20");
        assertThat(header(late, "dlq.source.topic")).isEqualTo("arrests");
        assertThat(new String(late.key(), StandardCharsets.UTF_8)).isEqualTo(LUDIAN);
        assertThat(late.value())
                .isEqualTo(p.topics
                        .input(EventType.ARREST)
                        .valueSerde()
                        .serializer()
                        .serialize("arrests", arrest("late", LUDIAN, closedDay, Offense.USE, 9)));
        assertThat(late.timestamp()).isEqualTo(local("2026-11-23", "01:00").toEpochMilli());
        assertThat(header(late, "dlq.source.timestamp")).isEqualTo(Long.toString(late.timestamp()));

        streamTimeTo(local("2026-11-25", "00:00"));
        List<CountyIndicators> finals = finals(p.readIndicators(), LUDIAN);
        assertThat(window(finals, 1, "2026-11-20").getSuspects()).isEqualTo(1);
        assertThat(window(finals, 1, "2026-11-21").getSuspects()).isEqualTo(1);
        assertThat(p.counter("dead-letters-total", Map.of("reason", "LATE"))).isEqualTo(1);
        assertThat(p.counter("late-total", Map.of("topic", "arrests"))).isEqualTo(1);
    }

    @Test
    void poisonPillsAreDeadLetteredWithTheirBytesAndTheAppKeepsCounting() {
        byte[] garbage = "definitely not avro".getBytes(StandardCharsets.UTF_8);
        Instant t = local("2026-11-20", "10:00");
        p.rawArrests.pipeInput(LUDIAN.getBytes(StandardCharsets.UTF_8), garbage, t);
        p.arrests.pipeInput(LUDIAN, arrest("after-pill", LUDIAN, t, Offense.USE, 1), t);

        TestRecord<byte[], byte[]> dead = p.deadLetters.readRecord();
        assertThat(header(dead, "dlq.reason")).isEqualTo("NOT_CONFLUENT_AVRO");
        assertThat(header(dead, "dlq.source.topic")).isEqualTo("arrests");
        assertThat(header(dead, "dlq.source.partition")).isEqualTo("0");
        assertThat(header(dead, "dlq.source.offset")).isEqualTo("0");
        assertThat(dead.value()).isEqualTo(garbage);
        assertThat(dead.key()).isEqualTo(LUDIAN.getBytes(StandardCharsets.UTF_8));
        assertThat(p.deadLetters.isEmpty()).isTrue();

        streamTimeTo(local("2026-11-23", "00:00"));
        assertThat(window(finals(p.readIndicators(), LUDIAN), 1, "2026-11-20").getArrestEvents())
                .isEqualTo(1);
    }

    @Test
    void everyKindOfBadRecordGetsItsReason() {
        Instant t = local("2026-11-20", "10:00");
        byte[] key = LUDIAN.getBytes(StandardCharsets.UTF_8);
        byte[] good = p.topics
                .input(EventType.ARREST)
                .valueSerde()
                .serializer()
                .serialize("arrests", arrest("x", LUDIAN, t, Offense.USE, 1));
        byte[] unknownId = good.clone();
        ByteBuffer.wrap(unknownId).putInt(1, 987_654);
        byte[] truncated = Arrays.copyOf(good, good.length - 3);
        byte[] wrongSchema = p.topics
                .input(EventType.SEIZURE)
                .valueSerde()
                .serializer()
                .serialize("seizures", seizure("s", LUDIAN, t, DrugType.HEROIN, 1));

        p.rawArrests.pipeInput(key, null, t);
        p.rawArrests.pipeInput(key, unknownId, t);
        p.rawArrests.pipeInput(key, truncated, t);
        p.rawArrests.pipeInput(key, wrongSchema, t);
        p.rawArrests.pipeInput(new byte[] {(byte) 0xff, (byte) 0xfe}, good, t);
        p.arrests.pipeInput(JINPING, arrest("k", LUDIAN, t, Offense.USE, 1), t);
        p.arrests.pipeInput(LUDIAN, arrest(" ", LUDIAN, t, Offense.USE, 1), t);
        p.arrests.pipeInput("ABC123", arrest("c", "ABC123", t, Offense.USE, 1), t);
        p.arrests.pipeInput(LUDIAN, arrest("f", LUDIAN, t.plus(Duration.ofDays(2)), Offense.USE, 1), t);
        p.arrests.pipeInput(LUDIAN, arrest("n", LUDIAN, t, Offense.USE, 0), t);

        List<String> reasons = p.deadLetters.readRecordsToList().stream()
                .map(r -> header(r, "dlq.reason"))
                .toList();
        assertThat(reasons)
                .containsExactly(
                        "NOT_CONFLUENT_AVRO",
                        "UNKNOWN_SCHEMA_ID",
                        "MALFORMED_AVRO",
                        "SCHEMA_MISMATCH",
                        "KEY_MISMATCH",
                        "KEY_MISMATCH",
                        "MISSING_FIELD",
                        "INVALID_COUNTY_CODE",
                        "TIMESTAMP_OUT_OF_RANGE",
                        "VALUE_OUT_OF_RANGE");
        assertThat(p.readIndicators()).isEmpty();
    }

    @Test
    void everyInputRecordIsAccountedFor() {
        Instant t = local("2026-11-20", "10:00");
        p.arrests.pipeInput(LUDIAN, arrest("a", LUDIAN, t, Offense.USE, 1), t);
        p.arrests.pipeInput(LUDIAN, arrest("a", LUDIAN, t, Offense.USE, 1), t);
        p.rawArrests.pipeInput(LUDIAN.getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3}, t);
        p.seizures.pipeInput(JINPING, seizure("s", JINPING, t, DrugType.MDMA, 5), t);
        Instant later = local("2026-11-25", "10:00");
        p.inspections.pipeInput(JINPING, inspection("i", JINPING, later, 10, InspectionOutcome.CLEAR), later);
        p.wastewater.pipeInput(LUDIAN, sample("w", LUDIAN, t, Substance.MDMA, 3, 1000, 1000), later);

        double in = p.counter("records-in-total", Map.of());
        double accepted = p.counter("accepted-total", Map.of());
        double duplicates = p.counter("duplicates-total", Map.of());
        double dead = p.counter("dead-letters-total", Map.of());
        assertThat(in).isEqualTo(6);
        assertThat(accepted).isEqualTo(3);
        assertThat(duplicates).isEqualTo(1);
        assertThat(dead).isEqualTo(2);
        assertThat(accepted + duplicates + dead).isEqualTo(in);
    }

    @Test
    void endToEndLagIsTheTimeFromArrivalToProcessing() {
        Instant arrived = PipelineDriver.WALL_CLOCK.minusSeconds(90);
        p.arrests.pipeInput(LUDIAN, arrest("lag", LUDIAN, arrived, Offense.USE, 1), arrived);
        assertThat(p.counter("end-to-end-lag-max-ms", Map.of("topic", "arrests")))
                .isEqualTo(90_000.0);
    }

    @Test
    void referenceDataNamesTheCountyAndGivesPerCapitaRates() {
        p.counties.pipeInput(LUDIAN, county(LUDIAN, "鲁甸县", 400_000L, false), Instant.parse("2026-01-01T00:00:00Z"));
        Instant t = local("2026-11-20", "10:00");
        p.arrests.pipeInput(LUDIAN, arrest("r1", LUDIAN, t, Offense.USE, 26), t);
        p.arrests.pipeInput(JINPING, arrest("r2", JINPING, t, Offense.USE, 3), t);
        streamTimeTo(local("2026-11-23", "00:00"));

        List<TestRecord<String, CountyIndicators>> out = p.readIndicators();
        CountyIndicators ludian = window(finals(out, LUDIAN), 1, "2026-11-20");
        assertThat(ludian.getCountyName()).isEqualTo("鲁甸县");
        assertThat(ludian.getPrefectureCode()).isEqualTo("530600");
        assertThat(ludian.getProvinceCode()).isEqualTo("530000");
        assertThat(ludian.getSuspectsPer100k()).isEqualTo(6.5);
        CountyIndicators unknown = window(finals(out, JINPING), 1, "2026-11-20");
        assertThat(unknown.getCountyName()).isNull();
        assertThat(unknown.getSuspectsPer100k()).isNull();
        assertThat(unknown.getSuspects()).isEqualTo(3);
    }

    @Test
    void checkpointHitRateAndWastewaterLoadsAreComputedOverTheWindow() {
        Instant d1 = local("2026-11-19", "12:00");
        Instant d2 = local("2026-11-20", "12:00");
        p.inspections.pipeInput(JINPING, inspection("i1", JINPING, d1, 1_990, InspectionOutcome.CLEAR), d1);
        p.inspections.pipeInput(JINPING, inspection("i2", JINPING, d2, 8, InspectionOutcome.DRUGS_FOUND), d2);
        p.inspections.pipeInput(JINPING, inspection("i3", JINPING, d2, 2, InspectionOutcome.USER_DETECTED), d2);
        p.wastewater.pipeInput(JINPING, sample("w1", JINPING, d1, Substance.METHAMPHETAMINE, 800, 10_000, 40_000), d1);
        p.wastewater.pipeInput(JINPING, sample("w2", JINPING, d2, Substance.METHAMPHETAMINE, 400, 10_000, 40_000), d2);
        var belowLoq = sample("w3", JINPING, d2, Substance.KETAMINE, 1, 10_000, 40_000);
        belowLoq.setBelowLoq(true);
        p.wastewater.pipeInput(JINPING, belowLoq, d2);
        streamTimeTo(local("2026-11-23", "00:00"));

        List<CountyIndicators> finals = finals(p.readIndicators(), JINPING);
        CountyIndicators week = window(finals, 7, "2026-11-20");
        assertThat(week.getVehiclesInspected()).isEqualTo(2_000);
        assertThat(week.getInspectionHits()).isEqualTo(10);
        assertThat(week.getHitRatePer1000()).isCloseTo(5.0, within(1e-9));
        assertThat(week.getWastewaterSamples()).isEqualTo(3);
        // (800 + 400) / 2 ng/L x 10,000 m3/day / 40,000 people
        assertThat(week.getWastewaterLoad().get("METHAMPHETAMINE")).isCloseTo(150.0, within(1e-9));
        assertThat(week.getWastewaterLoad().get("KETAMINE")).isZero();
        CountyIndicators day19 = window(finals, 1, "2026-11-19");
        assertThat(day19.getHitRatePer1000()).isZero();
        assertThat(day19.getWastewaterLoad()).containsOnlyKeys("METHAMPHETAMINE");
    }

    @Test
    void openWindowsArePublishedAsUpdatesAndNeverAfterTheirFinal() {
        Instant t = local("2026-11-20", "10:00");
        p.arrests.pipeInput(LUDIAN, arrest("u1", LUDIAN, t, Offense.USE, 1), t);
        assertThat(p.indicators.isEmpty())
                .as("updates wait for the update interval")
                .isTrue();
        p.driver.advanceWallClockTime(Duration.ofSeconds(1));
        List<CountyIndicators> first =
                p.readIndicators().stream().map(TestRecord::value).toList();
        assertThat(first).extracting(CountyIndicators::getWindowDays).containsExactlyInAnyOrder(1, 7, 28);
        assertThat(first).allSatisfy(v -> {
            assertThat(v.getFinal$()).isFalse();
            assertThat(v.getEndDate()).isEqualTo("2026-11-20");
            assertThat(v.getSuspects()).isEqualTo(1);
        });

        p.arrests.pipeInput(LUDIAN, arrest("u2", LUDIAN, t.plusSeconds(60), Offense.USE, 2), t);
        p.driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(p.readIndicators())
                .extracting(r -> r.value().getSuspects())
                .containsOnly(3L)
                .hasSize(3);

        p.driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(p.indicators.isEmpty())
                .as("nothing changed, nothing published")
                .isTrue();

        streamTimeTo(local("2026-11-23", "00:00"));
        p.driver.advanceWallClockTime(Duration.ofSeconds(1));
        List<TestRecord<String, CountyIndicators>> after = p.readIndicators().stream()
                .filter(r -> r.key().startsWith(LUDIAN))
                .toList();
        assertThat(after)
                .filteredOn(r -> r.key().equals("530621|1|2026-11-20"))
                .singleElement()
                .satisfies(r -> assertThat(r.value().getFinal$()).isTrue());
        // the day that began is published for the county's open 7- and 28-day windows
        assertThat(after)
                .filteredOn(r -> !r.value().getFinal$())
                .extracting(TestRecord::key)
                .contains("530621|7|2026-11-23", "530621|28|2026-11-23")
                .doesNotContain("530621|1|2026-11-20");
    }

    @Test
    void outputTimestampsNeverRunAheadOfTheInput() {
        Instant produced = local("2026-11-20", "10:00");
        Instant tomorrow = local("2026-11-21", "09:00");
        p.arrests.pipeInput(LUDIAN, arrest("ahead", LUDIAN, tomorrow, Offense.USE, 1), produced);
        p.driver.advanceWallClockTime(Duration.ofSeconds(1));
        List<TestRecord<String, CountyIndicators>> out = p.readIndicators();
        assertThat(out)
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.timestamp())
                        .isLessThanOrEqualTo(
                                PipelineDriver.WALL_CLOCK.plusSeconds(1).toEpochMilli()));
    }

    @Test
    void exactlyOneFinalPerWindowOverAMonthOfMixedTraffic() {
        String[] counties = {LUDIAN, JINPING};
        for (int day = 0; day < 35; day++) {
            LocalDate date = LocalDate.parse("2026-10-01").plusDays(day);
            for (String c : counties) {
                Instant t = local(date.toString(), "11:00");
                p.arrests.pipeInput(c, arrest(c + "-" + day, c, t, Offense.USE, 1), t);
                if (day % 3 == 0) {
                    p.seizures.pipeInput(c, seizure(c + "-s" + day, c, t, DrugType.KETAMINE, 2.5), t);
                }
            }
            p.driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
        streamTimeTo(local("2026-12-31", "00:00"));

        List<TestRecord<String, CountyIndicators>> finals = p.readIndicators().stream()
                .filter(r -> r.value().getFinal$() && !r.key().startsWith(ZHAOYANG))
                .toList();
        Map<String, Long> perKey =
                finals.stream().collect(Collectors.groupingBy(TestRecord::key, Collectors.counting()));
        assertThat(perKey.values()).containsOnly(1L);
        // 35 days of data: 35 daily, 35 + 6 weekly and 35 + 27 monthly windows per county
        assertThat(perKey).hasSize(2 * (35 + 41 + 62));
        CountyIndicators month = finals.stream()
                .map(TestRecord::value)
                .filter(v -> v.getCountyCode().equals(LUDIAN)
                        && v.getWindowDays() == 28
                        && v.getEndDate().equals("2026-11-04"))
                .findFirst()
                .orElseThrow();
        assertThat(month.getArrestEvents()).isEqualTo(28);
    }

    @Test
    void quietInputClosesDaysOnTheWallClockWhenIdleAdvanceIsOn() {
        p.close();
        p = new PipelineDriver(Map.of("drugwatch.idle.advance.after", "PT5M"));
        Instant t = local("2026-11-20", "10:00");
        p.arrests.pipeInput(LUDIAN, arrest("q", LUDIAN, t, Offense.USE, 1), t);
        p.driver.advanceWallClockTime(Duration.ofDays(3));
        List<CountyIndicators> finals = finals(p.readIndicators(), LUDIAN);
        assertThat(window(finals, 1, "2026-11-20").getSuspects()).isEqualTo(1);

        Instant late = local("2026-11-20", "11:00");
        p.arrests.pipeInput(LUDIAN, arrest("q-late", LUDIAN, late, Offense.USE, 1), late);
        assertThat(header(p.deadLetters.readRecord(), "dlq.reason")).isEqualTo("LATE");
    }

    @Test
    void withoutIdleAdvanceOnlyRecordsMoveTime() {
        Instant t = local("2026-11-20", "10:00");
        p.arrests.pipeInput(LUDIAN, arrest("q", LUDIAN, t, Offense.USE, 1), t);
        p.driver.advanceWallClockTime(Duration.ofDays(10));
        assertThat(p.readIndicators()).noneMatch(r -> r.value().getFinal$());
    }

    @Test
    void processorsStoresAndTopicsHaveStableNames() {
        TopologyDescription description =
                IndicatorsTopology.build(p.config, p.topics).describe();
        Set<String> nodes = new TreeSet<>();
        Set<String> stores = new TreeSet<>();
        description
                .subtopologies()
                .forEach(s -> s.nodes().forEach(n -> {
                    nodes.add(n.name());
                    if (n instanceof TopologyDescription.Processor proc) {
                        stores.addAll(proc.stores());
                    }
                }));
        description.globalStores().forEach(g -> stores.addAll(g.processor().stores()));
        assertThat(nodes)
                .containsExactlyInAnyOrder(
                        "arrests-source",
                        "seizures-source",
                        "checkpoint-inspections-source",
                        "wastewater-samples-source",
                        "arrests-decode",
                        "seizures-decode",
                        "checkpoint-inspections-decode",
                        "wastewater-samples-decode",
                        "county-windows",
                        "county-latest",
                        "county-indicators-sink",
                        "dead-letters-sink",
                        "county-alerts",
                        "alerts-sink",
                        "alerts-critical-sink",
                        "alerts-warning-sink",
                        "alerts-open-sink",
                        "county-indicators-table-source",
                        "county-indicators-table-source-source",
                        "prefecture-contributions",
                        "prefecture-counties",
                        "prefecture-regions",
                        "prefecture-totals-sink",
                        "prefecture-totals-source",
                        "prefecture-totals",
                        "prefecture-totals-updates",
                        "prefecture-indicators",
                        "prefecture-indicators-sink",
                        "province-contributions",
                        "province-counties",
                        "province-regions",
                        "province-totals-sink",
                        "province-totals-source",
                        "province-totals",
                        "province-totals-updates",
                        "province-indicators",
                        "province-indicators-sink");
        assertThat(stores)
                .containsExactlyInAnyOrder(
                        "county-panes",
                        "county-days",
                        "seen-event-ids",
                        "stream-clock",
                        "counties",
                        "alert-series",
                        "plant-samples",
                        "alert-coverage",
                        "alert-states",
                        "open-alerts",
                        "alert-history",
                        "county-windows-table",
                        "county-latest-windows",
                        "prefecture-totals",
                        "province-totals");
        assertThat(nodes).allMatch(n -> n.matches("[a-z]+(-[a-z]+)*"), "kebab-case");
        // the events, the county-window table, and one repartitioned aggregation per region level
        assertThat(description.subtopologies()).hasSize(4);
    }

    @Test
    void theCountyWindowTableRestoresFromCountyIndicatorsNotFromAChangelogOfItsOwn() {
        Instant t = local("2026-11-01", "08:00");
        p.arrests.pipeInput(LUDIAN, arrest("lone", LUDIAN, t, Offense.USE, 1), t);
        streamTimeTo(local("2026-11-10", "00:00"));

        String app =
                p.config.kafkaProperties().get(DrugwatchConfig.APPLICATION_ID).toString();
        assertThat(p.driver.producedTopicNames())
                .as("topology.optimization=all is applied")
                .contains(
                        p.topics.countyIndicators().name(),
                        app + "-county-panes-changelog",
                        app + "-county-latest-windows-changelog")
                .doesNotContain(app + "-county-windows-table-changelog");
    }

    @Test
    void renamedTopicsKeepNodeNames() {
        var renamed = p.config.with(Map.of("drugwatch.topic.arrests", "prod.arrests.v1"));
        TopologyDescription d = IndicatorsTopology.build(
                        renamed, io.drugwatch.topics.Topics.create(renamed, p.registry))
                .describe();
        Function<TopologyDescription, String> sources = desc -> desc.subtopologies().stream()
                .flatMap(st -> st.nodes().stream())
                .filter(n -> n instanceof TopologyDescription.Source)
                .map(n -> n.name() + "=" + ((TopologyDescription.Source) n).topicSet())
                .sorted()
                .collect(Collectors.joining(","));
        assertThat(sources.apply(d)).contains("arrests-source=[prod.arrests.v1]");
    }
}
