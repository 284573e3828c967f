package io.drugwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drugwatch.model.AlertStatus;
import io.drugwatch.model.Severity;
import org.junit.jupiter.api.Test;

class AlertStateCodecTest {

    @Test
    void roundTripsEveryField() {
        AlertState state = new AlertState(
                "WASTEWATER_RISE-532530-METHAMPHETAMINE-2026-11-14-2",
                AlertStatus.ESCALATED,
                Severity.CRITICAL,
                1_763_136_000_000L,
                1,
                Long.MAX_VALUE);

        byte[] bytes = AlertStateCodec.encode(state);

        assertThat(bytes[0]).isEqualTo(AlertStateCodec.VERSION);
        assertThat(bytes.length).isLessThan(100);
        assertThat(AlertStateCodec.decode(bytes)).isEqualTo(state);
    }

    @Test
    void rejectsAnUnknownFormatVersion() {
        byte[] bytes = AlertStateCodec.encode(new AlertState("x", AlertStatus.OPEN, Severity.WARNING, 0, 0, 5));
        bytes[0] = 9;

        assertThatThrownBy(() -> AlertStateCodec.decode(bytes)).hasMessageContaining("version 9");
    }
}
