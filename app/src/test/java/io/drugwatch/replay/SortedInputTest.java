package io.drugwatch.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.serde.SchemaRegistryClients;
import io.drugwatch.topics.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SortedInputTest {

    @TempDir
    Path dir;

    private final LineParser parser = new LineParser(
            Topics.create(DrugwatchConfig.defaults(), new SchemaRegistryClients().forUrl("mock://sorted-input-test")));

    private static String arrest(String id, String occurred, String reported) {
        return "{\"eventId\":\"" + id + "\",\"occurredAt\":\"" + occurred + "\""
                + (reported == null ? "" : ",\"reportedAt\":\"" + reported + "\"")
                + ",\"countyCode\":\"530621\",\"offense\":\"USE\",\"suspects\":1}";
    }

    private static String seizure(String id, String occurred, String reported) {
        return "{\"eventId\":\"" + id + "\",\"occurredAt\":\"" + occurred + "\",\"reportedAt\":\"" + reported
                + "\",\"countyCode\":\"530621\",\"drugType\":\"HEROIN\",\"quantityGrams\":5.0,\"source\":\"PATROL\"}";
    }

    private record Invalid(int file, long number, String text, String error) {}

    private List<String> ids(SortedInput input) throws IOException {
        List<String> ids = new ArrayList<>();
        InputLine line;
        while ((line = input.next()) != null) {
            ids.add(line.text().substring(12, line.text().indexOf('"', 12)) + "@" + line.file() + ":" + line.number());
        }
        return ids;
    }

    @Test
    void mergesFilesByReportedAtThenOccurredAtThenFileAndLine() throws IOException {
        // occurredAt order, reported up to hours later; \r\n, \r and blank lines as Files.lines reads them
        String arrests = String.join(
                        "\r\n",
                        arrest("a1", "2026-11-02T01:00:00Z", "2026-11-02T05:00:00Z"),
                        arrest("a2", "2026-11-02T02:00:00Z", "2026-11-02T02:30:00Z"),
                        "",
                        "   ",
                        arrest("a3", "2026-11-02T03:00:00Z", null))
                + "\r"
                + "not json\n" + arrest("a4", "2026-11-02T03:00:00Z", "2026-11-02T03:00:00Z") + "\n";
        Files.writeString(dir.resolve("arrests.jsonl"), arrests, StandardCharsets.UTF_8);
        Files.writeString(
                dir.resolve("seizures.jsonl"),
                String.join(
                        "\n",
                        seizure("s1", "2026-11-02T02:00:00Z", "2026-11-02T03:00:00Z"),
                        seizure("s2", "2026-11-02T01:00:00Z", "2026-11-02T02:30:00Z")),
                StandardCharsets.UTF_8);
        List<Invalid> invalid = new ArrayList<>();
        List<Path> files = Arrays.asList(dir.resolve("arrests.jsonl"), dir.resolve("seizures.jsonl"), null, null);

        try (SortedInput input = SortedInput.streamed(
                files, 4, parser, (file, number, text, error) -> invalid.add(new Invalid(file, number, text, error)))) {
            assertThat(ids(input)).containsExactly("s2@1:2", "a2@0:2", "s1@1:1", "a3@0:5", "a4@0:7", "a1@0:1");
            assertThat(input.linesRead()).containsExactly(7, 2, 0, 0);
        }
        assertThat(invalid)
                .containsExactly(
                        new Invalid(
                                0,
                                6,
                                "not json",
                                "not valid JSON: Unrecognized token 'not':"
                                        + " was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"));
        assertThat(Files.readAllLines(dir.resolve("arrests.jsonl"))).hasSize(7);
    }

    @Test
    void aLineFurtherOutOfOrderThanTheBufferIsDetectedAndSortingOnDiskGivesTheFullOrder() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String at = String.format("2026-11-02T%02d:%02d:00Z", 1 + i / 60, i % 60);
            lines.add(arrest("a" + i, at, at));
        }
        lines.add(arrest("early", "2026-11-01T00:00:00Z", "2026-11-01T00:00:00Z"));
        Files.write(dir.resolve("arrests.jsonl"), lines, StandardCharsets.UTF_8);
        List<Path> files = Arrays.asList(dir.resolve("arrests.jsonl"), null, null, null);

        try (SortedInput input = SortedInput.streamed(files, 8, parser, (f, n, t, e) -> {})) {
            assertThatThrownBy(() -> ids(input))
                    .isInstanceOf(SortedInput.OutOfOrderException.class)
                    .hasMessageContaining("line 51");
        }
        try (SortedInput input = SortedInput.streamed(files, 64, parser, (f, n, t, e) -> {})) {
            assertThat(ids(input)).first().isEqualTo("early@0:51");
        }
        try (SortedInput input = SortedInput.sortedOnDisk(files, 7, dir, parser, (f, n, t, e) -> {})) {
            List<String> ids = ids(input);
            assertThat(ids).hasSize(51).first().isEqualTo("early@0:51");
            assertThat(ids.get(1)).isEqualTo("a0@0:1");
            assertThat(input.linesRead()).containsExactly(51, 0, 0, 0);
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("sorted runs are deleted once read").hasSize(1);
        }
    }

    @Test
    void theLineHeapHandsOutLinesInOrder() {
        java.util.Random random = new java.util.Random(9);
        List<InputLine> lines = new ArrayList<>();
        for (int i = 1; i <= 5_000; i++) {
            lines.add(new InputLine(0, i, "", random.nextInt(50), random.nextInt(5), null, null));
        }
        SortedInput.LineHeap heap = new SortedInput.LineHeap(lines.size());
        lines.forEach(heap::add);
        List<InputLine> out = new ArrayList<>();
        while (heap.peek() != null) {
            InputLine top = heap.peek();
            assertThat(heap.poll()).isSameAs(top);
            out.add(top);
        }
        List<InputLine> expected = new ArrayList<>(lines);
        expected.sort(InputLine.ORDER);
        assertThat(out).containsExactlyElementsOf(expected);
        assertThat(heap.size()).isZero();
    }
}
