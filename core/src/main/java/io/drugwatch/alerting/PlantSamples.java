package io.drugwatch.alerting;

import io.drugwatch.model.WastewaterSample;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * The latest wastewater samples of one substance at one treatment plant, oldest first: at most
 * {@value #MAX_SAMPLES}, none older than {@value #MAX_AGE_DAYS} days before the newest. WASTEWATER_RISE
 * compares each plant with its own history, since plants differ in catchment, sewer and lab far more
 * than one plant differs from week to week.
 */
public final class PlantSamples {

    static final int MAX_SAMPLES = 64;
    static final int MAX_AGE_DAYS = 400;
    private static final byte VERSION = 1;

    /**
     * @param epochDay the local day the composite ended
     * @param load mg/day/1000 inhabitants; for a sample below the limit of quantification, the load the
     *     LOQ itself would give (an upper bound)
     * @param belowLoq whether the concentration was below the LOQ
     * @param populationServed the plant's catchment, which weighs it against the county's other plants
     */
    public record Sample(long epochDay, double load, boolean belowLoq, long populationServed) {

        /** An accepted sample, as of {@code day}, its local day. */
        public static Sample of(WastewaterSample sample, LocalDate day) {
            // below the limit of quantification, the load the limit itself gives: an upper bound
            double load = sample.getConcentrationNgL() * sample.getFlowM3PerDay() / sample.getPopulationServed();
            return new Sample(day.toEpochDay(), load, sample.getBelowLoq(), sample.getPopulationServed());
        }
    }

    private final List<Sample> samples;

    public PlantSamples() {
        this(new ArrayList<>());
    }

    private PlantSamples(List<Sample> samples) {
        this.samples = samples;
    }

    /**
     * The plant's key in state and alert evidence: the plant id is free text, so only a digest of it is
     * kept (the first 8 bytes of its SHA-256, in hex).
     */
    public static String plantKey(String plantId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(plantId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Adds a sample in day order (after those of the same day) and forgets the oldest beyond the limits. */
    public void add(Sample sample) {
        int at = samples.size();
        while (at > 0 && samples.get(at - 1).epochDay() > sample.epochDay()) {
            at--;
        }
        samples.add(at, sample);
        long newest = samples.get(samples.size() - 1).epochDay();
        samples.removeIf(s -> s.epochDay() < newest - MAX_AGE_DAYS);
        while (samples.size() > MAX_SAMPLES) {
            samples.remove(0);
        }
    }

    /** The samples of days up to {@code day}, oldest first. */
    public List<Sample> upTo(LocalDate day) {
        long d = day.toEpochDay();
        int n = samples.size();
        while (n > 0 && samples.get(n - 1).epochDay() > d) {
            n--;
        }
        return List.copyOf(samples.subList(0, n));
    }

    public boolean isEmpty() {
        return samples.isEmpty();
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + samples.size() * 16);
        BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(bytes, null);
        try {
            enc.writeFixed(new byte[] {VERSION});
            enc.writeInt(samples.size());
            for (Sample s : samples) {
                enc.writeLong(s.epochDay());
                enc.writeDouble(s.load());
                enc.writeBoolean(s.belowLoq());
                enc.writeLong(s.populationServed());
            }
            enc.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static PlantSamples decode(byte[] data) {
        BinaryDecoder dec = DecoderFactory.get().binaryDecoder(data, null);
        try {
            byte[] version = new byte[1];
            dec.readFixed(version);
            if (version[0] != VERSION) {
                throw new IllegalStateException("unsupported plant samples format version " + version[0]);
            }
            int n = dec.readInt();
            List<Sample> samples = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                samples.add(new Sample(dec.readLong(), dec.readDouble(), dec.readBoolean(), dec.readLong()));
            }
            return new PlantSamples(samples);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
