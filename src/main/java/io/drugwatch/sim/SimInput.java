package io.drugwatch.sim;

import io.drugwatch.model.Arrest;
import io.drugwatch.model.CheckpointInspection;
import io.drugwatch.model.Seizure;
import io.drugwatch.model.WastewaterSample;
import org.apache.avro.specific.SpecificRecord;

/** The four event inputs, by the logical names the topic configuration uses ({@code config.topic(name)}). */
public enum SimInput {
    ARRESTS("arrests"),
    SEIZURES("seizures"),
    CHECKPOINT_INSPECTIONS("checkpoint-inspections"),
    WASTEWATER_SAMPLES("wastewater-samples");

    private final String logicalName;

    SimInput(String logicalName) {
        this.logicalName = logicalName;
    }

    /** "arrests", "seizures", "checkpoint-inspections" or "wastewater-samples". */
    public String logicalName() {
        return logicalName;
    }

    /** The input a record of this class belongs to. */
    public static SimInput of(SpecificRecord record) {
        if (record instanceof Arrest) {
            return ARRESTS;
        }
        if (record instanceof Seizure) {
            return SEIZURES;
        }
        if (record instanceof CheckpointInspection) {
            return CHECKPOINT_INSPECTIONS;
        }
        if (record instanceof WastewaterSample) {
            return WASTEWATER_SAMPLES;
        }
        throw new IllegalArgumentException(
                "not an event record: " + record.getClass().getName());
    }

    public static SimInput fromLogicalName(String name) {
        for (SimInput input : values()) {
            if (input.logicalName.equals(name)) {
                return input;
            }
        }
        throw new IllegalArgumentException("unknown input '" + name + "'");
    }
}
