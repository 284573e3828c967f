package io.drugwatch.replay;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The valid lines of all input files, one at a time, in the order records enter the topology
 * ({@link InputLine#ORDER}), without holding the files in memory.
 *
 * <p>Each file is read once, front to back. Files written in event order are nearly in reportedAt
 * order already (a record is reported hours after the ones that follow it, not weeks), so each file
 * passes through a buffer of {@code depth} lines that hands out its smallest line whenever it is full:
 * that sorts any file in which no line comes more than {@code depth} lines after one it should
 * precede. A file that is out of order beyond that is detected when the offending line is read
 * ({@link OutOfOrderException}); the caller then starts over with {@link #sortedOnDisk}, which sorts
 * every file through temporary files first. Both give exactly the same sequence.
 *
 * <p>Lines that are not valid records go to the {@link InvalidLines} listener, in file order, as they
 * are read; blank lines are skipped (but counted).
 */
final class SortedInput implements AutoCloseable {

    /** A file is further out of order than the buffer can sort. */
    static final class OutOfOrderException extends RuntimeException {
        OutOfOrderException(String message) {
            super(message);
        }
    }

    interface InvalidLines {
        void invalid(int file, long number, String text, String error) throws IOException;
    }

    private final List<Source> sources = new ArrayList<>();
    private final long totalBytes;

    private SortedInput(List<Source> sources, long totalBytes) {
        this.sources.addAll(sources);
        this.totalBytes = totalBytes;
    }

    /**
     * @param files one path per input (in {@link Replay#INPUTS} order), null for a missing one
     */
    static SortedInput streamed(List<Path> files, int depth, LineParser parser, InvalidLines invalid)
            throws IOException {
        List<Source> sources = new ArrayList<>();
        long total = 0;
        for (int f = 0; f < files.size(); f++) {
            if (files.get(f) != null) {
                total += Files.size(files.get(f));
                sources.add(new StreamedFile(f, files.get(f), depth, parser, invalid));
            }
        }
        return new SortedInput(sources, total);
    }

    /**
     * Sorts every file into runs of {@code runLines} lines in {@code tempDir} first, then merges them.
     */
    static SortedInput sortedOnDisk(
            List<Path> files, int runLines, Path tempDir, LineParser parser, InvalidLines invalid) throws IOException {
        List<Source> sources = new ArrayList<>();
        long total = 0;
        for (int f = 0; f < files.size(); f++) {
            if (files.get(f) != null) {
                total += Files.size(files.get(f));
                sources.add(SpilledFile.sort(f, files.get(f), runLines, tempDir, parser, invalid));
            }
        }
        return new SortedInput(sources, total);
    }

    /** The next line, or null when every file is done. */
    InputLine next() throws IOException {
        Source best = null;
        InputLine bestLine = null;
        for (Source s : sources) {
            InputLine head = s.peek();
            if (head != null && (bestLine == null || InputLine.ORDER.compare(head, bestLine) < 0)) {
                best = s;
                bestLine = head;
            }
        }
        return best == null ? null : best.poll();
    }

    /** Lines read per input (blank and invalid ones included), by index in {@link Replay#INPUTS}. */
    long[] linesRead() {
        long[] n = new long[Replay.INPUTS.size()];
        for (Source s : sources) {
            n[s.file()] = s.linesRead();
        }
        return n;
    }

    /** The share of the input bytes read so far, 0 to 1. */
    double fractionRead() {
        long read = 0;
        for (Source s : sources) {
            read += s.bytesRead();
        }
        return totalBytes == 0 ? 1 : Math.min(1, (double) read / totalBytes);
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (Source s : sources) {
            try {
                s.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private interface Source extends AutoCloseable {
        int file();

        InputLine peek() throws IOException;

        InputLine poll() throws IOException;

        long linesRead();

        long bytesRead();

        @Override
        void close() throws IOException;
    }

    /** Reads a file line by line, as {@link Files#lines} does (strict UTF-8, any line terminator). */
    private static final class LineReader implements AutoCloseable {
        private final CountingStream counted;
        private final BufferedReader reader;
        private long number;

        LineReader(Path file) throws IOException {
            counted = new CountingStream(Files.newInputStream(file));
            reader = new BufferedReader(new InputStreamReader(counted, StandardCharsets.UTF_8.newDecoder()), 1 << 16);
        }

        /** The next line, or null at the end. */
        String next() throws IOException {
            String line = reader.readLine();
            if (line != null) {
                number++;
            }
            return line;
        }

        long number() {
            return number;
        }

        long bytesRead() {
            return counted.count;
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    private static final class CountingStream extends FilterInputStream {
        volatile long count;

        CountingStream(InputStream in) {
            super(new BufferedInputStream(in, 1 << 16));
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    /** A file sorted on the fly through a bounded buffer. */
    private static final class StreamedFile implements Source {
        private final int file;
        private final Path path;
        private final LineReader reader;
        private final int depth;
        private final LineParser parser;
        private final InvalidLines invalid;
        private final LineHeap buffer;
        private InputLine last;
        private boolean eof;

        StreamedFile(int file, Path path, int depth, LineParser parser, InvalidLines invalid) throws IOException {
            this.file = file;
            this.path = path;
            this.reader = new LineReader(path);
            this.depth = depth;
            this.parser = parser;
            this.invalid = invalid;
            this.buffer = new LineHeap(depth);
        }

        @Override
        public int file() {
            return file;
        }

        private void fill() throws IOException {
            while (!eof && buffer.size() < depth) {
                String text = reader.next();
                if (text == null) {
                    eof = true;
                    reader.close();
                    return;
                }
                if (text.isBlank()) {
                    continue;
                }
                InputLine line;
                try {
                    line = parser.parse(file, reader.number(), text);
                } catch (LineParser.InvalidLineException e) {
                    invalid.invalid(file, reader.number(), text, e.getMessage());
                    continue;
                }
                if (last != null && InputLine.ORDER.compare(line, last) < 0) {
                    throw new OutOfOrderException(path.getFileName() + " line " + line.number()
                            + " belongs before line " + last.number() + ", more than " + depth
                            + " lines earlier");
                }
                buffer.add(line);
            }
        }

        @Override
        public InputLine peek() throws IOException {
            fill();
            return buffer.peek();
        }

        @Override
        public InputLine poll() throws IOException {
            fill();
            InputLine line = buffer.poll();
            if (line != null) {
                last = line;
            }
            return line;
        }

        @Override
        public long linesRead() {
            return reader.number();
        }

        @Override
        public long bytesRead() {
            return reader.bytesRead();
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    /**
     * A binary heap of the lines of one file by (reportedAt, occurredAt, line number), with the keys in
     * arrays of their own: a comparison reads two slots of an array instead of two objects spread over
     * the heap (a {@code PriorityQueue} of lines spent a fifth of the input thread on cache misses).
     */
    static final class LineHeap {
        private final long[] reported;
        private final long[] occurred;
        private final long[] number;
        private final InputLine[] lines;
        private int size;

        LineHeap(int capacity) {
            reported = new long[capacity];
            occurred = new long[capacity];
            number = new long[capacity];
            lines = new InputLine[capacity];
        }

        int size() {
            return size;
        }

        private boolean less(int a, int b) {
            if (reported[a] != reported[b]) {
                return reported[a] < reported[b];
            }
            if (occurred[a] != occurred[b]) {
                return occurred[a] < occurred[b];
            }
            return number[a] < number[b];
        }

        private void swap(int a, int b) {
            long r = reported[a];
            reported[a] = reported[b];
            reported[b] = r;
            long o = occurred[a];
            occurred[a] = occurred[b];
            occurred[b] = o;
            long n = number[a];
            number[a] = number[b];
            number[b] = n;
            InputLine l = lines[a];
            lines[a] = lines[b];
            lines[b] = l;
        }

        void add(InputLine line) {
            if (size == lines.length) {
                throw new IllegalStateException("full");
            }
            int i = size++;
            reported[i] = line.reportedAt();
            occurred[i] = line.occurredAt();
            number[i] = line.number();
            lines[i] = line;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!less(i, parent)) {
                    break;
                }
                swap(i, parent);
                i = parent;
            }
        }

        InputLine peek() {
            return size == 0 ? null : lines[0];
        }

        InputLine poll() {
            if (size == 0) {
                return null;
            }
            InputLine top = lines[0];
            size--;
            if (size > 0) {
                swap(0, size);
            }
            lines[size] = null;
            int i = 0;
            while (true) {
                int left = 2 * i + 1;
                if (left >= size) {
                    break;
                }
                int right = left + 1;
                int least = right < size && less(right, left) ? right : left;
                if (!less(least, i)) {
                    break;
                }
                swap(i, least);
                i = least;
            }
            return top;
        }
    }

    /**
     * A file sorted through temporary files: sorted runs of valid lines, merged as they are read. Only
     * the sort keys and the text are kept; lines are parsed again when merged.
     */
    private static final class SpilledFile implements Source {
        private static final Comparator<Run> BY_HEAD =
                (a, b) -> compareKeys(a.reportedAt, a.occurredAt, a.number, b.reportedAt, b.occurredAt, b.number);
        private final int file;
        private final long lines;
        private final long bytes;
        private final LineParser parser;
        private final PriorityQueue<Run> runs = new PriorityQueue<>(BY_HEAD);
        private final List<Run> all = new ArrayList<>();
        private InputLine head;

        private SpilledFile(int file, long lines, long bytes, List<Path> runFiles, LineParser parser)
                throws IOException {
            this.file = file;
            this.lines = lines;
            this.bytes = bytes;
            this.parser = parser;
            for (Path p : runFiles) {
                Run r = new Run(p);
                all.add(r);
                if (r.advance()) {
                    runs.add(r);
                }
            }
        }

        static SpilledFile sort(
                int file, Path path, int runLines, Path tempDir, LineParser parser, InvalidLines invalid)
                throws IOException {
            List<Path> runFiles = new ArrayList<>();
            List<InputLine> chunk = new ArrayList<>();
            long lines;
            long bytes;
            try (LineReader reader = new LineReader(path)) {
                String text;
                while ((text = reader.next()) != null) {
                    if (text.isBlank()) {
                        continue;
                    }
                    try {
                        InputLine line = parser.parse(file, reader.number(), text);
                        // only what sorting needs: the record is parsed again when merged
                        chunk.add(new InputLine(
                                file, line.number(), text, line.reportedAt(), line.occurredAt(), null, null));
                    } catch (LineParser.InvalidLineException e) {
                        invalid.invalid(file, reader.number(), text, e.getMessage());
                    }
                    if (chunk.size() >= runLines) {
                        runFiles.add(writeRun(chunk, tempDir));
                        chunk.clear();
                    }
                }
                lines = reader.number();
                bytes = reader.bytesRead();
            }
            if (!chunk.isEmpty()) {
                runFiles.add(writeRun(chunk, tempDir));
            }
            return new SpilledFile(file, lines, bytes, runFiles, parser);
        }

        private static Path writeRun(List<InputLine> chunk, Path tempDir) throws IOException {
            chunk.sort(InputLine.ORDER);
            Path run = Files.createTempFile(tempDir, "sort-", ".run");
            try (DataOutputStream out =
                    new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run), 1 << 16))) {
                for (InputLine l : chunk) {
                    out.writeLong(l.reportedAt());
                    out.writeLong(l.occurredAt());
                    out.writeLong(l.number());
                    byte[] text = l.text().getBytes(StandardCharsets.UTF_8);
                    out.writeInt(text.length);
                    out.write(text);
                }
            }
            return run;
        }

        @Override
        public int file() {
            return file;
        }

        @Override
        public InputLine peek() throws IOException {
            if (head == null && !runs.isEmpty()) {
                Run r = runs.poll();
                try {
                    head = parser.parse(file, r.number, r.text);
                } catch (LineParser.InvalidLineException e) {
                    throw new IllegalStateException("a line that parsed once does not parse again", e);
                }
                if (r.advance()) {
                    runs.add(r);
                }
            }
            return head;
        }

        @Override
        public InputLine poll() throws IOException {
            InputLine line = peek();
            head = null;
            return line;
        }

        @Override
        public long linesRead() {
            return lines;
        }

        @Override
        public long bytesRead() {
            return bytes;
        }

        @Override
        public void close() throws IOException {
            for (Run r : all) {
                r.close();
            }
        }

        private static final class Run implements AutoCloseable {
            private final Path path;
            private final DataInputStream in;
            long reportedAt;
            long occurredAt;
            long number;
            String text;

            Run(Path path) throws IOException {
                this.path = path;
                this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(path), 1 << 16));
            }

            boolean advance() throws IOException {
                try {
                    reportedAt = in.readLong();
                } catch (EOFException e) {
                    close();
                    return false;
                }
                occurredAt = in.readLong();
                number = in.readLong();
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                text = new String(bytes, StandardCharsets.UTF_8);
                return true;
            }

            @Override
            public void close() throws IOException {
                in.close();
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private static int compareKeys(long r1, long o1, long n1, long r2, long o2, long n2) {
        int c = Long.compare(r1, r2);
        if (c == 0) {
            c = Long.compare(o1, o2);
        }
        return c != 0 ? c : Long.compare(n1, n2);
    }
}
