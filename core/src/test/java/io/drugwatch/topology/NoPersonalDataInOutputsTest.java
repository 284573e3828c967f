package io.drugwatch.topology;

import static io.drugwatch.topology.Events.LUDIAN;
import static io.drugwatch.topology.Events.county;
import static io.drugwatch.topology.Events.local;
import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.jsonl.AvroJson;
import io.drugwatch.model.AlertRule;
import io.drugwatch.model.Arrest;
import io.drugwatch.model.CheckpointInspection;
import io.drugwatch.model.Direction;
import io.drugwatch.model.DrugType;
import io.drugwatch.model.InspectionOutcome;
import io.drugwatch.model.Offense;
import io.drugwatch.model.Seizure;
import io.drugwatch.model.SeizureSource;
import io.drugwatch.model.Substance;
import io.drugwatch.model.WastewaterSample;
import io.drugwatch.testing.RepoFiles;
import io.drugwatch.topics.Topic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The free-text fields of the inputs (case numbers, agencies, checkpoint and plant ids) may identify
 * people or operations; none of it may reach an output or the app's state. Dead letters are the one
 * exception: they keep the raw input by design (see the security section of the README).
 */
class NoPersonalDataInOutputsTest {

    private static final String MARK = "PIIMARK";
    private final PipelineDriver p = new PipelineDriver();
    private final Set<String> markers = new HashSet<>();

    @AfterEach
    void close() {
        p.close();
    }

    private String marker(String field) {
        String m = MARK + "-" + field + "-" + markers.size();
        markers.add(m);
        return m;
    }

