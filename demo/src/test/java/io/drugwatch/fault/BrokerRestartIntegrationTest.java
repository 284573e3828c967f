package io.drugwatch.fault;

import static io.drugwatch.testing.KafkaClusterExtension.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.runtime.PipelineRunner;
import io.drugwatch.testing.KafkaClusterExtension;
import io.drugwatch.topics.Topics;
import io.drugwatch.topology.IndicatorsTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker stops under the running pipeline while events keep coming, and starts again on the same
 * port and data: the pipeline carries on by itself and its final windows equal the replay's.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BrokerRestartIntegrationTest {

    private static final String APP = "fault-broker-restart";
    /** How long the broker stays down: longer than the 100 ms commit interval and a producer's retry backoff. */
    private static final Duration OUTAGE = Duration.ofSeconds(5);

    @RegisterExtension
    static final KafkaClusterExtension cluster = KafkaClusterExtension.withRestRegistry();

    @TempDir
    static Path dir;

    @Test
    void thePipelineRidesOutABrokerRestartWithoutLosingOrCountingAnythingTwice() throws Exception {
        FaultFixture fixture = new FaultFixture(cluster, dir);
        DrugwatchConfig config = DrugwatchConfig.of(fixture.settings(APP));
        fixture.createTopics(config);
        Topics topics = fixture.topics(config);
        FaultFixture.Input input = FaultFixture.input(13, 3_000);
        fixture.send(topics, input.slice(0, 0.4));

        List<KafkaStreams.State> states = new CopyOnWriteArrayList<>();
        try (PipelineRunner runner = new PipelineRunner(config, IndicatorsTopology.build(config, topics))) {
            runner.addStateListener((now, before) -> states.add(now));
            runner.start();
            eventually("indicators are out").until(() -> fixture.committedIndicators(config) > 0);

            fixture.send(topics, input.slice(0.4, 0.7));
            String clusterId = cluster.kafka().clusterId();
            cluster.stopBroker();
            // sent while the broker is down: the producer keeps them and delivers them once it is back
            CompletableFuture<Void> duringOutage =
                    CompletableFuture.runAsync(() -> fixture.send(topics, input.slice(0.7, 0.85)));
            Awaitility.await("events sent while the broker is down are not delivered yet")
                    .during(OUTAGE)
                    .atMost(OUTAGE.multipliedBy(2))
                    .until(() -> !duringOutage.isDone());
            cluster.startBroker();
            assertThat(cluster.kafka().clusterId())
                    .as("the same cluster, from meta.properties")
                    .isEqualTo(clusterId);
            duringOutage.get(KafkaClusterExtension.WAIT.toSeconds(), TimeUnit.SECONDS);
            fixture.send(topics, input.slice(0.85, 1.0));

            fixture.closeWindows(APP, config, topics, input);
            FaultFixture.assertSameFinals(fixture.liveFinals(config, topics), fixture.replayFinals(config, input));
            assertThat(runner.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
        assertThat(states)
                .as("pipeline states")
                .doesNotContain(KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.ERROR)
                .startsWith(KafkaStreams.State.REBALANCING, KafkaStreams.State.RUNNING);
        // a copy: the close thread may still report NOT_RUNNING after close() has returned
        List<KafkaStreams.State> seen = List.copyOf(states);
        assertThat(seen.subList(0, seen.indexOf(KafkaStreams.State.PENDING_SHUTDOWN)))
                .as("states before close")
                .doesNotContain(KafkaStreams.State.NOT_RUNNING);
    }
}
