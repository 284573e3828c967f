package io.drugwatch.topology;

import io.drugwatch.model.Arrest;
import io.drugwatch.model.CheckpointInspection;
import io.drugwatch.model.County;
import io.drugwatch.model.Direction;
import io.drugwatch.model.DrugType;
import io.drugwatch.model.InspectionOutcome;
import io.drugwatch.model.Offense;
import io.drugwatch.model.Seizure;
import io.drugwatch.model.SeizureSource;
import io.drugwatch.model.Substance;
import io.drugwatch.model.WastewaterSample;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

/** Test events with explicit times: {@code local("2026-11-20", "09:30")} is Shanghai local time. */
final class Events {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final String LUDIAN = "530621";
    static final String JINPING = "532530";
    static final String ZHAOYANG = "530602";

    private Events() {}

    static Instant local(String date, String time) {
        return LocalDate.parse(date)
                .atTime(LocalTime.parse(time))
                .atZone(SHANGHAI)
                .toInstant();
    }

    static Arrest arrest(String id, String county, Instant at, Offense offense, int suspects) {
        return Arrest.newBuilder()
                .setEventId(id)
                .setOccurredAt(at)
                .setCountyCode(county)
                .setOffense(offense)
                .setSuspects(suspects)
                .build();
    }

    static Seizure seizure(String id, String county, Instant at, DrugType drug, double grams) {
        return Seizure.newBuilder()
                .setEventId(id)
                .setOccurredAt(at)
                .setCountyCode(county)
                .setDrugType(drug)
                .setQuantityGrams(grams)
                .setSource(SeizureSource.CHECKPOINT)
                .build();
    }

    static CheckpointInspection inspection(
            String id, String county, Instant at, int vehicles, InspectionOutcome outcome) {
        return CheckpointInspection.newBuilder()
                .setEventId(id)
                .setOccurredAt(at)
                .setCountyCode(county)
                .setCheckpointId(county + "-CP1")
                .setDirection(Direction.INBOUND)
                .setVehicles(vehicles)
                .setOutcome(outcome)
                .build();
    }

    static WastewaterSample sample(
            String id, String county, Instant at, Substance substance, double ngL, double flow, long population) {
        return WastewaterSample.newBuilder()
                .setEventId(id)
                .setOccurredAt(at)
                .setCountyCode(county)
                .setPlantId(county + "-WWTP")
                .setSubstance(substance)
                .setConcentrationNgL(ngL)
                .setFlowM3PerDay(flow)
                .setPopulationServed(population)
                .build();
    }

    static County county(String code, String name, Long population, boolean border) {
        return County.newBuilder()
                .setCode(code)
                .setName(name)
                .setPrefectureCode(code.substring(0, 4) + "00")
                .setPrefectureName("prefecture " + code.substring(0, 4))
                .setProvinceCode(code.substring(0, 2) + "0000")
                .setProvinceName("云南省")
                .setPopulation(population)
                .setBorder(border)
                .build();
    }
}
