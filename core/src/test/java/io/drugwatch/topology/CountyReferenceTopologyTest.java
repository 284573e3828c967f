package io.drugwatch.topology;

import static io.drugwatch.topology.Events.JINPING;
import static io.drugwatch.topology.Events.LUDIAN;
import static io.drugwatch.topology.Events.ZHAOYANG;
import static io.drugwatch.topology.Events.arrest;
import static io.drugwatch.topology.Events.county;
import static io.drugwatch.topology.Events.inspection;
import static io.drugwatch.topology.Events.local;
import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.domain.EventType;
import io.drugwatch.model.County;
import io.drugwatch.model.CountyIndicators;
import io.drugwatch.model.InspectionOutcome;
import io.drugwatch.model.Offense;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reference records are judged like events: an invalid {@code counties} record is dead-lettered with
 * its reason and source, counted, and never replaces the county's good record. Production topology
 * and serdes in a TopologyTestDriver.
 */
class CountyReferenceTopologyTest {

    private static final Instant LOADED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant BAD_AT = Instant.parse("2026-01-02T00:00:00Z");
    private static final byte[] KEY = LUDIAN.getBytes(StandardCharsets.UTF_8);
    private static final County GOOD = county(LUDIAN, "鲁甸县", 400_000L, false);

    private final PipelineDriver p = new PipelineDriver();

    @BeforeEach
    void loadTheGoodCounty() {
        p.counties.pipeInput(LUDIAN, GOOD, LOADED);
    }

    @AfterEach
    void close() {
        p.close();
    }

    private byte[] bytes(County county) {
        return p.topics.counties().valueSerde().serializer().serialize("counties", county);
    }

    private County.Builder good() {
        return County.newBuilder(GOOD);
    }

    private KeyValueStore<String, County> store() {
        return p.driver.getKeyValueStore(StoreNames.COUNTIES);
    }

