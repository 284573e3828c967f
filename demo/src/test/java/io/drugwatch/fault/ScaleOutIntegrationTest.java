package io.drugwatch.fault;

import static io.drugwatch.testing.KafkaClusterExtension.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.registry.KafkaRegistrationLog;
import io.drugwatch.testing.KafkaClusterExtension;
import io.drugwatch.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of {@code drugwatch run} with one standby replica each, on three brokers with
 * replication factor 3 and min.insync.replicas 2. Under load one broker stops without a controlled
 * shutdown and one instance is killed with SIGKILL: the survivor takes the lost tasks over from its
 * standbys, restoring a fraction of what a full restore would, and the final county windows equal
 * those of an undisturbed replay.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ScaleOutIntegrationTest {

    private static final String APP = "fault-scale-out";

    @RegisterExtension
    static final KafkaClusterExtension cluster = KafkaClusterExtension.threeBrokers();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // the JVMs' logs stay for a failure
    static Path dir;

    @Test
    void aBrokerAndAnInstanceLostUnderLoadLoseNothingAndTheStandbyTakesOver() throws Exception {
        FaultFixture fixture = new FaultFixture(cluster, dir);
        Map<String, String> settings = fixture.settings(APP);
        settings.put(DrugwatchConfig.REPLICATION, "3");
        settings.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1");
        DrugwatchConfig config = DrugwatchConfig.of(settings);
        fixture.createTopics(config);
        Topics topics = fixture.topics(config);
        FaultFixture.Input input = FaultFixture.input(13, 3_000);
        fixture.send(topics, input.slice(0, 0.4));

        try (ChildPipeline first = ChildPipeline.start(instance(settings, "first"), dir.resolve("first.log"));
                ChildPipeline second = ChildPipeline.start(instance(settings, "second"), dir.resolve("second.log"))) {
            eventually("both instances are running and have taken the first events")
                    .failFast(() -> {
                        first.requireAlive();
                        second.requireAlive();
                    })
                    .ignoreExceptions()
                    .until(() -> first.startUp().isPresent()
                            && second.startUp().isPresent()
                            && fixture.committedInput(APP, config) == fixture.inputEnd(config));
            // Reaching RUNNING does not wait for standbys, which restore in the background: a kill before
            // they have caught up would measure a restore from scratch. A caught-up store trails its
            // changelog by the one commit marker that ends it, which is never restored.
            eventually("the second instance's standbys have caught up with their changelogs")
                    .failFast(second::requireAlive)
                    .ignoreExceptions()
                    .until(() -> second.maxStoreLag().filter(lag -> lag <= 1).isPresent());
            fixture.send(topics, input.slice(0.4, 0.7));

            // with one replica, losing its broker would stop every first registration of a subject
            assertThat(cluster.admin()
                            .describeTopics(List.of(KafkaRegistrationLog.DEFAULT_TOPIC))
                            .allTopicNames()
                            .get()
                            .get(KafkaRegistrationLog.DEFAULT_TOPIC)
                            .partitions())
                    .as("replicas of the registry's topic")
                    .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            int before = second.rebalanceRestores().size();
            int broker = cluster.runningBrokers().get(0);
            cluster.stopBroker(broker);
            first.kill();
            long killed = System.nanoTime();
            fixture.send(topics, input.slice(0.7, 1.0));

            eventually("the second instance has taken over")
                    .failFast(second::requireAlive)
                    .until(() -> second.rebalanceRestores().size() > before);
            Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
            // the session timeout (6 s here) passes before the group gives the lost tasks away
            assertThat(takeover)
                    .as("time from the kill until the survivor runs again")
                    .isLessThan(Duration.ofSeconds(45));
            long restoredAtTakeover =
                    second
                            .rebalanceRestores()
                            .subList(before, second.rebalanceRestores().size())
                            .stream()
                            .mapToLong(Long::longValue)
                            .sum();
            long changelogRecords = cluster.endOffsets(changelogs());
            assertThat(restoredAtTakeover)
                    .as(
                            "records restored when taking over from standbys, of %d in the changelogs; the"
                                    + " survivor logged:%n%s",
                            changelogRecords, second.warnings())
                    .isLessThan(changelogRecords / 4);

            fixture.closeWindows(APP, config, topics, input);
            second.requireAlive();
            FaultFixture.assertSameFinals(fixture.liveFinals(config, topics), fixture.replayFinals(config, input));
            assertThat(second.log()).doesNotContain("-> ERROR");
        }
    }

    /** One instance's settings: a state directory of its own. */
    private static Map<String, String> instance(Map<String, String> settings, String name) {
        Map<String, String> own = new LinkedHashMap<>(settings);
        own.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state-" + name).toString());
        return own;
    }

    private static List<String> changelogs() throws Exception {
        return cluster.admin().listTopics().names().get().stream()
                .filter(t -> t.startsWith(APP + "-") && t.endsWith("-changelog"))
                .sorted()
                .toList();
    }
}
