package io.drugwatch.sim;

import java.util.Arrays;

/**
 * One local day's events before they become records: a time of day, a type, who (county, checkpoint
 * direction, sample) and a tag (planted anomaly) each. {@link #sort()} orders them by time of day,
 * ties by insertion order, in O(events + minutes of a day): a counting sort by minute, then a sort of
 * each minute's few events.
 */
final class DayBuffer {

    private static final long MINUTE = 60_000L;
    private static final int MINUTES = 1440;

    private long[] keys = new long[1024];
    private long[] sorted = new long[1024];
    private byte[] type = new byte[1024];
    private int[] who = new int[1024];
    private int[] tag = new int[1024];
    private final int[] start = new int[MINUTES + 1];
    private int size;

    void clear() {
        size = 0;
    }

    int size() {
        return size;
    }

    /** Adds an event at this millisecond of the local day (0 ≤ ms &lt; 86,400,000). */
    void add(long msOfDay, byte t, int w, int g) {
        if (size == keys.length) {
            int cap = size * 2;
            keys = Arrays.copyOf(keys, cap);
            sorted = Arrays.copyOf(sorted, cap);
            type = Arrays.copyOf(type, cap);
            who = Arrays.copyOf(who, cap);
            tag = Arrays.copyOf(tag, cap);
        }
        keys[size] = (msOfDay << 32) | size;
        type[size] = t;
        who[size] = w;
        tag[size] = g;
        size++;
    }

    void sort() {
        Arrays.fill(start, 0);
        for (int i = 0; i < size; i++) {
            start[minute(keys[i]) + 1]++;
        }
        for (int m = 0; m < MINUTES; m++) {
            start[m + 1] += start[m];
        }
        // start[m] is now where minute m begins; fill, moving each start to its bucket's end
        for (int i = 0; i < size; i++) {
            sorted[start[minute(keys[i])]++] = keys[i];
        }
        // start[m] is now where minute m ends
        int begin = 0;
        for (int m = 0; m < MINUTES; m++) {
            int end = start[m];
            if (end - begin > 1) {
                Arrays.sort(sorted, begin, end);
            }
            begin = end;
        }
    }

    private static int minute(long key) {
        return (int) ((key >>> 32) / MINUTE);
    }

    /** Millisecond of the day of the i-th event in time order. */
    long msOfDay(int i) {
        return sorted[i] >>> 32;
    }

    /** Insertion slot of the i-th event in time order. */
    int slot(int i) {
        return (int) sorted[i];
    }

    byte type(int slot) {
        return type[slot];
    }

    int who(int slot) {
        return who[slot];
    }

    int tag(int slot) {
        return tag[slot];
    }
}
