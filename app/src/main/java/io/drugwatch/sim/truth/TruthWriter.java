package io.drugwatch.sim.truth;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a truth file, one {@link TruthLine} per line. Lines must come in the order of
 * docs/evaluation.md (generator, campaigns, counties, series, anomalies); a line out of order is
 * refused, so a reader can stream the file.
 */
public final class TruthWriter implements Closeable {

    private final Writer out;
    private int stage = -1;
    private long lines;

    public TruthWriter(Writer out) {
        this.out = out;
    }

    /** A writer to a new (or truncated) UTF-8 file; creates the parent directories. */
    public static TruthWriter open(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        return new TruthWriter(w);
    }

    /** Writes a whole truth file. */
    public static void write(Path file, Truth truth) throws IOException {
        try (TruthWriter w = open(file)) {
            for (TruthLine line : truth.lines()) {
                w.write(line);
            }
        }
    }

    public void write(TruthLine line) throws IOException {
        int s = stage(line);
        if (s < stage || (s == 0 && stage == 0)) {
            throw new IllegalStateException("truth line '" + line.type() + "' out of order after line " + lines);
        }
        if (stage < 0 && s != 0) {
            throw new IllegalStateException("a truth file starts with its generator line");
        }
        stage = s;
        out.write(format(line));
        out.write('\n');
        lines++;
    }

    /** One line of JSON, without the newline. */
    public static String format(TruthLine line) {
        try {
            return TruthJson.MAPPER.writerFor(TruthLine.class).writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lines written so far. */
    public long lines() {
        return lines;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    static int stage(TruthLine line) {
        return switch (line.type()) {
            case "generator" -> 0;
            case "campaign" -> 1;
            case "county" -> 2;
            case "series" -> 3;
            default -> 4;
        };
    }
}
