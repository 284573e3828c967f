package io.drugwatch.sim.truth;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads truth files written by {@link TruthWriter}. Errors name the line, e.g.
 * {@code truth.jsonl:12: unknown type 'foo'}. Unknown fields are ignored, so files from newer
 * writers still read.
 */
public final class TruthReader {

    private TruthReader() {}

    /** The whole file. */
    public static Truth read(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, file.getFileName().toString());
        }
    }

    public static Truth read(Reader reader, String name) throws IOException {
        Truth.Builder b = new Truth.Builder();
        forEach(reader, name, b::add);
        return b.build(name);
    }

    /**
     * Streams the lines of a file to {@code sink} without keeping them: for a national truth file,
     * whose series run to tens of megabytes.
     */
    public static void forEach(Path file, Consumer<TruthLine> sink) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            forEach(r, file.getFileName().toString(), sink);
        }
    }

    public static void forEach(Reader reader, String name, Consumer<TruthLine> sink) throws IOException {
        BufferedReader r = reader instanceof BufferedReader br ? br : new BufferedReader(reader);
        String text;
        long number = 0;
        int stage = -1;
        while ((text = r.readLine()) != null) {
            number++;
            if (text.isBlank()) {
                continue;
            }
            TruthLine line = parse(text, name + ":" + number);
            int s = TruthWriter.stage(line);
            if (stage < 0 && s != 0) {
                throw new IllegalArgumentException(
                        name + ":" + number + ": a truth file starts with its generator line");
            }
            if (s < stage || (s == 0 && stage == 0)) {
                throw new IllegalArgumentException(name + ":" + number + ": '" + line.type() + "' line out of order");
            }
            stage = s;
            sink.accept(line);
        }
        if (stage < 0) {
            throw new IllegalArgumentException(name + ": empty truth file");
        }
    }

    /** One line; {@code where} prefixes error messages. */
    public static TruthLine parse(String text, String where) {
        try {
            TruthLine line = TruthJson.MAPPER.readValue(text, TruthLine.class);
            if (line == null) {
                throw new IllegalArgumentException(where + ": not a truth line");
            }
            return line;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": " + e.getOriginalMessage());
        }
    }
}
