package io.drugwatch.sim;

import java.time.ZoneId;
import java.util.Objects;

/**
 * Knobs of the {@link EventGenerator}.
 *
 * @param volume multiplier on every count rate (the true daily means of arrests and seizures,
 *     checkpoint records and so the vehicles they cover, planted spike and surge sizes); 1 is the
 *     realistic base rate ({@link BaseRates}). Wastewater samples are scheduled per plant and not scaled.
 * @param targetEventsPerDay if &gt; 0, overrides {@code volume} so that the expected number of events per
 *     simulated day is about this (wastewater included, bad records excluded); see
 *     {@link EventGenerator#expectedEventsPerDay()}
 * @param badRecordRate probability that a bad record follows an emitted event, when
 *     {@link Scenario#BAD_RECORDS} is on
 * @param wastewaterCountyShare share of counties with monitored treatment plants
 * @param inlandCheckpointShare share of inland (non-border) counties with a checkpoint
 * @param zone local time zone for days and the diurnal profile (China has one fixed offset)
 */
public record GeneratorOptions(
        double volume,
        double targetEventsPerDay,
        double badRecordRate,
        double wastewaterCountyShare,
        double inlandCheckpointShare,
        ZoneId zone) {

    public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    public static final double DEFAULT_BAD_RECORD_RATE = 0.005;
    public static final double DEFAULT_WASTEWATER_COUNTY_SHARE = 0.15;
    public static final double DEFAULT_INLAND_CHECKPOINT_SHARE = 0.25;

    public GeneratorOptions {
        if (!(volume > 0) || Double.isInfinite(volume)) {
            throw new IllegalArgumentException("volume must be > 0: " + volume);
        }
        if (!(targetEventsPerDay >= 0) || Double.isInfinite(targetEventsPerDay)) {
            throw new IllegalArgumentException("targetEventsPerDay must be >= 0: " + targetEventsPerDay);
        }
        checkShare("badRecordRate", badRecordRate);
        checkShare("wastewaterCountyShare", wastewaterCountyShare);
        checkShare("inlandCheckpointShare", inlandCheckpointShare);
        Objects.requireNonNull(zone, "zone");
    }

    private static void checkShare(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1]: " + v);
        }
    }

    /** Realistic volume (about 40,000 events a day over the ~2,850 mainland counties), China time. */
    public static GeneratorOptions defaults() {
        return new GeneratorOptions(
                1.0,
                0,
                DEFAULT_BAD_RECORD_RATE,
                DEFAULT_WASTEWATER_COUNTY_SHARE,
                DEFAULT_INLAND_CHECKPOINT_SHARE,
                CHINA);
    }

    public GeneratorOptions withVolume(double v) {
        return new GeneratorOptions(v, 0, badRecordRate, wastewaterCountyShare, inlandCheckpointShare, zone);
    }

    public GeneratorOptions withTargetEventsPerDay(double perDay) {
        return new GeneratorOptions(volume, perDay, badRecordRate, wastewaterCountyShare, inlandCheckpointShare, zone);
    }

    public GeneratorOptions withBadRecordRate(double rate) {
        return new GeneratorOptions(
                volume, targetEventsPerDay, rate, wastewaterCountyShare, inlandCheckpointShare, zone);
    }

    public GeneratorOptions withWastewaterCountyShare(double share) {
        return new GeneratorOptions(volume, targetEventsPerDay, badRecordRate, share, inlandCheckpointShare, zone);
    }

    public GeneratorOptions withInlandCheckpointShare(double share) {
        return new GeneratorOptions(volume, targetEventsPerDay, badRecordRate, wastewaterCountyShare, share, zone);
    }

    public GeneratorOptions withZone(ZoneId z) {
        return new GeneratorOptions(
                volume, targetEventsPerDay, badRecordRate, wastewaterCountyShare, inlandCheckpointShare, z);
    }
}
