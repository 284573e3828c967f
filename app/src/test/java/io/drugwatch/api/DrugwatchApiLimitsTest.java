package io.drugwatch.api;

import static io.drugwatch.api.Http.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.config.DrugwatchConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Query parameters that would make one request read a county's whole history are refused up front. */
@Timeout(30)
class DrugwatchApiLimitsTest {

    @TempDir
    Path dir;

    private KafkaStreams streams;
    private DrugwatchApi api;

    @BeforeEach
    void start() {
        DrugwatchConfig config = DrugwatchConfig.of(Map.of(
                DrugwatchConfig.BOOTSTRAP_SERVERS, "127.0.0.1:1",
                DrugwatchConfig.HTTP_PORT, "0",
                StreamsConfig.STATE_DIR_CONFIG, dir.toString()));
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("unused");
        // never started: the limits are checked before any store is asked
        Properties props = new Properties();
        props.putAll(config.kafkaProperties());
        streams = new KafkaStreams(builder.build(), props);
        api = DrugwatchApi.start(config, streams);
    }

    @AfterEach
    void stop() {
        api.close();
        streams.close();
    }

    @Test
    void aSeriesSpansAtMost400DaysAndRunsForwards() throws Exception {
        String series = api.url() + "/api/counties/530621/series?windowDays=1";

        HttpResponse<String> tooLong = get(series + "&from=2025-01-01&to=2026-02-05");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).isEqualTo("{\"error\":\"a series spans at most 400 days, asked for 401\"}");
        HttpResponse<String> backwards = get(series + "&from=2026-11-20&to=2026-11-01");
        assertThat(backwards.statusCode()).isEqualTo(400);
        assertThat(backwards.body()).isEqualTo("{\"error\":\"from (2026-11-20) is after to (2026-11-01)\"}");
        // exactly 400 days passes the check and reaches the (not yet running) stores
        assertThat(get(series + "&from=2025-01-01&to=2026-02-04").statusCode()).isEqualTo(503);
    }
}
