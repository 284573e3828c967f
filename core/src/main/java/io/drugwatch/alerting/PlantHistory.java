package io.drugwatch.alerting;

import io.drugwatch.model.Substance;
import java.util.Objects;

/**
 * One plant's samples of one substance, as WASTEWATER_RISE reads them.
 *
 * @param plantKey the digest of the plant id ({@link PlantSamples#plantKey})
 */
public record PlantHistory(String plantKey, Substance substance, PlantSamples samples) {

    public PlantHistory {
        Objects.requireNonNull(plantKey, "plantKey");
        Objects.requireNonNull(substance, "substance");
        Objects.requireNonNull(samples, "samples");
    }
}
