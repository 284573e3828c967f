package io.drugwatch.domain;

import io.drugwatch.model.DrugType;
import io.drugwatch.model.Offense;
import io.drugwatch.model.Substance;
import java.util.Arrays;

/**
 * Everything one county did on one local day. Every indicator is a sum, a count or a sum/count
 * mean, so panes merge into 7- and 28-day windows without keeping per-window aggregates.
 *
 * <p>Seized weight is kept in whole milligrams so that sums are exact and do not depend on the
 * order in which panes are merged (29,298.92 g must come out as 29,298.92 g, not ...0000002).
 */
public final class DailyPane {

    static final int OFFENSES = Offense.values().length;
    static final int DRUGS = DrugType.values().length;
    static final int SUBSTANCES = Substance.values().length;

    public static final double ONE_KG_GRAMS = 1_000;
    public static final double TEN_KG_GRAMS = 10_000;

    long arrestEvents;
    long suspects;
    long[] suspectsByOffense = new long[OFFENSES];
    long relapses;
    long seizureEvents;
    long seizedMilligrams;
    long[] seizedMilligramsByDrug = new long[DRUGS];
    long seizuresOver1kg;
    long seizuresOver10kg;
    long vehiclesInspected;
    long inspectionHits;
    long wastewaterSamples;
    long[] samplesBySubstance = new long[SUBSTANCES];
    double[] loadSumBySubstance = new double[SUBSTANCES];
    long[] populationServedSumBySubstance = new long[SUBSTANCES];

    public void addArrest(Offense offense, int suspectCount, boolean relapse) {
        arrestEvents++;
        suspects += suspectCount;
        suspectsByOffense[offense.ordinal()] += suspectCount;
        if (relapse) {
            relapses += suspectCount;
        }
    }

    public void addSeizure(DrugType drug, double grams) {
        long mg = Math.round(grams * 1000);
        seizureEvents++;
        seizedMilligrams += mg;
        seizedMilligramsByDrug[drug.ordinal()] += mg;
        if (grams >= ONE_KG_GRAMS) {
            seizuresOver1kg++;
        }
        if (grams >= TEN_KG_GRAMS) {
            seizuresOver10kg++;
        }
    }

    public void addInspection(int vehicles, boolean hit) {
        vehiclesInspected += vehicles;
        if (hit) {
            inspectionHits += vehicles;
        }
    }

    /**
     * @param load mg/day/1000 inhabitants, see {@link WastewaterLoad}
     * @param populationServed the sample's catchment: its weight when loads are averaged over a region
     */
    public void addWastewater(Substance substance, double load, long populationServed) {
        wastewaterSamples++;
        samplesBySubstance[substance.ordinal()]++;
        loadSumBySubstance[substance.ordinal()] += load;
        populationServedSumBySubstance[substance.ordinal()] += populationServed;
    }

    public void merge(DailyPane other) {
        arrestEvents += other.arrestEvents;
        suspects += other.suspects;
        add(suspectsByOffense, other.suspectsByOffense);
        relapses += other.relapses;
        seizureEvents += other.seizureEvents;
        seizedMilligrams += other.seizedMilligrams;
        add(seizedMilligramsByDrug, other.seizedMilligramsByDrug);
        seizuresOver1kg += other.seizuresOver1kg;
        seizuresOver10kg += other.seizuresOver10kg;
        vehiclesInspected += other.vehiclesInspected;
        inspectionHits += other.inspectionHits;
        wastewaterSamples += other.wastewaterSamples;
        add(samplesBySubstance, other.samplesBySubstance);
        add(populationServedSumBySubstance, other.populationServedSumBySubstance);
        for (int i = 0; i < loadSumBySubstance.length && i < other.loadSumBySubstance.length; i++) {
            loadSumBySubstance[i] += other.loadSumBySubstance[i];
        }
    }

    private static void add(long[] into, long[] from) {
        for (int i = 0; i < into.length && i < from.length; i++) {
            into[i] += from[i];
        }
    }

    public boolean isEmpty() {
        return arrestEvents == 0 && seizureEvents == 0 && vehiclesInspected == 0 && wastewaterSamples == 0;
    }

    public long arrestEvents() {
        return arrestEvents;
    }

    public long suspects() {
        return suspects;
    }

    public long suspects(Offense offense) {
        return suspectsByOffense[offense.ordinal()];
    }

    public long relapses() {
        return relapses;
    }

    public long seizureEvents() {
        return seizureEvents;
    }

    public double seizedGrams() {
        return seizedMilligrams / 1000.0;
    }

    public double seizedGrams(DrugType drug) {
        return seizedMilligramsByDrug[drug.ordinal()] / 1000.0;
    }

    public long seizuresOver1kg() {
        return seizuresOver1kg;
    }

    public long seizuresOver10kg() {
        return seizuresOver10kg;
    }

    public long vehiclesInspected() {
        return vehiclesInspected;
    }

    public long inspectionHits() {
        return inspectionHits;
    }

    /** Hits per 1,000 vehicles, or null without inspections. */
    public Double hitRatePer1000() {
        return vehiclesInspected == 0 ? null : inspectionHits * 1000.0 / vehiclesInspected;
    }

    public long wastewaterSamples() {
        return wastewaterSamples;
    }

    public long wastewaterSamples(Substance substance) {
        return samplesBySubstance[substance.ordinal()];
    }

    /** Mean load over the samples of {@code substance}, or null without samples. */
    public Double meanLoad(Substance substance) {
        long n = samplesBySubstance[substance.ordinal()];
        return n == 0 ? null : loadSumBySubstance[substance.ordinal()] / n;
    }

    /** Mean population served by the samples of {@code substance}, or null without samples. */
    public Double meanPopulationServed(Substance substance) {
        long n = samplesBySubstance[substance.ordinal()];
        return n == 0 ? null : (double) populationServedSumBySubstance[substance.ordinal()] / n;
    }

    /** Suspects per 100,000 inhabitants, or null when the population is unknown. */
    public Double suspectsPer100k(Long population) {
        return population == null || population <= 0 ? null : suspects * 100_000.0 / population;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DailyPane p
                && arrestEvents == p.arrestEvents
                && suspects == p.suspects
                && relapses == p.relapses
                && seizureEvents == p.seizureEvents
                && seizedMilligrams == p.seizedMilligrams
                && seizuresOver1kg == p.seizuresOver1kg
                && seizuresOver10kg == p.seizuresOver10kg
                && vehiclesInspected == p.vehiclesInspected
                && inspectionHits == p.inspectionHits
                && wastewaterSamples == p.wastewaterSamples
                && Arrays.equals(suspectsByOffense, p.suspectsByOffense)
                && Arrays.equals(seizedMilligramsByDrug, p.seizedMilligramsByDrug)
                && Arrays.equals(samplesBySubstance, p.samplesBySubstance)
                && Arrays.equals(loadSumBySubstance, p.loadSumBySubstance)
                && Arrays.equals(populationServedSumBySubstance, p.populationServedSumBySubstance);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(arrestEvents * 31 + seizedMilligrams * 17 + vehiclesInspected + wastewaterSamples);
    }

    @Override
    public String toString() {
        return "DailyPane{arrests=" + arrestEvents + ", suspects=" + suspects + ", seizures=" + seizureEvents
                + ", seizedGrams=" + seizedGrams() + ", vehicles=" + vehiclesInspected + ", hits=" + inspectionHits
                + ", samples=" + wastewaterSamples + '}';
    }
}
