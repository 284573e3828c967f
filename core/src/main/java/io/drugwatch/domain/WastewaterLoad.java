package io.drugwatch.domain;

/**
 * Wastewater-based epidemiology load (EMCDDA/SCORE): ng/L x m3/day gives ng/day x 1000 (1 m3 = 1000 L),
 * and mg/day per 1000 inhabitants divides that by 1e6 and by population/1000; the factors cancel,
 * leaving concentration x flow / population.
 */
public final class WastewaterLoad {

    private WastewaterLoad() {}

    /**
     * @return mg/day/1000 inhabitants; 0 for a sample below the limit of quantification, whose
     *     concentration is not a measurement
     */
    public static double mgPerDayPer1000(
            double concentrationNgL, double flowM3PerDay, long populationServed, boolean belowLoq) {
        if (belowLoq) {
            return 0;
        }
        return concentrationNgL * flowM3PerDay / populationServed;
    }
}
