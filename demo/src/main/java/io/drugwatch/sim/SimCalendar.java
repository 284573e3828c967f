package io.drugwatch.sim;

import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The calendar of the generator's counts: weekdays, yearly season, the Spring Festival dip and the
 * nationwide enforcement campaigns. Days are local epoch days ({@link LocalDate#toEpochDay()}).
 * Everything here is a function of the seed and the day alone, so a generator over any span (the
 * demo's live phase, say) sees the same calendar as one over a longer span.
 */
final class SimCalendar {

    /** Arrests and seizures: weekends about 15 % lower than weekdays, mean 1 over the week. */
    static final double WEEKEND_RATIO = 0.85;

    private static final double WEEKDAY = 7 / (5 + 2 * WEEKEND_RATIO);
    private static final double[] COUNT_WEEKDAY = {
        WEEKDAY, WEEKDAY, WEEKDAY, WEEKDAY, WEEKDAY, WEEKDAY * WEEKEND_RATIO, WEEKDAY * WEEKEND_RATIO
    };
    /** Vehicles at checkpoints by weekday (Monday first): Friday and weekend traffic is heavier. */
    private static final double[] TRAFFIC_WEEKDAY = normalise(0.97, 0.96, 0.97, 0.99, 1.06, 1.04, 1.01);

    /** Depth of the Spring Festival dip: counts × (1 − depth) in the festival week. */
    static final double SPRING_FESTIVAL_DEPTH = 0.35;

    /**
     * The first day of the lunar year (春节), 2015–2035, from the Hong Kong Observatory's
     * Gregorian–Lunar Calendar Conversion Tables (https://www.hko.gov.hk/en/gts/time/conversion.htm),
     * which agree with the dates China's State Council publishes for the public holidays.
     */
    private static final String[] SPRING_FESTIVAL = {
        "2015-02-19", "2016-02-08", "2017-01-28", "2018-02-16", "2019-02-05", "2020-01-25", "2021-02-12",
        "2022-02-01", "2023-01-22", "2024-02-10", "2025-01-29", "2026-02-17", "2027-02-06", "2028-01-26",
        "2029-02-13", "2030-02-03", "2031-01-23", "2032-02-11", "2033-01-31", "2034-02-19", "2035-02-08"
    };

    private static final int FIRST_TABLE_YEAR = 2015;
    private static final long[] SPRING_FESTIVAL_DAY = new long[SPRING_FESTIVAL.length];

    static {
        for (int i = 0; i < SPRING_FESTIVAL.length; i++) {
            SPRING_FESTIVAL_DAY[i] = LocalDate.parse(SPRING_FESTIVAL[i]).toEpochDay();
        }
    }

    /** The nationwide campaigns, each a step of its uplift over its days. */
    enum CampaignType {
        /** 集中收戒: concentrated round-up of users for treatment, in spring (most years). */
        COLLECTION("集中收戒"),
        /** Around 26 June, the International Day against Drug Abuse (every year). */
        JUNE_26("6·26"),
        /** 百日行动: a hundred-day operation whose intensive weeks fall in late summer (some years). */
        HUNDRED_DAYS("百日行动"),
        /** 冬春肃毒: the winter-spring sweep, starting around December (every year). */
        WINTER_SPRING("冬春肃毒");

        final String label;

        CampaignType(String label) {
            this.label = label;
        }
    }

    /** One campaign: days first…last inclusive (local epoch days), nationwide uplift. */
    record Campaign(CampaignType type, int year, long first, long last, double uplift) {
        String name() {
            return type.label;
        }

        long key() {
            return year * 8L + type.ordinal();
        }
    }

    private final long seed;
    private final double seasonAmplitude;
    private final double seasonPeakDay;
    private final Map<Integer, List<Campaign>> campaignsByYear = new TreeMap<>();

    SimCalendar(long seed) {
        this.seed = seed;
        this.seasonAmplitude = 0.10 + 0.05 * Rng.unit(seed, 0x5EA5_0001L);
        this.seasonPeakDay = 170 + 60 * Rng.unit(seed, 0x5EA5_0002L);
    }

    /** Day of week, 0 = Monday (epoch day 0, 1970-01-01, was a Thursday). */
    static int dayOfWeek(long day) {
        return (int) Math.floorMod(day + 3, 7L);
    }

    static boolean isWeekend(long day) {
        return dayOfWeek(day) >= 5;
    }

    /** Weekday factor of arrests and seizures (mean 1 over a week). */
    static double countWeekday(long day) {
        return COUNT_WEEKDAY[dayOfWeek(day)];
    }

    /** Weekday factor of checkpoint traffic (mean 1 over a week). */
    static double trafficWeekday(long day) {
        return TRAFFIC_WEEKDAY[dayOfWeek(day)];
    }

    /** Yearly season: 1 + A·cos(2π(dayOfYear − peak)/365.25), A in [0.10, 0.15] and the peak in summer, from the seed. */
    double season(long day) {
        int doy = LocalDate.ofEpochDay(day).getDayOfYear();
        return 1 + seasonAmplitude * StrictMath.cos(2 * Math.PI * (doy - seasonPeakDay) / 365.25);
    }

    double seasonAmplitude() {
        return seasonAmplitude;
    }

    /**
     * The first day of the lunar year in {@code year}: from the table for 2015–2035, else from the
     * table year a multiple of 19 years away (the Metonic cycle repeats lunar dates to within a day
     * or two), on the same month and day.
     */
    static long springFestival(int year) {
        int y = year;
        while (y < FIRST_TABLE_YEAR) {
            y += 19;
        }
        while (y >= FIRST_TABLE_YEAR + SPRING_FESTIVAL.length) {
            y -= 19;
        }
        LocalDate table = LocalDate.ofEpochDay(SPRING_FESTIVAL_DAY[y - FIRST_TABLE_YEAR]);
        return table.withYear(year).toEpochDay();
    }

    /**
     * The Spring Festival dip: counts fall over the 10 days before the festival, stay
     * {@value #SPRING_FESTIVAL_DEPTH} lower in its first week (the public holiday), and recover over
     * the next 8 days.
     */
    static double springFestivalFactor(long day) {
        int year = LocalDate.ofEpochDay(day).getYear();
        long delta = day - springFestival(year);
        if (delta < -10) {
            // late December: count towards next year's festival
            delta = day - springFestival(year + 1);
        }
        double w;
        if (delta >= -10 && delta <= -1) {
            w = (delta + 11) / 11.0;
        } else if (delta >= 0 && delta <= 6) {
            w = 1;
        } else if (delta >= 7 && delta <= 14) {
            w = (15 - delta) / 9.0;
        } else {
            w = 0;
        }
        return 1 - SPRING_FESTIVAL_DEPTH * w;
    }

    /** Everything national except campaigns: weekday × season × Spring Festival. */
    double national(long day) {
        return countWeekday(day) * season(day) * springFestivalFactor(day);
    }

    /**
     * The campaigns of a year, drawn from the seed and the year alone. They never overlap: 集中收戒
     * ends by mid-May, 6·26 starts after, 百日行动 ends by late October, 冬春肃毒 starts in November or
     * December and ends before the next spring.
     */
    synchronized List<Campaign> campaigns(int year) {
        return campaignsByYear.computeIfAbsent(year, this::draw);
    }

    private List<Campaign> draw(int year) {
        Rng r = Rng.derive(seed, 0xCA4_0000L + year);
        List<Campaign> out = new ArrayList<>();
        // every draw happens whether or not the campaign takes place, so one year never shifts another
        boolean collection = r.chance(0.8);
        long collectionFirst = day(year, Month.MARCH, 10) + r.nextInt(36);
        int collectionDays = 14 + r.nextInt(15);
        double collectionUplift = r.uniform(1.3, 1.6);
        long juneLast = day(year, Month.JUNE, 26) + r.nextInt(5);
        int juneDays = 14 + r.nextInt(22);
        double juneUplift = r.uniform(1.3, 1.6);
        boolean hundred = r.chance(0.6);
        long hundredFirst = day(year, Month.AUGUST, 1) + r.nextInt(41);
        int hundredDays = 28 + r.nextInt(15);
        double hundredUplift = r.uniform(1.3, 1.6);
        long winterFirst = day(year, Month.DECEMBER, 1) - 20 + r.nextInt(41);
        int winterDays = 28 + r.nextInt(15);
        double winterUplift = r.uniform(1.3, 1.6);
        if (collection) {
            out.add(new Campaign(
                    CampaignType.COLLECTION,
                    year,
                    collectionFirst,
                    collectionFirst + collectionDays - 1,
                    round2(collectionUplift)));
        }
        out.add(new Campaign(CampaignType.JUNE_26, year, juneLast - juneDays + 1, juneLast, round2(juneUplift)));
        if (hundred) {
            out.add(new Campaign(
                    CampaignType.HUNDRED_DAYS,
                    year,
                    hundredFirst,
                    hundredFirst + hundredDays - 1,
                    round2(hundredUplift)));
        }
        out.add(new Campaign(
                CampaignType.WINTER_SPRING, year, winterFirst, winterFirst + winterDays - 1, round2(winterUplift)));
        return Collections.unmodifiableList(out);
    }

    /** The campaign on this day, or null (campaigns never overlap). */
    Campaign campaignOn(long day) {
        int year = LocalDate.ofEpochDay(day).getYear();
        for (int y = year - 1; y <= year; y++) {
            for (Campaign c : campaigns(y)) {
                if (day >= c.first() && day <= c.last()) {
                    return c;
                }
            }
        }
        return null;
    }

    /** Campaigns overlapping the days first…last, in date order. */
    List<Campaign> campaignsBetween(long first, long last) {
        List<Campaign> out = new ArrayList<>();
        int y0 = LocalDate.ofEpochDay(first).getYear() - 1;
        int y1 = LocalDate.ofEpochDay(last).getYear();
        for (int y = y0; y <= y1; y++) {
            for (Campaign c : campaigns(y)) {
                if (c.last() >= first && c.first() <= last) {
                    out.add(c);
                }
            }
        }
        out.sort((a, b) -> Long.compare(a.first(), b.first()));
        return out;
    }

    /**
     * A county's own uplift in a campaign: the campaign's uplift minus 1, times a factor in
     * [0.8, 1.2] that depends only on the seed, the county code and the campaign.
     */
    double countyUplift(Campaign c, long countyKey) {
        return 1 + (c.uplift() - 1) * (0.8 + 0.4 * Rng.unit(seed, countyKey, c.key()));
    }

    private static long day(int year, Month month, int dayOfMonth) {
        return LocalDate.of(year, month, dayOfMonth).toEpochDay();
    }

    static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static double[] normalise(double... w) {
        double sum = 0;
        for (double v : w) {
            sum += v;
        }
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = w[i] * w.length / sum;
        }
        return out;
    }
}