    @Test
    void noFreeTextOfAnyInputReachesAnyOutputTopicOrChangelog() {
        p.counties.pipeInput(LUDIAN, county(LUDIAN, "鲁甸县", 398_447L, false), Instant.EPOCH);
        LocalDate first = LocalDate.parse("2026-11-10");
        for (int d = 0; d < 3; d++) {
            LocalDate day = first.plusDays(d);
            Instant t = local(day.toString(), "10:00");
            p.arrests.pipeInput(
                    LUDIAN,
                    Arrest.newBuilder()
                            .setEventId("a" + d)
                            .setOccurredAt(t)
                            .setReportedAt(t.plusSeconds(600))
                            .setCountyCode(LUDIAN)
                            .setCaseId(marker("caseId"))
                            .setAgency(marker("agency"))
                            .setOffense(Offense.TRAFFICKING)
                            .setSuspects(2)
                            .setDrugType(DrugType.HEROIN)
                            .setRelapse(true)
                            .build(),
                    t);
            // 12 kg is a critical alert, 1.5 kg a warning
            p.seizures.pipeInput(
                    LUDIAN,
                    Seizure.newBuilder()
                            .setEventId("s" + d)
                            .setOccurredAt(t)
                            .setCountyCode(LUDIAN)
                            .setCaseId(marker("caseId"))
                            .setDrugType(DrugType.METHAMPHETAMINE)
                            .setQuantityGrams(d == 0 ? 12_000 : 1_500)
                            .setSource(SeizureSource.CHECKPOINT)
                            .setCheckpointId(marker("checkpointId"))
                            .setCashCny(10_000.0)
                            .build(),
                    t);
            p.inspections.pipeInput(
                    LUDIAN,
                    CheckpointInspection.newBuilder()
                            .setEventId("i" + d)
                            .setOccurredAt(t)
                            .setCountyCode(LUDIAN)
                            .setCheckpointId(marker("checkpointId"))
                            .setDirection(Direction.INBOUND)
                            .setVehicles(50)
                            .setOutcome(InspectionOutcome.WANTED_PERSON)
                            .build(),
                    t);
            p.wastewater.pipeInput(
                    LUDIAN,
                    WastewaterSample.newBuilder()
                            .setEventId("w" + d)
                            .setOccurredAt(t)
                            .setCountyCode(LUDIAN)
                            .setPlantId(marker("plantId"))
                            .setSubstance(Substance.METHAMPHETAMINE)
                            .setConcentrationNgL(90)
                            .setFlowM3PerDay(30_000)
                            .setPopulationServed(120_000)
                            .build(),
                    t);
        }
        Instant clock = local("2026-11-20", "00:00");
        p.arrests.pipeInput(
                LUDIAN,
                Arrest.newBuilder()
                        .setEventId("clock")
                        .setOccurredAt(clock)
                        .setCountyCode(LUDIAN)
                        .setCaseId(marker("caseId"))
                        .setAgency(marker("agency"))
                        .setOffense(Offense.USE)
                        .setSuspects(1)
                        .build(),
                clock);
        // a bad record: its dead letter keeps the marker, which shows the search below would see one
        p.arrests.pipeInput(
                LUDIAN,
                Arrest.newBuilder()
                        .setEventId("bad")
                        .setOccurredAt(clock)
                        .setCountyCode(LUDIAN)
                        .setCaseId(marker("caseId"))
                        .setOffense(Offense.USE)
                        .setSuspects(0)
                        .build(),
                clock);

        Map<String, Deserializer<? extends SpecificRecord>> typed = new LinkedHashMap<>();
        for (Topic<String, ? extends SpecificRecord> t : List.of(
                p.topics.countyIndicators(),
                p.topics.regionIndicators(),
                p.topics.alerts(),
                p.topics.alertsCritical(),
                p.topics.alertsWarning(),
                p.topics.alertsOpen())) {
            typed.put(t.name(), t.valueSerde().deserializer());
        }
        Set<String> inputs = Set.of("arrests", "seizures", "checkpoint-inspections", "wastewater-samples", "counties");
        Map<String, Integer> recordsByTopic = new LinkedHashMap<>();
        List<String> leaks = new ArrayList<>();
        List<String> deadLetterText = new ArrayList<>();
        List<AlertRule> rules = new ArrayList<>();
        for (String topic : p.driver.producedTopicNames()) {
            if (inputs.contains(topic)) {
                continue;
            }
            List<TestRecord<byte[], byte[]>> records = p.driver
                    .createOutputTopic(
                            topic,
                            Serdes.ByteArray().deserializer(),
                            Serdes.ByteArray().deserializer())
                    .readRecordsToList();
            recordsByTopic.put(topic, records.size());
            for (TestRecord<byte[], byte[]> r : records) {
                // the raw bytes (Avro keeps strings as UTF-8), and for published records their JSON form too
                StringBuilder text = new StringBuilder();
                text.append(r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8))
                        .append('\n');
                text.append(r.value() == null ? "" : new String(r.value(), StandardCharsets.ISO_8859_1))
                        .append('\n');
                text.append(r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8))
                        .append('\n');
                r.headers()
                        .forEach(h -> text.append(h.key())
                                .append('=')
                                .append(new String(h.value(), StandardCharsets.UTF_8))
                                .append('\n'));
                if (typed.containsKey(topic) && r.value() != null) {
                    SpecificRecord value = typed.get(topic).deserialize(topic, r.value());
                    text.append(AvroJson.toJson(value));
                    if (value instanceof io.drugwatch.model.Alert alert) {
                        rules.add(alert.getRule());
                    }
                }
                if (topic.equals(p.topics.deadLetters().name())) {
                    deadLetterText.add(text.toString());
                } else if (text.indexOf(MARK) >= 0) {
                    leaks.add(topic + ": " + text);
                }
            }
        }

        assertThat(leaks).as("free text in outputs").isEmpty();
        assertThat(deadLetterText).singleElement().asString().contains(MARK + "-caseId-");
        assertThat(markers).hasSizeGreaterThan(15);
        // the run did produce every kind of output, so the search above had something to search
        assertThat(recordsByTopic)
                .containsKeys(
                        "county-indicators",
                        "region-indicators",
                        "alerts",
                        "alerts-critical",
                        "alerts-warning",
                        "alerts-open");
        assertThat(recordsByTopic)
                .allSatisfy((topic, n) -> assertThat(n).as(topic).isPositive());
        assertThat(recordsByTopic.keySet())
                .as("state changelogs were searched too")
                .anyMatch(t -> t.endsWith("-changelog"));
        assertThat(rules).contains(AlertRule.LARGE_SEIZURE);
    }

    /**
     * Output contracts list what they may carry: aggregates, codes, reference names and alert
     * bookkeeping. A new field must be added here on purpose, after asking whether it can identify a
     * person.
     */
    private static final Map<String, Set<String>> ALLOWED_FIELDS = Map.of(
            "CountyIndicators",
                    Set.of(
                            "countyCode",
                            "countyName",
                            "prefectureCode",
                            "provinceCode",
                            "prefectureName",
                            "provinceName",
                            "population",
                            "windowDays",
                            "windowStart",
                            "windowEnd",
                            "endDate",
                            "arrestEvents",
                            "suspects",
                            "suspectsByOffense",
                            "relapses",
                            "seizureEvents",
                            "seizedGrams",
                            "seizedGramsByDrug",
                            "seizuresOver1kg",
                            "seizuresOver10kg",
                            "vehiclesInspected",
                            "inspectionHits",
                            "hitRatePer1000",
                            "wastewaterSamples",
                            "wastewaterLoad",
                            "wastewaterPopulationServed",
                            "suspectsPer100k",
                            "final"),
            "RegionIndicators",
                    Set.of(
                            "level",
                            "regionCode",
                            "regionName",
                            "windowDays",
                            "windowStart",
                            "windowEnd",
                            "endDate",
                            "countiesReporting",
                            "countiesFinal",
                            "arrestEvents",
                            "suspects",
                            "suspectsByOffense",
                            "relapses",
                            "seizureEvents",
                            "seizedGrams",
                            "seizedGramsByDrug",
                            "seizuresOver1kg",
                            "seizuresOver10kg",
                            "vehiclesInspected",
                            "inspectionHits",
                            "hitRatePer1000",
                            "wastewaterSamples",
                            "wastewaterLoad",
                            "population",
                            "suspectsPer100k"),
            "Alert",
                    Set.of(
                            "alertId",
                            "rule",
                            "severity",
                            "status",
                            "countyCode",
                            "countyName",
                            "subject",
                            "observed",
                            "expected",
                            "threshold",
                            "score",
                            "windowStart",
                            "windowEnd",
                            "firstSeenAt",
                            "updatedAt",
                            "evidence",
                            "summary",
                            "provenance",
                            "pValue",
                            "recurrenceDays",
                            "method",
                            "campaign"));

    /** Names that would suggest a person or an input's free text. */
    private static final Pattern PERSONAL = Pattern.compile(
            "(?i).*(person|people|suspectName|name[A-Z]|fullName|idCard|identity|passport|phone|mobile|address|birth"
                    + "|gender|age$|plate|vehicleId|caseId|agency|officer|checkpointId|plantId|email).*");

    @Test
    void outputSchemasHoldNoFieldThatCouldIdentifyAPerson() throws IOException {
        for (Map.Entry<String, Set<String>> e : ALLOWED_FIELDS.entrySet()) {
            Schema schema = new Schema.Parser()
                    .parse(RepoFiles.path("schemas", e.getKey() + ".avsc").toFile());
            List<String> names = new ArrayList<>();
            collectFieldNames(schema, names);
            assertThat(names).as("fields of %s", e.getKey()).containsExactlyInAnyOrderElementsOf(e.getValue());
            assertThat(names)
                    .as("fields of %s", e.getKey())
                    .noneMatch(n -> PERSONAL.matcher(n).matches());
        }
        assertThat(PERSONAL.matcher("caseId").matches()).isTrue();
        assertThat(PERSONAL.matcher("suspectsPer100k").matches()).isFalse();
    }

    private static void collectFieldNames(Schema schema, List<String> names) {
        switch (schema.getType()) {
            case RECORD ->
                schema.getFields().forEach(f -> {
                    names.add(f.name());
                    collectFieldNames(f.schema(), names);
                });
            case UNION -> schema.getTypes().forEach(t -> collectFieldNames(t, names));
            case ARRAY -> collectFieldNames(schema.getElementType(), names);
            case MAP -> collectFieldNames(schema.getValueType(), names);
            default -> {}
        }
    }
}