    private static String header(ProducerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /** The 1-day window of an arrest in {@code code} on 2026-11-20, once final. */
    private CountyIndicators arrestWindow(String code) {
        Instant t = local("2026-11-20", "10:00");
        p.arrests.pipeInput(code, arrest("r-" + code, code, t, Offense.USE, 4), t);
        Instant closed = local("2026-11-23", "00:00");
        p.inspections.pipeInput(ZHAOYANG, inspection("clock", ZHAOYANG, closed, 1, InspectionOutcome.CLEAR), closed);
        List<CountyIndicators> windows = p.readIndicators().stream()
                .map(TestRecord::value)
                .filter(v -> v.getCountyCode().equals(code)
                        && v.getFinal$()
                        && v.getWindowDays() == 1
                        && v.getEndDate().equals("2026-11-20"))
                .toList();
        assertThat(windows).hasSize(1);
        return windows.get(0);
    }

    /**
     * Sends the record after the good county (offset 1) and checks that it is dead-lettered as
     * {@code reason}, with its bytes and source, counted, and that the good county stays.
     */
    private ProducerRecord<byte[], byte[]> assertRejected(byte[] key, byte[] value, String reason) {
        p.rawCounties.pipeInput(key, value, BAD_AT);

        assertThat(p.countyDeadLetters).hasSize(1);
        ProducerRecord<byte[], byte[]> dead = p.countyDeadLetters.get(0);
        assertThat(dead.topic()).isEqualTo(p.topics.deadLetters().name());
        assertThat(header(dead, "dlq.reason")).isEqualTo(reason);
        assertThat(header(dead, "dlq.source.topic")).isEqualTo("counties");
        assertThat(header(dead, "dlq.source.partition")).isEqualTo("0");
        assertThat(header(dead, "dlq.source.offset")).isEqualTo("1");
        assertThat(header(dead, "dlq.source.timestamp")).isEqualTo(Long.toString(BAD_AT.toEpochMilli()));
        assertThat(dead.key()).isEqualTo(key);
        assertThat(dead.value()).isEqualTo(value);
        assertThat(p.counter("dead-letters-total", Map.of("topic", "counties", "reason", reason)))
                .isEqualTo(1);
        assertThat(p.counter("dead-letters-total", Map.of())).isEqualTo(1);

        assertThat(store().get(LUDIAN)).isEqualTo(GOOD);
        CountyIndicators window = arrestWindow(LUDIAN);
        assertThat(window.getCountyName()).isEqualTo("鲁甸县");
        assertThat(window.getPopulation()).isEqualTo(400_000L);
        return dead;
    }

    @Test
    void populationZeroIsValueOutOfRange() {
        ProducerRecord<byte[], byte[]> dead =
                assertRejected(KEY, bytes(good().setPopulation(0L).build()), "VALUE_OUT_OF_RANGE");
        assertThat(header(dead, "dlq.detail")).isEqualTo("population 0 is outside (0, inf)");
    }

    @Test
    void negativePopulationIsValueOutOfRange() {
        assertRejected(KEY, bytes(good().setPopulation(-5L).build()), "VALUE_OUT_OF_RANGE");
    }

    @Test
    void aCountyWhoseOnlyRecordIsInvalidStaysUnknown() {
        County zero = county(JINPING, "金平县", 0L, true);
        p.counties.pipeInput(JINPING, zero, BAD_AT);

        assertThat(p.countyDeadLetters)
                .singleElement()
                .satisfies(d -> assertThat(header(d, "dlq.reason")).isEqualTo("VALUE_OUT_OF_RANGE"));
        CountyIndicators window = arrestWindow(JINPING);
        assertThat(window.getPopulation()).isNull();
        assertThat(window.getCountyName()).isNull();
        assertThat(window.getSuspects()).isEqualTo(4);
    }

    @Test
    void anEmptyValueIsNotConfluentAvro() {
        assertRejected(KEY, new byte[0], "NOT_CONFLUENT_AVRO");
    }

    @Test
    void aWrongMagicByteIsNotConfluentAvro() {
        byte[] value = bytes(good().setName("错误").build());
        value[0] = 1;
        assertRejected(KEY, value, "NOT_CONFLUENT_AVRO");
    }

    @Test
    void anUnknownSchemaIdIsUnknownSchemaId() {
        byte[] value = bytes(good().setName("错误").build());
        ByteBuffer.wrap(value).putInt(1, 987_654);
        assertRejected(KEY, value, "UNKNOWN_SCHEMA_ID");
    }

    @Test
    void truncatedAvroIsMalformedAvro() {
        byte[] value = bytes(good().setName("错误").build());
        assertRejected(KEY, Arrays.copyOf(value, value.length - 3), "MALFORMED_AVRO");
    }

    @Test
    void anArrestWrittenToCountiesIsASchemaMismatch() {
        Instant t = local("2026-11-20", "10:00");
        byte[] arrest = p.topics
                .input(EventType.ARREST)
                .valueSerde()
                .serializer()
                .serialize("arrests", arrest("a", LUDIAN, t, Offense.USE, 1));
        assertRejected(KEY, arrest, "SCHEMA_MISMATCH");
    }

    @Test
    void aBlankNameIsAMissingField() {
        ProducerRecord<byte[], byte[]> dead =
                assertRejected(KEY, bytes(good().setName(" ").build()), "MISSING_FIELD");
        assertThat(header(dead, "dlq.detail")).isEqualTo("name is blank");
    }

    @Test
    void aCodeFullOfSqlIsAnInvalidCountyCode() {
        String sql = "530621'; DROP TABLE counties; --";
        assertRejected(
                sql.getBytes(StandardCharsets.UTF_8), bytes(good().setCode(sql).build()), "INVALID_COUNTY_CODE");
        assertThat(store().get(sql)).isNull();
    }

    @Test
    void aRegionCodeWithTheKeySeparatorIsAnInvalidCountyCode() {
        assertRejected(KEY, bytes(good().setPrefectureCode("530600|x").build()), "INVALID_COUNTY_CODE");
    }

    @Test
    void aKeyThatIsNotTheCodeIsAKeyMismatch() {
        // JINPING's data under LUDIAN's key would otherwise replace LUDIAN
        assertRejected(KEY, bytes(county(JINPING, "金平县", 370_000L, true)), "KEY_MISMATCH");
    }

    @Test
    void aKeyThatIsNotUtf8IsAKeyMismatch() {
        assertRejected(new byte[] {(byte) 0xff, (byte) 0xfe}, bytes(good().build()), "KEY_MISMATCH");
    }

    @Test
    void aRecordOverTheSizeLimitIsRecordTooLarge() {
        assertRejected(KEY, bytes(good().setName("鲁".repeat(30_000)).build()), "RECORD_TOO_LARGE");
    }

    @Test
    void aValidUpdateReplacesTheCounty() {
        County updated = good().setPopulation(410_000L).build();
        p.counties.pipeInput(LUDIAN, updated, BAD_AT);

        assertThat(p.countyDeadLetters).isEmpty();
        assertThat(store().get(LUDIAN)).isEqualTo(updated);
        assertThat(arrestWindow(LUDIAN).getPopulation()).isEqualTo(410_000L);
    }

    @Test
    void aTombstoneRemovesTheCountyAndIsNoDeadLetter() {
        p.rawCounties.pipeInput(KEY, null, BAD_AT);

        assertThat(p.countyDeadLetters).isEmpty();
        assertThat(p.counter("dead-letters-total", Map.of())).isZero();
        assertThat(store().get(LUDIAN)).isNull();
        CountyIndicators window = arrestWindow(LUDIAN);
        assertThat(window.getCountyName()).isNull();
        assertThat(window.getPopulation()).isNull();
    }
}
