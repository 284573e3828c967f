package io.drugwatch.assessment;

import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The six indicators of an area in a period: 破抓缴查 ({@link Enforcement}) and 收戒 ({@link Treatment}),
 * counts only. A region's scorecard is the sum of its counties' ({@link #sum}).
 *
 * @param counties how many county scorecards it adds up
 * @param population inhabitants, or null when not known for every county in it
 */
public record Scorecard(
        Area area, Period period, int counties, Long population, Enforcement enforcement, Treatment treatment) {

    public Scorecard {
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(enforcement, "enforcement");
        Objects.requireNonNull(treatment, "treatment");
        if (population != null && population <= 0) {
            throw new IllegalArgumentException("population must be positive: " + population);
        }
    }

    public static Scorecard county(Area county, Period period, Long population, Enforcement e, Treatment t) {
        if (county.level() != AreaLevel.COUNTY) {
            throw new IllegalArgumentException("not a county: " + county.code());
        }
        return new Scorecard(county, period, 1, population, e, t);
    }

    /**
     * The scorecard of {@code region}: the sum of {@code parts}, its counties (or, for a province, its
     * prefectures), each once and all of one period.
     */
    public static Scorecard sum(Area region, Period period, Collection<Scorecard> parts) {
        Enforcement e = Enforcement.NONE;
        Treatment t = Treatment.NONE;
        int counties = 0;
        long population = 0;
        boolean populationKnown = true;
        Set<String> seen = new HashSet<>();
        Set<AreaLevel> levels = new HashSet<>();
        for (Scorecard p : parts) {
            levels.add(p.area.level());
            if (!p.period.equals(period) || !p.area.within(region) || !seen.add(p.area.code()) || levels.size() > 1) {
                throw new IllegalArgumentException("not a part of " + region.code() + " in " + period
                        + ", or twice, or mixed with its parts: " + p.area.code() + " in " + p.period);
            }
            e = e.plus(p.enforcement);
            t = t.plus(p.treatment);
            counties += p.counties;
            populationKnown &= p.population != null;
            population += p.population == null ? 0 : p.population;
        }
        return new Scorecard(region, period, counties, populationKnown && counties > 0 ? population : null, e, t);
    }
}
