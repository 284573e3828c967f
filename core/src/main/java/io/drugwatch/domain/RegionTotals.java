package io.drugwatch.domain;

import io.drugwatch.model.CountyIndicators;
import io.drugwatch.model.DrugType;
import io.drugwatch.model.Offense;
import io.drugwatch.model.RegionIndicators;
import io.drugwatch.model.RegionLevel;
import io.drugwatch.model.Substance;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sum of a region's county windows. Counties are added and, when their window is published
 * again, subtracted with their old value and added with the new one, so each county counts once with
 * its latest value. Weights and grams are integers or plain sums, so a subtraction undoes an addition.
 * One county window's share is itself a {@code RegionTotals} of one county ({@link #of}).
 */
public final class RegionTotals {

    RegionLevel level;
    String regionCode;
    String regionName;
    int windowDays;
    long windowStart;
    long windowEnd;
    String endDate;
    int counties;
    int countiesFinal;
    long arrestEvents;
    long suspects;
    long[] suspectsByOffense = new long[DailyPane.OFFENSES];
    long relapses;
    long seizureEvents;
    long seizedMilligrams;
    long[] seizedMilligramsByDrug = new long[DailyPane.DRUGS];
    long seizuresOver1kg;
    long seizuresOver10kg;
    long vehiclesInspected;
    long inspectionHits;
    long wastewaterSamples;
    double[] weightedLoadSum = new double[DailyPane.SUBSTANCES];
    double[] loadWeightSum = new double[DailyPane.SUBSTANCES];
    long population;
    long suspectsWithPopulation;

    /**
     * One county window's contribution to its region at {@code level}, or null when the county has
     * no such region. Contributions are what the roll-up repartitions: a compact encoding of just
     * what the totals need, instead of the county window's Avro record.
     */
    public static RegionTotals of(RegionLevel level, CountyIndicators c) {
        String code = level == RegionLevel.PREFECTURE ? c.getPrefectureCode() : c.getProvinceCode();
        if (code == null) {
            return null;
        }
        RegionTotals t = new RegionTotals();
        t.level = level;
        t.regionCode = code;
        t.regionName = level == RegionLevel.PREFECTURE ? c.getPrefectureName() : c.getProvinceName();
        t.windowDays = c.getWindowDays();
        t.windowStart = c.getWindowStart().toEpochMilli();
        t.windowEnd = c.getWindowEnd().toEpochMilli();
        t.endDate = c.getEndDate();
        t.counties = 1;
        t.countiesFinal = c.getFinal$() ? 1 : 0;
        t.arrestEvents = c.getArrestEvents();
        t.suspects = c.getSuspects();
        c.getSuspectsByOffense()
                .forEach((name, n) -> t.suspectsByOffense[Offense.valueOf(name).ordinal()] += n);
        t.relapses = c.getRelapses();
        t.seizureEvents = c.getSeizureEvents();
        t.seizedMilligrams = Math.round(c.getSeizedGrams() * 1000);
        c.getSeizedGramsByDrug()
                .forEach((name, g) ->
                        t.seizedMilligramsByDrug[DrugType.valueOf(name).ordinal()] += Math.round(g * 1000));
        t.seizuresOver1kg = c.getSeizuresOver1kg();
        t.seizuresOver10kg = c.getSeizuresOver10kg();
        t.vehiclesInspected = c.getVehiclesInspected();
        t.inspectionHits = c.getInspectionHits();
        t.wastewaterSamples = c.getWastewaterSamples();
        c.getWastewaterLoad().forEach((name, load) -> {
            int i = Substance.valueOf(name).ordinal();
            Double served = c.getWastewaterPopulationServed().get(name);
            double weight = served == null ? 1 : served;
            t.weightedLoadSum[i] += load * weight;
            t.loadWeightSum[i] += weight;
        });
        if (c.getPopulation() != null) {
            t.population = c.getPopulation();
            t.suspectsWithPopulation = c.getSuspects();
        }
        return t;
    }

    /** The region window these totals belong to ({@link StoreKeys.RegionWindows}). */
    public String key() {
        return StoreKeys.RegionWindows.key(level, regionCode, windowDays, endDate);
    }

