package io.drugwatch.replay;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The last value written for every key, like a compacted topic, read back in key order at the end.
 * A null value (tombstone) removes its key. Memory is bounded: when the values held exceed a limit,
 * they are written to a temporary file in key order (tombstones included) and the map starts afresh;
 * at the end the files and the map are merged, a newer value winning over an older one.
 */
final class LatestByKey implements AutoCloseable {

    interface Visitor {
        void visit(String key, byte[] value) throws IOException;
    }

    private static final byte[] TOMBSTONE = new byte[0];
    private static final int ENTRY_OVERHEAD = 120;

    private final Path tempDir;
    private final long maxBytes;
    private final List<Path> spilled = new ArrayList<>();
    private Map<String, byte[]> latest = new HashMap<>();
    private long bytes;

    LatestByKey(Path tempDir, long maxBytes) {
        this.tempDir = tempDir;
        this.maxBytes = maxBytes;
    }

    void put(String key, byte[] value) throws IOException {
        byte[] v = value == null ? TOMBSTONE : value;
        byte[] old = latest.put(key, v);
        bytes += v.length + (old == null ? 2L * key.length() + ENTRY_OVERHEAD : -old.length);
        if (bytes > maxBytes) {
            spill();
        }
    }

    private void spill() throws IOException {
        Path file = Files.createTempFile(tempDir, "latest-", ".run");
        try (DataOutputStream out =
                new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            for (Map.Entry<String, byte[]> e : sorted()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue() == TOMBSTONE ? -1 : e.getValue().length);
                out.write(e.getValue());
            }
        }
        spilled.add(file);
        latest = new HashMap<>();
        bytes = 0;
    }

    private List<Map.Entry<String, byte[]>> sorted() {
        List<Map.Entry<String, byte[]>> entries = new ArrayList<>(latest.entrySet());
        entries.sort(Map.Entry.comparingByKey());
        return entries;
    }

    int spills() {
        return spilled.size();
    }

    /** Visits every key that has a value, in key order, with its last value; returns how many. */
    long forEach(Visitor visitor) throws IOException {
        // sources in age order: files first, oldest first, then what is in memory; the newest wins
        List<Cursor> cursors = new ArrayList<>();
        for (Path p : spilled) {
            cursors.add(new FileCursor(p, cursors.size()));
        }
        cursors.add(new MapCursor(sorted().iterator(), cursors.size()));
        PriorityQueue<Cursor> queue = new PriorityQueue<>((a, b) -> {
            int c = a.key.compareTo(b.key);
            return c != 0 ? c : Integer.compare(b.age, a.age);
        });
        try {
            for (Cursor c : cursors) {
                if (c.advance()) {
                    queue.add(c);
                }
            }
            long n = 0;
            while (!queue.isEmpty()) {
                Cursor newest = queue.poll();
                String key = newest.key;
                byte[] value = newest.value;
                if (newest.advance()) {
                    queue.add(newest);
                }
                while (!queue.isEmpty() && queue.peek().key.equals(key)) {
                    Cursor older = queue.poll();
                    if (older.advance()) {
                        queue.add(older);
                    }
                }
                if (value != TOMBSTONE) {
                    visitor.visit(key, value);
                    n++;
                }
            }
            return n;
        } finally {
            for (Cursor c : cursors) {
                c.close();
            }
        }
    }

    @Override
    public void close() throws IOException {
        for (Path p : spilled) {
            Files.deleteIfExists(p);
        }
        latest = new HashMap<>();
    }

    private abstract static class Cursor implements AutoCloseable {
        final int age;
        String key;
        byte[] value;

        Cursor(int age) {
            this.age = age;
        }

        abstract boolean advance() throws IOException;

        @Override
        public void close() throws IOException {}
    }

    private static final class MapCursor extends Cursor {
        private final Iterator<Map.Entry<String, byte[]>> it;

        MapCursor(Iterator<Map.Entry<String, byte[]>> it, int age) {
            super(age);
            this.it = it;
        }

        @Override
        boolean advance() {
            if (!it.hasNext()) {
                return false;
            }
            Map.Entry<String, byte[]> e = it.next();
            key = e.getKey();
            value = e.getValue();
            return true;
        }
    }

    private static final class FileCursor extends Cursor {
        private final DataInputStream in;

        FileCursor(Path file, int age) throws IOException {
            super(age);
            in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
        }

        @Override
        boolean advance() throws IOException {
            try {
                key = in.readUTF();
            } catch (EOFException e) {
                return false;
            }
            int length = in.readInt();
            if (length < 0) {
                value = TOMBSTONE;
            } else {
                value = new byte[length];
                in.readFully(value);
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
