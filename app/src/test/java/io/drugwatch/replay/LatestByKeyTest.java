package io.drugwatch.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatestByKeyTest {

    @TempDir
    Path dir;

    @Test
    void keepsTheLastValueOfEveryKeyInKeyOrderAcrossSpills() throws Exception {
        TreeMap<String, String> expected = new TreeMap<>();
        Random random = new Random(3);
        List<String> visited = new ArrayList<>();
        try (LatestByKey latest = new LatestByKey(dir, 4_000)) {
            for (int i = 0; i < 5_000; i++) {
                String key = "PREFECTURE|" + random.nextInt(300) + "|7|2026-11-0" + random.nextInt(10);
                if (random.nextInt(8) == 0) {
                    latest.put(key, null);
                    expected.remove(key);
                } else {
                    String value = "v" + i;
                    latest.put(key, value.getBytes(StandardCharsets.UTF_8));
                    expected.put(key, value);
                }
            }
            assertThat(latest.spills()).isGreaterThan(3);
            long n = latest.forEach((k, v) -> visited.add(k + "=" + new String(v, StandardCharsets.UTF_8)));
            assertThat(n).isEqualTo(expected.size());
        }
        assertThat(visited)
                .containsExactlyElementsOf(expected.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .toList());
    }
}
