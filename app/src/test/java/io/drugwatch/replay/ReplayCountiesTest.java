package io.drugwatch.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drugwatch.config.DrugwatchConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** counties.jsonl is judged like the counties topic: bad lines are dead letters and replace no county. */
class ReplayCountiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LUDIAN = "{\"code\":\"530621\",\"name\":\"鲁甸县\",\"prefectureCode\":\"530600\","
            + "\"prefectureName\":\"昭通市\",\"provinceCode\":\"530000\",\"provinceName\":\"云南省\",\"population\":%d}";
    private static final String JINPING = "{\"code\":\"532530\",\"name\":\"金平县\",\"prefectureCode\":\"532500\","
            + "\"prefectureName\":\"红河州\",\"provinceCode\":\"530000\",\"provinceName\":\"云南省\",\"population\":%d}";

    @TempDir
    Path in;

    @TempDir
    Path out;

    private Replay.Summary replay(String... counties) throws Exception {
        Files.writeString(in.resolve("counties.jsonl"), String.join("\n", counties) + "\n", StandardCharsets.UTF_8);
        Files.writeString(in.resolve("arrests.jsonl"), """
                {"eventId":"a1","occurredAt":"2026-11-03T10:00:00+08:00","countyCode":"530621","offense":"USE","suspects":4}
                {"eventId":"a2","occurredAt":"2026-11-03T11:00:00+08:00","countyCode":"532530","offense":"USE","suspects":2}
                """, StandardCharsets.UTF_8);
        return new Replay(DrugwatchConfig.defaults(), line -> {}).run(in, out);
    }

    private List<JsonNode> lines(String file) throws IOException {
        return Files.readAllLines(out.resolve(file), StandardCharsets.UTF_8).stream()
                .map(l -> {
                    try {
                        return JSON.readTree(l);
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                })
                .toList();
    }

    private JsonNode window(String county) throws IOException {
        return lines("county-indicators.jsonl").stream()
                .filter(n -> n.get("countyCode").asText().equals(county)
                        && n.get("windowDays").asInt() == 1
                        && n.get("endDate").asText().equals("2026-11-03"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void invalidCountiesAreDeadLetteredWithTheirLineAndReplaceNoGoodOne() throws Exception {
        Replay.Summary summary = replay(
                LUDIAN.formatted(398_447),
                LUDIAN.formatted(0),
                JINPING.formatted(-5),
                "{\"code\": \"530621\", \"name\":",
                LUDIAN.formatted(1).replace("\"530621\"", "\"530621'; DROP TABLE counties; --\""),
                LUDIAN.formatted(2).replace("鲁甸县", " "));

        assertThat(summary.deadLetters())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "VALUE_OUT_OF_RANGE", 2L, "INVALID_JSON", 1L, "INVALID_COUNTY_CODE", 1L, "MISSING_FIELD", 1L));
        assertThat(summary.read()).containsEntry("counties.jsonl", 6L);
        List<JsonNode> dead = lines("dead-letters.jsonl");
        assertThat(dead)
                .extracting(d -> d.get("reason").asText() + " " + d.get("file").asText() + ":"
                        + d.get("line").asLong())
                .containsExactly(
                        "VALUE_OUT_OF_RANGE counties.jsonl:2",
                        "VALUE_OUT_OF_RANGE counties.jsonl:3",
                        "INVALID_JSON counties.jsonl:4",
                        "INVALID_COUNTY_CODE counties.jsonl:5",
                        "MISSING_FIELD counties.jsonl:6");
        assertThat(dead).allSatisfy(d -> assertThat(d.get("topic").asText()).isEqualTo("counties"));
        assertThat(dead.get(1).get("record").asText()).isEqualTo(JINPING.formatted(-5));
        assertThat(dead.get(1).get("detail").asText()).isEqualTo("population -5 is outside (0, inf)");

        // 鲁甸 keeps its good record; 金平, whose only record is bad, stays unknown
        JsonNode ludian = window("530621");
        assertThat(ludian.get("population").asLong()).isEqualTo(398_447);
        assertThat(ludian.get("countyName").asText()).isEqualTo("鲁甸县");
        JsonNode jinping = window("532530");
        assertThat(jinping.get("population").isNull()).isTrue();
        assertThat(jinping.get("suspects").asLong()).isEqualTo(2);
    }
}
