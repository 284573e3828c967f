package io.drugwatch.topology;

import static io.drugwatch.topology.Events.LUDIAN;
import static io.drugwatch.topology.Events.ZHAOYANG;
import static io.drugwatch.topology.Events.arrest;
import static io.drugwatch.topology.Events.inspection;
import static io.drugwatch.topology.Events.local;
import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.domain.EventType;
import io.drugwatch.model.Arrest;
import io.drugwatch.model.CountyIndicators;
import io.drugwatch.model.InspectionOutcome;
import io.drugwatch.model.Offense;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** drugwatch.input.max.record.bytes: oversized input is dead-lettered before it is decoded. */
class RecordSizeLimitTest {

    private static final byte[] KEY = LUDIAN.getBytes(StandardCharsets.UTF_8);
    private static final Instant T = local("2026-11-20", "10:00");

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Arrest arrestWithCaseId(String id, String caseId) {
        Arrest a = arrest(id, LUDIAN, T, Offense.USE, 1);
        a.setCaseId(caseId);
        return a;
    }

    private static long arrestEventsOn20th(PipelineDriver p) {
        Instant later = local("2026-11-23", "00:00");
        p.inspections.pipeInput(ZHAOYANG, inspection("clock", ZHAOYANG, later, 1, InspectionOutcome.CLEAR), later);
        List<CountyIndicators> finals = p.readIndicators().stream()
                .map(TestRecord::value)
                .filter(v -> v.getCountyCode().equals(LUDIAN) && v.getFinal$() && v.getWindowDays() == 1)
                .toList();
        return finals.stream().mapToLong(CountyIndicators::getArrestEvents).sum();
    }

    @Test
    void aRecordAtTheLimitIsCountedAndOneByteMoreIsDeadLettered() {
        // the limit is measured on the real wire bytes: size it so that "fits" is exactly at it
        try (PipelineDriver sizing = new PipelineDriver()) {
            byte[] fits = sizing.topics
                    .input(EventType.ARREST)
                    .valueSerde()
                    .serializer()
                    .serialize("arrests", arrestWithCaseId("fits", "c".repeat(100)));
            int limit = KEY.length + fits.length;
            try (PipelineDriver p =
                    new PipelineDriver(Map.of(DrugwatchConfig.MAX_INPUT_RECORD_BYTES, Integer.toString(limit)))) {
                p.arrests.pipeInput(LUDIAN, arrestWithCaseId("fits", "c".repeat(100)), T);
                p.arrests.pipeInput(LUDIAN, arrestWithCaseId("over", "c".repeat(101)), T);

                List<TestRecord<byte[], byte[]>> dead = p.deadLetters.readRecordsToList();
                assertThat(dead).singleElement().satisfies(r -> {
                    assertThat(header(r, "dlq.reason")).isEqualTo("RECORD_TOO_LARGE");
                    assertThat(header(r, "dlq.detail"))
                            .isEqualTo((limit + 1) + " bytes of key and value, over "
                                    + "drugwatch.input.max.record.bytes (" + limit + ")");
                    assertThat(header(r, "dlq.source.offset")).isEqualTo("1");
                });
                assertThat(p.counter("dead-letters-total", Map.of("topic", "arrests", "reason", "RECORD_TOO_LARGE")))
                        .isEqualTo(1);
                assertThat(arrestEventsOn20th(p)).isEqualTo(1);
            }
        }
    }

    @Test
    void theDefaultLimitOf64KiBIsCheckedBeforeDecodingOnEveryInput() {
        try (PipelineDriver p = new PipelineDriver()) {
            assertThat(p.config.maxInputRecordBytes()).isEqualTo(65_536);
            // not Avro at all: without the size check first this would be NOT_CONFLUENT_AVRO
            byte[] hugeGarbage = new byte[70_000];
            Arrays.fill(hugeGarbage, (byte) 'x');
            String[] inputs = {"arrests", "seizures", "checkpoint-inspections", "wastewater-samples"};
            for (String topic : inputs) {
                TestInputTopic<byte[], byte[]> raw = p.driver.createInputTopic(
                        topic,
                        Serdes.ByteArray().serializer(),
                        Serdes.ByteArray().serializer());
                raw.pipeInput(KEY, hugeGarbage, T);
            }
            // a key alone can make a record too large
            p.rawArrests.pipeInput(new byte[65_537], null, T);
            p.arrests.pipeInput(LUDIAN, arrestWithCaseId("big-case", "c".repeat(65_536)), T);
            p.arrests.pipeInput(LUDIAN, arrestWithCaseId("normal", "YN-ZT-2026-0001"), T);

            List<TestRecord<byte[], byte[]>> dead = p.deadLetters.readRecordsToList();
            assertThat(dead)
                    .hasSize(6)
                    .allSatisfy(r -> assertThat(header(r, "dlq.reason")).isEqualTo("RECORD_TOO_LARGE"));
            assertThat(dead.stream().map(r -> header(r, "dlq.source.topic")))
                    .containsExactly(
                            "arrests",
                            "seizures",
                            "checkpoint-inspections",
                            "wastewater-samples",
                            "arrests",
                            "arrests");
            // dead letters keep the original bytes, so the record can be fixed and re-sent
            assertThat(dead.get(0).value()).isEqualTo(hugeGarbage);
            assertThat(p.counter("dead-letters-total", Map.of("reason", "RECORD_TOO_LARGE")))
                    .isEqualTo(6);
            assertThat(arrestEventsOn20th(p)).isEqualTo(1);
        }
    }
}
