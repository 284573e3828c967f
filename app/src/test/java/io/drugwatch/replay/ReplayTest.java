package io.drugwatch.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drugwatch.config.DrugwatchConfig;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden-file test of the replay. The expected files were produced by this code and checked by hand
 * against the figures in the input (see the comments below); a change in behaviour shows as a diff.
 */
class ReplayTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path out;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(ReplayTest.class.getResource("/replay/" + name).toURI());
    }

    private static Replay.Summary replay(Path output) throws Exception {
        return new Replay(DrugwatchConfig.defaults(), line -> {}).run(resource("input"), output);
    }

    @Test
    void outputMatchesTheGoldenFilesByteForByte() throws Exception {
        replay(out);
        for (String file :
                List.of("county-indicators.jsonl", "region-indicators.jsonl", "dead-letters.jsonl", "alerts.jsonl")) {
            assertThat(Files.readString(out.resolve(file), StandardCharsets.UTF_8))
                    .as(file)
                    .isEqualTo(Files.readString(resource("expected/" + file), StandardCharsets.UTF_8));
        }
    }

    @Test
    void theSameInputGivesIdenticalOutput(@TempDir Path second) throws Exception {
        replay(out);
        replay(second);
        for (String file :
                List.of("county-indicators.jsonl", "region-indicators.jsonl", "dead-letters.jsonl", "alerts.jsonl")) {
            assertThat(Files.readAllBytes(second.resolve(file))).isEqualTo(Files.readAllBytes(out.resolve(file)));
        }
    }

    @Test
    void goldenFiguresAreTheHandCheckedOnes() throws Exception {
        Replay.Summary summary = replay(out);
        assertThat(summary.read()).containsEntry("arrests.jsonl", 9L).containsEntry("seizures.jsonl", 5L);
        assertThat(summary.deadLetters())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("INVALID_JSON", 1L, "INVALID_COUNTY_CODE", 1L, "VALUE_OUT_OF_RANGE", 1L, "LATE", 1L));

        List<JsonNode> finals = lines(out.resolve("county-indicators.jsonl"));
        // 昭通 checkpoint haul in 金平 on one local day
        JsonNode jinping = find(finals, "532530", 1, "2026-11-03");
        assertThat(jinping.get("seizedGrams").asDouble()).isEqualTo(29_298.92);
        assertThat(jinping.get("seizuresOver10kg").asLong()).isEqualTo(1);
        assertThat(jinping.get("countyName").asText()).isEqualTo("金平苗族瑶族傣族自治县");
        assertThat(jinping.get("hitRatePer1000").asDouble()).isEqualTo(3.0);
        // 鲁甸: 23:30 on the 2nd and 00:30 on the 3rd are different local days; the duplicate counts once
        JsonNode ludian2 = find(finals, "530621", 1, "2026-11-02");
        assertThat(ludian2.get("suspects").asLong()).isEqualTo(4);
        assertThat(ludian2.get("relapses").asLong()).isEqualTo(1);
        JsonNode ludianWeek = find(finals, "530621", 7, "2026-11-08");
        assertThat(ludianWeek.get("suspects").asLong()).isEqualTo(6);
        assertThat(ludianWeek.get("seizedGrams").asDouble()).isEqualTo(1_443.24);
        // (400 + 600) / 2 ng/L x 20,000 m3/day / 80,000 people; the below-LOQ ketamine sample is 0
        assertThat(ludianWeek.get("wastewaterLoad").get("METHAMPHETAMINE").asDouble())
                .isEqualTo(125.0);
        assertThat(ludianWeek.get("wastewaterLoad").get("KETAMINE").asDouble()).isZero();
        // events for a code missing from the reference data still count, without names
        JsonNode unknown = find(finals, "110101", 1, "2026-11-03");
        assertThat(unknown.get("countyName").isNull()).isTrue();

        // 金平's 26.6 kg of meth tablets is CRITICAL, the 2.0 kg and 鲁甸's 1.44 kg are WARNINGs;
        // all three resolve by themselves a day later
        assertThat(summary.alerts())
                .containsExactlyInAnyOrderEntriesOf(Map.of("LARGE_SEIZURE OPEN", 3L, "LARGE_SEIZURE RESOLVED", 3L));
        List<JsonNode> alerts = lines(out.resolve("alerts.jsonl"));
        assertThat(alerts)
                .filteredOn(a -> a.get("severity").asText().equals("CRITICAL"))
                .extracting(a -> a.get("subject").asText())
                .containsOnly("zt-3");

        List<JsonNode> regions = lines(out.resolve("region-indicators.jsonl"));
        assertThat(regions)
                .allSatisfy(r -> assertThat(r.get("countiesFinal").asInt())
                        .isEqualTo(r.get("countiesReporting").asInt()));
        JsonNode yunnan = regions.stream()
                .filter(r -> r.get("regionCode").asText().equals("530000")
                        && r.get("windowDays").asInt() == 7
                        && r.get("endDate").asText().equals("2026-11-08"))
                .findFirst()
                .orElseThrow();
        // 金平's haul and 鲁甸's 1,443.24 g in one province week
        assertThat(yunnan.get("seizedGrams").asDouble()).isEqualTo(29_298.92 + 1_443.24);
        assertThat(yunnan.get("countiesReporting").asInt()).isEqualTo(2);

        List<JsonNode> dead = lines(out.resolve("dead-letters.jsonl"));
        JsonNode late = dead.stream()
                .filter(d -> d.get("reason").asText().equals("LATE"))
                .findFirst()
                .orElseThrow();
        assertThat(late.get("record").asText()).contains("\"ld-late\"");
        assertThat(late.get("file").asText()).isEqualTo("arrests.jsonl");
        assertThat(late.get("line").asLong()).isEqualTo(5);
        assertThat(late.get("topic").asText()).isEqualTo("arrests");
    }

    private static JsonNode find(List<JsonNode> finals, String county, int days, String endDate) {
        return finals.stream()
                .filter(n -> n.get("countyCode").asText().equals(county)
                        && n.get("windowDays").asInt() == days
                        && n.get("endDate").asText().equals(endDate))
                .reduce((a, b) -> {
                    throw new AssertionError("two finals for " + county + "|" + days + "|" + endDate);
                })
                .orElseThrow(() -> new AssertionError("no final for " + county + "|" + days + "|" + endDate));
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .map(l -> {
                    try {
                        return JSON.readTree(l);
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                })
                .toList();
    }
}
