package io.drugwatch.alerting;

import io.drugwatch.domain.DailyPane;
import io.drugwatch.model.Offense;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.function.ToLongFunction;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * The daily totals one county's alert rules judge, for the last {@value #DAYS} local days: enough for
 * the longest judged window (14 days) plus the longest baseline (84 days) and two weeks to spare. A
 * day without a record had no events and reads as zeros. Kept by the alerts processor from the panes
 * of the days that close, so it is a contract of its own rather than a view into the windows' store,
 * and it costs about a kilobyte per county whatever the retention of the windows.
 */
public final class CountySeries {

    /** Days kept. */
    public static final int DAYS = 196;

    /** What is counted per day. Names are stored: append new ones, never reorder or rename. */
    public enum Series {
        ARREST_EVENTS(DailyPane::arrestEvents),
        SUSPECTS(DailyPane::suspects),
        SEIZURE_EVENTS(DailyPane::seizureEvents),
        INSPECTION_HITS(DailyPane::inspectionHits),
        VEHICLES(DailyPane::vehiclesInspected),
        /** Use and possession suspects plus relapses: the enforcement a consumption rise should bring. */
        ENFORCEMENT(p -> p.suspects(Offense.USE) + p.suspects(Offense.POSSESSION) + p.relapses());

        private final ToLongFunction<DailyPane> count;

        Series(ToLongFunction<DailyPane> count) {
            this.count = count;
        }

        long of(DailyPane pane) {
            return count.applyAsLong(pane);
        }

        /** The series a COUNT_SPIKE metric reads. */
        public static Series of(CountMetric metric) {
            return valueOf(metric.name());
        }
    }

    private static final byte VERSION = 1;
    private static final Series[] ALL = Series.values();

    /** Epoch day of the newest recorded day; values[s][i] is the day lastDay - (DAYS - 1) + i. */
    private long lastDay;
    /** Epoch day from which the series has been kept; earlier days are unknown. */
    private final long firstDay;

    private final long[][] values = new long[ALL.length][DAYS];

    private CountySeries(long lastDay, long firstDay) {
        this.lastDay = lastDay;
        this.firstDay = firstDay;
    }

    /**
     * A new series kept from {@code first} on. Days before it are unknown, not quiet: a county the alerts
     * processor has not seen before may have had events that no series recorded (after an upgrade, say).
     */
    public static CountySeries startingOn(LocalDate first) {
        return new CountySeries(first.toEpochDay() - 1, first.toEpochDay());
    }

    /** A series whose every day up to {@code day} is known to be zero. */
    public static CountySeries empty(LocalDate day) {
        return new CountySeries(day.toEpochDay(), Long.MIN_VALUE / 2);
    }

    public LocalDate lastDay() {
        return LocalDate.ofEpochDay(lastDay);
    }

    /** The first day the series knows: {@code observedFrom}, or its own first day if later. */
    public LocalDate knownFrom(LocalDate observedFrom) {
        return firstDay > observedFrom.toEpochDay() ? LocalDate.ofEpochDay(firstDay) : observedFrom;
    }

    /**
     * Records the totals of {@code day}, which must not be older than the kept span; days between the
     * last recorded one and {@code day} become zeros.
     */
    public void record(LocalDate day, DailyPane pane) {
        long d = day.toEpochDay();
        if (d > lastDay) {
            shift(d);
        }
        int i = index(d);
        if (i < 0) {
            throw new IllegalArgumentException(day + " is older than the kept " + DAYS + " days before " + lastDay());
        }
        for (Series s : ALL) {
            values[s.ordinal()][i] = s.of(pane);
        }
    }

    /** The count of {@code series} on {@code day}: 0 for days without a record, after the last one included. */
    public long get(Series series, LocalDate day) {
        int i = index(day.toEpochDay());
        return i < 0 || i >= DAYS ? 0 : values[series.ordinal()][i];
    }

    /** The sum of {@code series} over {@code from} … {@code through}. */
    public long sum(Series series, LocalDate from, LocalDate through) {
        long total = 0;
        for (long d = from.toEpochDay(); d <= through.toEpochDay(); d++) {
            int i = index(d);
            if (i >= 0 && i < DAYS) {
                total += values[series.ordinal()][i];
            }
        }
        return total;
    }

    /** Whether every count of the kept span is zero up to {@code day}: nothing left to judge. */
    public boolean quietThrough(LocalDate day) {
        if (day.toEpochDay() - lastDay >= DAYS) {
            return true;
        }
        for (long[] row : values) {
            for (long v : row) {
                if (v != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    private int index(long epochDay) {
        return (int) (epochDay - lastDay + DAYS - 1);
    }

    private void shift(long newLast) {
        int by = (int) Math.min(DAYS, newLast - lastDay);
        for (long[] row : values) {
            System.arraycopy(row, by, row, 0, DAYS - by);
            java.util.Arrays.fill(row, DAYS - by, DAYS, 0);
        }
        lastDay = newLast;
    }

    /**
     * A version byte, the last and the first day, then per series its name and the {@value #DAYS} counts as
     * varints.
     */
    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(bytes, null);
        try {
            enc.writeFixed(new byte[] {VERSION});
            enc.writeLong(lastDay);
            enc.writeLong(firstDay);
            enc.writeInt(ALL.length);
            for (Series s : ALL) {
                enc.writeString(s.name());
                for (long v : values[s.ordinal()]) {
                    enc.writeLong(v);
                }
            }
            enc.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Series this version does not know are skipped; ones it knows that are missing stay zero. */
    public static CountySeries decode(byte[] data) {
        BinaryDecoder dec = DecoderFactory.get().binaryDecoder(data, null);
        try {
            byte[] version = new byte[1];
            dec.readFixed(version);
            if (version[0] != VERSION) {
                throw new IllegalStateException("unsupported county series format version " + version[0]);
            }
            CountySeries series = new CountySeries(dec.readLong(), dec.readLong());
            int n = dec.readInt();
            for (int k = 0; k < n; k++) {
                String name = dec.readString();
                long[] row = known(name) ? series.values[Series.valueOf(name).ordinal()] : new long[DAYS];
                for (int i = 0; i < DAYS; i++) {
                    row[i] = dec.readLong();
                }
            }
            return series;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean known(String name) {
        for (Series s : ALL) {
            if (s.name().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
