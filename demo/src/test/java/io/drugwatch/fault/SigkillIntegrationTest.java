package io.drugwatch.fault;

import static io.drugwatch.testing.KafkaClusterExtension.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.testing.KafkaClusterExtension;
import io.drugwatch.topics.Topics;
import io.drugwatch.topology.StoreNames;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drugwatch run} killed with SIGKILL in the middle of the input and started again on the same
 * application id and state directory: with exactly_once_v2 the final county windows equal those of
 * an undisturbed replay.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SigkillIntegrationTest {

    private static final String APP = "fault-sigkill";
    /**
     * Kafka Streams names a store's changelog {@code <application.id>-<store>-changelog}. The
     * seen-event-ids store is not cached, so its changelog is written as events are processed, not
     * only at commit.
     */
    private static final String SEEN_CHANGELOG = APP + "-" + StoreNames.SEEN_EVENTS + "-changelog";

    @RegisterExtension
    static final KafkaClusterExtension cluster = KafkaClusterExtension.withRestRegistry();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // the JVMs' logs stay for a failure
    static Path dir;

    @Test
    void aPipelineKilledMidStreamResumesWithoutLosingOrCountingAnythingTwice() throws Exception {
        FaultFixture fixture = new FaultFixture(cluster, dir);
        Map<String, String> settings = fixture.settings(APP);
        DrugwatchConfig config = DrugwatchConfig.of(settings);
        fixture.createTopics(config);
        Topics topics = fixture.topics(config);
        FaultFixture.Input input = FaultFixture.input(11, 3_000);
        fixture.send(topics, input.slice(0, 0.4));

        // The first JVM commits every 5 s, so that it can be killed with processed records in an open transaction.
        Map<String, String> slowCommits = new LinkedHashMap<>(settings);
        slowCommits.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "5000");
        try (ChildPipeline first = ChildPipeline.start(slowCommits, dir.resolve("first.log"))) {
            eventually("the first JVM has committed indicators")
                    .failFast(first::requireAlive)
                    .until(() -> fixture.committedIndicators(config) > 0);
            fixture.send(topics, input.slice(0.4, 0.7));
            eventually("the first JVM has processed events it has not committed yet")
                    .failFast(first::requireAlive)
                    .ignoreExceptions()
                    .until(() -> cluster.transactionOpen(SEEN_CHANGELOG));
            first.kill();
            assertThat(first.log()).doesNotContain("stopping").doesNotContain("-> ERROR");
        }
        long committedAtKill = fixture.committedInput(APP, config);
        assertThat(committedAtKill)
                .as("input committed when killed")
                .isPositive()
                .isLessThan(fixture.inputEnd(config));

        fixture.send(topics, input.slice(0.7, 1.0));
        try (ChildPipeline second = ChildPipeline.start(settings, dir.resolve("second.log"))) {
            // A task that has restored processes and commits while others still restore, so the
            // client's RUNNING (and its start-up line) can come after the first commit.
            eventually("the second JVM has resumed and reported its start-up")
                    .failFast(second::requireAlive)
                    .ignoreExceptions()
                    .until(() -> fixture.committedInput(APP, config) > committedAtKill
                            && second.startUp().isPresent());
            assertThat(second.startUp())
                    .as("start-up of the second JVM")
                    .hasValueSatisfying(s -> assertThat(s.restored())
                            .as("records restored: under exactly-once a crash leaves no store to resume from")
                            .isPositive());
            fixture.closeWindows(APP, config, topics, input);
            second.requireAlive();

            FaultFixture.assertSameFinals(fixture.liveFinals(config, topics), fixture.replayFinals(config, input));
            // the kill did interrupt a transaction: its store writes were aborted, not committed
            assertThat(cluster.readAll(SEEN_CHANGELOG, (t, b) -> b, false).size())
                    .as("seen-event-ids changelog records, aborted ones included")
                    .isGreaterThan(
                            cluster.readAll(SEEN_CHANGELOG, (t, b) -> b, true).size());
            assertThat(second.log()).doesNotContain("-> ERROR");
        }
    }
}
