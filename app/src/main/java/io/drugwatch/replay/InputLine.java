package io.drugwatch.replay;

import java.util.Comparator;

/**
 * One valid input line, parsed and serialized in the input topic's wire format.
 *
 * @param file index of its input in {@link Replay#INPUTS}
 * @param number line number in its file, from 1
 * @param key the county code, serialized
 * @param value the record in the topic's wire format
 */
record InputLine(int file, long number, String text, long reportedAt, long occurredAt, byte[] key, byte[] value) {

    /** The order in which records enter: reportedAt, then occurredAt, then input file and line. */
    static final Comparator<InputLine> ORDER = (a, b) -> {
        int c = Long.compare(a.reportedAt, b.reportedAt);
        if (c == 0) {
            c = Long.compare(a.occurredAt, b.occurredAt);
        }
        if (c == 0) {
            c = Integer.compare(a.file, b.file);
        }
        return c != 0 ? c : Long.compare(a.number, b.number);
    };
}
