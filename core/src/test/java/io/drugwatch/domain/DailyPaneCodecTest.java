package io.drugwatch.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drugwatch.model.DrugType;
import io.drugwatch.model.Offense;
import io.drugwatch.model.Substance;
import org.junit.jupiter.api.Test;

class DailyPaneCodecTest {

    @Test
    void roundTripsEveryField() {
        DailyPane pane = new DailyPane();
        pane.addArrest(Offense.MANUFACTURING, 7, true);
        pane.addSeizure(DrugType.PRECURSOR, 307_050_000);
        pane.addSeizure(DrugType.NPS, 0.5);
        pane.addInspection(1_200, false);
        pane.addInspection(3, true);
        pane.addWastewater(Substance.KETAMINE, 0.2, 50_000);
        pane.addWastewater(Substance.THC_COOH, 17.25, 50_000);

        DailyPane decoded = DailyPaneCodec.decode(DailyPaneCodec.encode(pane));

        assertThat(decoded).isEqualTo(pane);
        assertThat(decoded.seizedGrams(DrugType.NPS)).isEqualTo(0.5);
        assertThat(decoded.meanLoad(Substance.THC_COOH)).isEqualTo(17.25);
    }

    @Test
    void readsVersionOnePanesWrittenBeforePopulationServedWasKept() throws Exception {
        DailyPane pane = new DailyPane();
        pane.addArrest(Offense.USE, 2, false);
        pane.addWastewater(Substance.METHAMPHETAMINE, 80.0, 40_000);
        byte[] v2 = DailyPaneCodec.encode(pane);
        // version 1 is version 2 without the trailing populationServed array
        java.io.ByteArrayOutputStream tail = new java.io.ByteArrayOutputStream();
        org.apache.avro.io.BinaryEncoder enc =
                org.apache.avro.io.EncoderFactory.get().directBinaryEncoder(tail, null);
        enc.writeInt(pane.populationServedSumBySubstance.length);
        for (long v : pane.populationServedSumBySubstance) {
            enc.writeLong(v);
        }
        enc.flush();
        byte[] v1 = java.util.Arrays.copyOf(v2, v2.length - tail.size());
        v1[0] = 2; // zig-zag 1

        DailyPane old = DailyPaneCodec.decode(v1);
        assertThat(old.suspects()).isEqualTo(2);
        assertThat(old.meanLoad(Substance.METHAMPHETAMINE)).isEqualTo(80.0);
        assertThat(old.meanPopulationServed(Substance.METHAMPHETAMINE)).isZero();
    }

    @Test
    void rejectsAnUnknownFormatVersion() {
        byte[] bytes = DailyPaneCodec.encode(new DailyPane());
        bytes[0] = 18; // zig-zag 9
        assertThatThrownBy(() -> DailyPaneCodec.decode(bytes)).hasMessageContaining("version 9");
    }
}
