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
        pane.addWastewater(Substance.KETAMINE, 0.2);
        pane.addWastewater(Substance.THC_COOH, 17.25);

        DailyPane decoded = DailyPaneCodec.decode(DailyPaneCodec.encode(pane));

        assertThat(decoded).isEqualTo(pane);
        assertThat(decoded.seizedGrams(DrugType.NPS)).isEqualTo(0.5);
        assertThat(decoded.meanLoad(Substance.THC_COOH)).isEqualTo(17.25);
    }

    @Test
    void rejectsAnUnknownFormatVersion() {
        byte[] bytes = DailyPaneCodec.encode(new DailyPane());
        bytes[0] = 8; // zig-zag 4
        assertThatThrownBy(() -> DailyPaneCodec.decode(bytes)).hasMessageContaining("version 4");
    }
}
