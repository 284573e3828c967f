package io.drugwatch.domain;

import io.drugwatch.model.County;
import io.drugwatch.model.CountyIndicators;
import io.drugwatch.model.DrugType;
import io.drugwatch.model.Offense;
import io.drugwatch.model.Substance;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns a window's merged pane into the published {@link CountyIndicators} contract. */
public final class Indicators {

    private Indicators() {}

    /**
     * @param county reference data, or null when the code is unknown (the events still count)
     */
    public static CountyIndicators of(
            String countyCode, County county, WindowCalendar.Window window, DailyPane pane, boolean isFinal) {
        Map<String, Long> byOffense = new LinkedHashMap<>();
        for (Offense o : Offense.values()) {
            long n = pane.suspects(o);
            if (n != 0) {
                byOffense.put(o.name(), n);
            }
        }
        Map<String, Double> byDrug = new LinkedHashMap<>();
        for (DrugType d : DrugType.values()) {
            double g = pane.seizedGrams(d);
            if (g != 0) {
                byDrug.put(d.name(), g);
            }
        }
        Map<String, Double> loads = new LinkedHashMap<>();
        Map<String, Double> served = new LinkedHashMap<>();
        for (Substance s : Substance.values()) {
            Double load = pane.meanLoad(s);
            if (load != null) {
                loads.put(s.name(), load);
                served.put(s.name(), pane.meanPopulationServed(s));
            }
        }
        return CountyIndicators.newBuilder()
                .setCountyCode(countyCode)
                .setCountyName(county == null ? null : county.getName())
                .setPrefectureCode(county == null ? null : county.getPrefectureCode())
                .setProvinceCode(county == null ? null : county.getProvinceCode())
                .setPrefectureName(county == null ? null : county.getPrefectureName())
                .setProvinceName(county == null ? null : county.getProvinceName())
                .setPopulation(county == null ? null : county.getPopulation())
                .setWindowDays(window.days())
                .setWindowStart(Instant.ofEpochMilli(window.start()))
                .setWindowEnd(Instant.ofEpochMilli(window.end()))
                .setEndDate(window.endDate().toString())
                .setArrestEvents(pane.arrestEvents())
                .setSuspects(pane.suspects())
                .setSuspectsByOffense(byOffense)
                .setRelapses(pane.relapses())
                .setSeizureEvents(pane.seizureEvents())
                .setSeizedGrams(pane.seizedGrams())
                .setSeizedGramsByDrug(byDrug)
                .setSeizuresOver1kg(pane.seizuresOver1kg())
                .setSeizuresOver10kg(pane.seizuresOver10kg())
                .setVehiclesInspected(pane.vehiclesInspected())
                .setInspectionHits(pane.inspectionHits())
                .setHitRatePer1000(pane.hitRatePer1000())
                .setWastewaterSamples(pane.wastewaterSamples())
                .setWastewaterLoad(loads)
                .setWastewaterPopulationServed(served)
                .setSuspectsPer100k(pane.suspectsPer100k(county == null ? null : county.getPopulation()))
                .setFinal$(isFinal)
                .build();
    }
}
