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

    /** The region a county window belongs to at {@code level}, or null when the county has no such region. */
    public static String key(RegionLevel level, CountyIndicators c) {
        String code = level == RegionLevel.PREFECTURE ? c.getPrefectureCode() : c.getProvinceCode();
        return code == null ? null : level + "|" + code + "|" + c.getWindowDays() + "|" + c.getEndDate();
    }

    public RegionTotals add(RegionLevel atLevel, CountyIndicators c) {
        if (regionCode == null) {
            level = atLevel;
            regionCode = atLevel == RegionLevel.PREFECTURE ? c.getPrefectureCode() : c.getProvinceCode();
            regionName = atLevel == RegionLevel.PREFECTURE ? c.getPrefectureName() : c.getProvinceName();
            windowDays = c.getWindowDays();
            windowStart = c.getWindowStart().toEpochMilli();
            windowEnd = c.getWindowEnd().toEpochMilli();
            endDate = c.getEndDate();
        }
        apply(c, 1);
        return this;
    }

    public RegionTotals subtract(CountyIndicators c) {
        apply(c, -1);
        return this;
    }

    private void apply(CountyIndicators c, int sign) {
        counties += sign;
        countiesFinal += c.getFinal$() ? sign : 0;
        arrestEvents += sign * c.getArrestEvents();
        suspects += sign * c.getSuspects();
        c.getSuspectsByOffense().forEach((name, n) -> suspectsByOffense[Offense.valueOf(name).ordinal()] += sign * n);
        relapses += sign * c.getRelapses();
        seizureEvents += sign * c.getSeizureEvents();
        seizedMilligrams += sign * Math.round(c.getSeizedGrams() * 1000);
        c.getSeizedGramsByDrug().forEach((name, g) ->
                seizedMilligramsByDrug[DrugType.valueOf(name).ordinal()] += sign * Math.round(g * 1000));
        seizuresOver1kg += sign * c.getSeizuresOver1kg();
        seizuresOver10kg += sign * c.getSeizuresOver10kg();
        vehiclesInspected += sign * c.getVehiclesInspected();
        inspectionHits += sign * c.getInspectionHits();
        wastewaterSamples += sign * c.getWastewaterSamples();
        c.getWastewaterLoad().forEach((name, load) -> {
            int i = Substance.valueOf(name).ordinal();
            Double served = c.getWastewaterPopulationServed().get(name);
            double weight = served == null ? 1 : served;
            weightedLoadSum[i] += sign * load * weight;
            loadWeightSum[i] += sign * weight;
        });
        if (c.getPopulation() != null) {
            population += sign * c.getPopulation();
            suspectsWithPopulation += sign * c.getSuspects();
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
