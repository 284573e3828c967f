package io.drugwatch.serde;

import io.drugwatch.model.Arrest;
import io.drugwatch.model.CheckpointInspection;
import io.drugwatch.model.County;
import io.drugwatch.model.CountyIndicators;
import io.drugwatch.model.Direction;
import io.drugwatch.model.DrugType;
import io.drugwatch.model.InspectionOutcome;
import io.drugwatch.model.Offense;
import io.drugwatch.model.Seizure;
import io.drugwatch.model.SeizureSource;
import io.drugwatch.model.Substance;
import io.drugwatch.model.WastewaterSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/** Realistic records with fixed, millisecond-precision timestamps (timestamp-millis drops the rest). */
public final class TestRecords {

    public static final String RUILI = "533102";

    private TestRecords() {}

    public static Arrest arrest() {
        return Arrest.newBuilder()
                .setEventId("arr-2024-000123")
                .setOccurredAt(Instant.parse("2024-03-05T02:15:30.123Z"))
                .setReportedAt(Instant.parse("2024-03-05T06:00:00Z"))
                .setCountyCode(RUILI)
                .setCaseId("YN-DH-2024-0042")
                .setAgency("YN-DH-RL-PSB")
                .setOffense(Offense.TRAFFICKING)
                .setSuspects(3)
                .setDrugType(DrugType.METHAMPHETAMINE)
                .setRelapse(false)
                .build();
    }

    public static Seizure seizure() {
        return Seizure.newBuilder()
                .setEventId("sz-2024-000777")
                .setOccurredAt(Instant.parse("2024-03-05T02:20:00Z"))
                .setCountyCode(RUILI)
                .setCaseId("YN-DH-2024-0042")
                .setDrugType(DrugType.HEROIN)
                .setQuantityGrams(1250.5)
                .setSource(SeizureSource.CHECKPOINT)
                .setCheckpointId("CP-RL-07")
                .setCashCny(48_000.0)
                .build();
    }

    public static CheckpointInspection inspection() {
        return CheckpointInspection.newBuilder()
                .setEventId("ci-2024-104233")
                .setOccurredAt(Instant.parse("2024-03-05T01:00:00Z"))
                .setReportedAt(Instant.parse("2024-03-05T01:05:42.500Z"))
                .setCountyCode(RUILI)
                .setCheckpointId("CP-RL-07")
                .setDirection(Direction.INBOUND)
                .setVehicles(120)
                .setOutcome(InspectionOutcome.DRUGS_FOUND)
                .build();
    }

    public static WastewaterSample wastewaterSample() {
        return WastewaterSample.newBuilder()
                .setEventId("ww-2024-0311")
                .setOccurredAt(Instant.parse("2024-03-04T16:00:00Z"))
                .setCountyCode("532801")
                .setPlantId("WWTP-JH-01")
                .setSubstance(Substance.METHAMPHETAMINE)
                .setConcentrationNgL(85.2)
                .setFlowM3PerDay(42_000.0)
                .setPopulationServed(310_000L)
                .setBelowLoq(false)
                .build();
    }

    public static County county() {
        return County.newBuilder()
                .setCode(RUILI)
                .setName("瑞丽市")
                .setPrefectureCode("533100")
                .setPrefectureName("德宏傣族景颇族自治州")
                .setProvinceCode("530000")
                .setProvinceName("云南省")
                .setPopulation(267_000L)
                .setBorder(true)
                .build();
    }

    public static CountyIndicators countyIndicators() {
        return CountyIndicators.newBuilder()
                .setCountyCode(RUILI)
                .setCountyName("瑞丽市")
                .setPrefectureCode("533100")
                .setProvinceCode("530000")
                .setWindowDays(7)
                .setWindowStart(Instant.parse("2024-02-27T16:00:00Z"))
                .setWindowEnd(Instant.parse("2024-03-05T16:00:00Z"))
                .setEndDate("2024-03-05")
                .setArrestEvents(4)
                .setSuspects(9)
                .setSuspectsByOffense(Map.of("TRAFFICKING", 6L, "USE", 3L))
                .setRelapses(2)
                .setSeizureEvents(2)
                .setSeizedGrams(1_830.5)
                .setSeizedGramsByDrug(Map.of("HEROIN", 1_250.5, "METHAMPHETAMINE", 580.0))
                .setSeizuresOver1kg(1)
                .setSeizuresOver10kg(0)
                .setVehiclesInspected(1_200)
                .setInspectionHits(3)
                .setHitRatePer1000(2.5)
                .setWastewaterSamples(7)
                .setWastewaterLoad(Map.of("METHAMPHETAMINE", 112.4))
                .setSuspectsPer100k(3.37)
                .setFinal$(true)
                .build();
    }

    /**
     * {@code base} plus an optional string field defaulting to null: the schema of a newer producer that
     * older readers must still accept.
     */
    public static Schema withOptionalStringField(Schema base, String fieldName) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : base.getFields()) {
            fields.add(new Schema.Field(field, field.schema()));
        }
        Schema optionalString = Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING));
        fields.add(new Schema.Field(
                fieldName, optionalString, "Added by a newer producer.", Schema.Field.NULL_DEFAULT_VALUE));
        return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
    }
}
