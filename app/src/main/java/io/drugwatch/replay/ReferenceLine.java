package io.drugwatch.replay;

import io.drugwatch.jsonl.AvroJson;
import io.drugwatch.model.County;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of counties.jsonl: the county it holds, or why it holds none. Whether the county is valid
 * is for the topology to judge, as it judges a record on the counties topic.
 *
 * @param number line number in the file, from 1
 * @param county null when the line is not a County record
 * @param error why the line is not a County record, else null
 */
record ReferenceLine(long number, String text, County county, String error) {

    /** The non-blank lines of a counties.jsonl file ({@link AvroJson} format, as ingest reads it). */
    static List<ReferenceLine> read(Path file) throws IOException {
        List<ReferenceLine> lines = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            long number = 0;
            while ((text = in.readLine()) != null) {
                number++;
                if (text.isBlank()) {
                    continue;
                }
                try {
                    lines.add(new ReferenceLine(number, text, AvroJson.parse(text, County.class), null));
                } catch (IllegalArgumentException e) {
                    lines.add(new ReferenceLine(number, text, null, e.getMessage()));
                }
            }
        }
        return lines;
    }

    /** Counties from elsewhere (the bundled set), numbered as if they were lines. */
    static List<ReferenceLine> of(List<County> counties) {
        List<ReferenceLine> lines = new ArrayList<>(counties.size());
        for (int i = 0; i < counties.size(); i++) {
            lines.add(new ReferenceLine(i + 1, AvroJson.format(counties.get(i)), counties.get(i), null));
        }
        return lines;
    }
}
