package io.drugwatch.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

class RecentWindowsStoreTest {

    private static Bytes key(String s) {
        return Bytes.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] value(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsTheEndDateOfAKey() {
        assertThat(RecentWindowsStore.endDay(value("530621|28|2026-11-24")))
                .isEqualTo(LocalDate.of(2026, 11, 24).toEpochDay());
        assertThat(RecentWindowsStore.endDay(value("PROVINCE|530000|7|2024-02-29")))
                .isEqualTo(LocalDate.of(2024, 2, 29).toEpochDay());
        assertThat(RecentWindowsStore.endDay(value("530621"))).isEqualTo(Long.MIN_VALUE);
        assertThat(RecentWindowsStore.endDay(value("x|2026-13-01"))).isEqualTo(Long.MIN_VALUE);
        assertThat(RecentWindowsStore.endDay(value("x|2026-02-30"))).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void forgetsWindowsEndingMoreThanTheHorizonBeforeTheLatestAndRefusesToAnswerForThem() {
        RecentWindowsStore store = new RecentWindowsStore("county-windows-table", 3);
        store.put(key("530621|1|2026-11-01"), value("a"));
        store.put(key("530621|7|2026-11-01"), value("b"));
        store.put(key("no-date"), value("c"));
        store.put(key("530621|1|2026-11-03"), value("d"));
        store.put(key("530621|1|2026-11-01"), value("b2"));
        assertThat(store.approximateNumEntries()).isEqualTo(4);

        store.put(key("530621|1|2026-11-05"), value("e"));
        assertThat(store.get(key("530621|1|2026-11-03"))).isEqualTo(value("d"));
        assertThat(store.get(key("no-date"))).isEqualTo(value("c"));
        assertThat(store.approximateNumEntries()).isEqualTo(3);
        assertThatThrownBy(() -> store.get(key("530621|1|2026-11-01")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("forgot");
        assertThatThrownBy(() -> store.put(key("530621|28|2026-10-31"), value("f")))
                .isInstanceOf(IllegalStateException.class);
    }
}