    public RegionTotals add(RegionTotals contribution) {
        if (regionCode == null) {
            level = contribution.level;
            regionCode = contribution.regionCode;
            regionName = contribution.regionName;
            windowDays = contribution.windowDays;
            windowStart = contribution.windowStart;
            windowEnd = contribution.windowEnd;
            endDate = contribution.endDate;
        }
        apply(contribution, 1);
        return this;
    }

    public RegionTotals subtract(RegionTotals contribution) {
        apply(contribution, -1);
        return this;
    }

    private void apply(RegionTotals c, int sign) {
        counties += sign * c.counties;
        countiesFinal += sign * c.countiesFinal;
        arrestEvents += sign * c.arrestEvents;
        suspects += sign * c.suspects;
        addAll(suspectsByOffense, c.suspectsByOffense, sign);
        relapses += sign * c.relapses;
        seizureEvents += sign * c.seizureEvents;
        seizedMilligrams += sign * c.seizedMilligrams;
        addAll(seizedMilligramsByDrug, c.seizedMilligramsByDrug, sign);
        seizuresOver1kg += sign * c.seizuresOver1kg;
        seizuresOver10kg += sign * c.seizuresOver10kg;
        vehiclesInspected += sign * c.vehiclesInspected;
        inspectionHits += sign * c.inspectionHits;
        wastewaterSamples += sign * c.wastewaterSamples;
        for (int i = 0; i < weightedLoadSum.length; i++) {
            weightedLoadSum[i] += sign * c.weightedLoadSum[i];
            loadWeightSum[i] += sign * c.loadWeightSum[i];
        }
        population += sign * c.population;
        suspectsWithPopulation += sign * c.suspectsWithPopulation;
    }

    private static void addAll(long[] into, long[] from, int sign) {
        for (int i = 0; i < into.length; i++) {
            into[i] += sign * from[i];
        }
    }

    public boolean isEmpty() {
        return counties <= 0;
    }

    public RegionIndicators toRecord() {
        Map<String, Long> byOffense = new LinkedHashMap<>();
        for (Offense o : Offense.values()) {
            if (suspectsByOffense[o.ordinal()] != 0) {
                byOffense.put(o.name(), suspectsByOffense[o.ordinal()]);
            }
        }
        Map<String, Double> byDrug = new LinkedHashMap<>();
        for (DrugType d : DrugType.values()) {
            if (seizedMilligramsByDrug[d.ordinal()] != 0) {
                byDrug.put(d.name(), seizedMilligramsByDrug[d.ordinal()] / 1000.0);
            }
        }
        Map<String, Double> loads = new LinkedHashMap<>();
        for (Substance s : Substance.values()) {
            // a weight left over from rounding after every county was subtracted is not a sample
            if (loadWeightSum[s.ordinal()] > 1e-9) {
                loads.put(s.name(), weightedLoadSum[s.ordinal()] / loadWeightSum[s.ordinal()]);
            }
        }
        return RegionIndicators.newBuilder()
                .setLevel(level)
                .setRegionCode(regionCode)
                .setRegionName(regionName)
                .setWindowDays(windowDays)
                .setWindowStart(Instant.ofEpochMilli(windowStart))
                .setWindowEnd(Instant.ofEpochMilli(windowEnd))
                .setEndDate(endDate)
                .setCountiesReporting(counties)
                .setCountiesFinal(countiesFinal)
                .setArrestEvents(arrestEvents)
                .setSuspects(suspects)
                .setSuspectsByOffense(byOffense)
                .setRelapses(relapses)
                .setSeizureEvents(seizureEvents)
                .setSeizedGrams(seizedMilligrams / 1000.0)
                .setSeizedGramsByDrug(byDrug)
                .setSeizuresOver1kg(seizuresOver1kg)
                .setSeizuresOver10kg(seizuresOver10kg)
                .setVehiclesInspected(vehiclesInspected)
                .setInspectionHits(inspectionHits)
                .setHitRatePer1000(vehiclesInspected == 0 ? null : inspectionHits * 1000.0 / vehiclesInspected)
                .setWastewaterSamples(wastewaterSamples)
                .setWastewaterLoad(loads)
                .setPopulation(population == 0 ? null : population)
                .setSuspectsPer100k(population == 0 ? null : suspectsWithPopulation * 100_000.0 / population)
                .build();
    }
}
