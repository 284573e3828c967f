package io.drugwatch.jsonl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drugwatch.model.Arrest;
import io.drugwatch.model.CountyIndicators;
import io.drugwatch.model.DrugType;
import io.drugwatch.model.Offense;
import io.drugwatch.model.Seizure;
import io.drugwatch.model.SeizureSource;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AvroJsonTest {

    @Test
    void readsHandWrittenJsonWithIsoOrEpochTimestamps() {
        Arrest a = AvroJson.parse(
                "{\"eventId\":\"a1\",\"occurredAt\":\"2026-11-20T10:00:00+08:00\","
                        + "\"countyCode\":\"530621\",\"offense\":\"USE\",\"suspects\":2,\"drugType\":\"HEROIN\"}",
                Arrest.class);
        assertThat(a.getOccurredAt()).isEqualTo(Instant.parse("2026-11-20T02:00:00Z"));
        assertThat(a.getReportedAt()).isNull();
        assertThat(a.getOffense()).isEqualTo(Offense.USE);
        assertThat(a.getDrugType()).isEqualTo(DrugType.HEROIN);
        assertThat(a.getRelapse()).isFalse();

        Seizure s = AvroJson.parse(
                "{\"eventId\":\"s1\",\"occurredAt\":1763604000000,\"reportedAt\":null,"
                        + "\"countyCode\":\"532530\",\"drugType\":\"METH_TABLETS\",\"quantityGrams\":26601.8,"
                        + "\"source\":\"CHECKPOINT\"}",
                Seizure.class);
        assertThat(s.getOccurredAt()).isEqualTo(Instant.ofEpochMilli(1763604000000L));
        assertThat(s.getQuantityGrams()).isEqualTo(26_601.8);
        assertThat(s.getSource()).isEqualTo(SeizureSource.CHECKPOINT);
    }

    @Test
    void errorsNameTheField() {
        assertThatThrownBy(() -> AvroJson.parse("{\"eventId\":\"a1\"}", Arrest.class))
                .hasMessage("missing field 'occurredAt'");
        assertThatThrownBy(() -> AvroJson.parse(
                        "{\"eventId\":\"a1\",\"occurredAt\":\"yesterday\",\"countyCode\":\"1\","
                                + "\"offense\":\"USE\",\"suspects\":1}",
                        Arrest.class))
                .hasMessageContaining("'occurredAt'");
        assertThatThrownBy(() -> AvroJson.parse(
                        "{\"eventId\":\"a1\",\"occurredAt\":0,\"countyCode\":\"1\","
                                + "\"offense\":\"SMUGGLING\",\"suspects\":1}",
                        Arrest.class))
                .hasMessageContaining("'offense'");
        assertThatThrownBy(() -> AvroJson.parse(
                        "{\"eventId\":\"a1\",\"occurredAt\":0,\"countyCode\":\"1\","
                                + "\"offense\":\"USE\",\"suspects\":1,\"name\":\"张三\"}",
                        Arrest.class))
                .hasMessage("unknown field 'name' for Arrest");
        assertThatThrownBy(() -> AvroJson.parse("[1]", Arrest.class)).hasMessage("expected a JSON object");
        assertThatThrownBy(() -> AvroJson.parse("{oops", Arrest.class)).hasMessageStartingWith("not valid JSON");
    }

    @Test
    void formatsInSchemaOrderWithIsoTimestampsAndSortedMaps() {
        CountyIndicators v = CountyIndicators.newBuilder()
                .setCountyCode("530621")
                .setWindowDays(1)
                .setWindowStart(Instant.parse("2026-11-19T16:00:00Z"))
                .setWindowEnd(Instant.parse("2026-11-20T16:00:00Z"))
                .setEndDate("2026-11-20")
                .setArrestEvents(1)
                .setSuspects(2)
                .setSuspectsByOffense(Map.of("USE", 1L, "TRAFFICKING", 1L))
                .setRelapses(0)
                .setSeizureEvents(0)
                .setSeizedGrams(0)
                .setSeizedGramsByDrug(Map.of())
                .setSeizuresOver1kg(0)
                .setSeizuresOver10kg(0)
                .setVehiclesInspected(0)
                .setInspectionHits(0)
                .setWastewaterSamples(0)
                .setWastewaterLoad(Map.of())
                .setFinal$(true)
                .build();
        String json = AvroJson.format(v);
        assertThat(json)
                .startsWith("{\"countyCode\":\"530621\",\"countyName\":null,")
                .contains("\"windowStart\":\"2026-11-19T16:00:00Z\"")
                .contains("\"suspectsByOffense\":{\"TRAFFICKING\":1,\"USE\":1}")
                .endsWith("\"final\":true}");
        assertThat(AvroJson.parse(json, CountyIndicators.class)).isEqualTo(v);
    }

    @Test
    void formatWritesTheBytesOfTheTree() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        CountyIndicators v = CountyIndicators.newBuilder()
                .setCountyCode("532530")
                .setCountyName("金平苗族瑶族傣族自治县")
                .setPopulation(331_377L)
                .setWindowDays(28)
                .setWindowStart(Instant.parse("2026-10-27T16:00:00Z"))
                .setWindowEnd(Instant.parse("2026-11-24T16:00:00Z"))
                .setEndDate("2026-11-24")
                .setArrestEvents(1)
                .setSuspects(2)
                .setSuspectsByOffense(Map.of("TRAFFICKING", 2L))
                .setRelapses(0)
                .setSeizureEvents(3)
                .setSeizedGrams(29_298.92)
                .setSeizedGramsByDrug(Map.of("METH_TABLETS", 26_601.8, "HEROIN", 699.25, "METHAMPHETAMINE", 1_997.87))
                .setSeizuresOver1kg(2)
                .setSeizuresOver10kg(1)
                .setVehiclesInspected(1_040)
                .setInspectionHits(3)
                .setHitRatePer1000(2.8846153846153846)
                .setWastewaterSamples(1)
                .setWastewaterLoad(Map.of("KETAMINE", 0.0, "METHAMPHETAMINE", Double.NaN))
                .setWastewaterPopulationServed(Map.of("KETAMINE", 8e4, "METHAMPHETAMINE", 1e-7))
                .setSuspectsPer100k(0.6035421891078742)
                .setFinal$(false)
                .build();
        Arrest a = AvroJson.parse(
                "{\"eventId\":\"a\\\"1\\n\",\"occurredAt\":0,\"countyCode\":\"530621\","
                        + "\"offense\":\"USE\",\"suspects\":1}",
                Arrest.class);
        for (org.apache.avro.specific.SpecificRecord r : java.util.List.of(v, a)) {
            assertThat(AvroJson.format(r)).isEqualTo(mapper.writeValueAsString(AvroJson.toJson(r)));
        }
    }

    /**
     * The streaming parse either gives the tree parse's record or leaves the line to it: on generated
     * records of every input type and on variants of them with missing, unknown, repeated, null,
     * mistyped and out-of-range fields, trailing text and other formats.
     */
    @Test
    void theStreamingParseAgreesWithTheTreeParse() {
        java.util.List<io.drugwatch.model.County> counties =
                io.drugwatch.reference.CountyReference.bundled().subList(0, 40);
        io.drugwatch.sim.EventGenerator generator = new io.drugwatch.sim.EventGenerator(
                counties,
                3,
                Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-20T00:00:00Z"),
                java.util.List.of(io.drugwatch.sim.Scenario.values()),
                io.drugwatch.sim.GeneratorOptions.defaults().withBadRecordRate(0.05));
        java.util.Random random = new java.util.Random(1);
        String[] variants = {
            "\"suspects\":1",
            "\"suspects\":1.0",
            "\"suspects\":null",
            "\"suspects\":\"1\"",
            "\"suspects\":3000000000",
            "\"suspects\":99999999999999999999",
            "\"quantityGrams\":1e400",
            "\"quantityGrams\":\"NaN\"",
            "\"quantityGrams\":3",
            "\"quantityGrams\":12345678901234",
            "\"quantityGrams\":1.5e-3",
            "\"quantityGrams\":0.1",
            "\"occurredAt\":1767225600000",
            "\"occurredAt\":\"2026-01-01T08:00:00+08:00\"",
            "\"occurredAt\":\"yesterday\"",
            "\"occurredAt\":1.5",
            "\"reportedAt\":null",
            "\"relapse\":true",
            "\"relapse\":\"yes\"",
            "\"offense\":\"SMUGGLING\"",
            "\"drugType\":null",
            "\"drugType\":\"FENTANYL\"",
            "\"extra\":1",
            "\"eventId\":\"x\\u00e9\\n\"",
            "\"eventId\":[1]",
            "\"eventId\":{\"a\":1}",
            "\"vehicles\":-5",
            "\"outcome\":\"CLEAR\"",
            "\"direction\":1"
        };
        int checked = 0;
        int streamed = 0;
        for (io.drugwatch.sim.SimEvent e : generator) {
            if (e.record() == null) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Class<org.apache.avro.specific.SpecificRecord> type =
                    (Class<org.apache.avro.specific.SpecificRecord>) e.record().getClass();
            String json = AvroJson.format(e.record());
            java.util.List<String> lines = new java.util.ArrayList<>(java.util.List.of(
                    json,
                    json + " trailing",
                    json.replace(",", " , "),
                    "  " + json,
                    json.substring(0, json.length() - 1),
                    "[" + json + "]",
                    ""));
            String variant = variants[random.nextInt(variants.length)];
            lines.add(json.replaceFirst("\\{", "{" + variant + ","));
            lines.add(json.substring(0, json.length() - 1) + "," + variant + "}");
            lines.add(json.replaceFirst(",\"countyCode\":\"[^\"]*\"", ""));
            for (String line : lines) {
                Object tree;
                try {
                    tree = AvroJson.parseTree(line, type);
                } catch (IllegalArgumentException ex) {
                    tree = ex.getMessage();
                }
                Object parsed;
                try {
                    parsed = AvroJson.parse(line, type);
                } catch (IllegalArgumentException ex) {
                    parsed = ex.getMessage();
                }
                // toString shows every field, NaN included (Avro's equals says NaN differs from itself)
                assertThat(String.valueOf(parsed)).as(line).isEqualTo(String.valueOf(tree));
                Object fast = AvroJson.parseStreaming(line, type);
                if (fast != null) {
                    assertThat(String.valueOf(fast)).as(line).isEqualTo(String.valueOf(tree));
                    streamed++;
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(10_000);
        assertThat(streamed).as("lines the streaming parse took").isGreaterThan(checked / 3);
    }
}
