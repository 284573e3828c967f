package io.drugwatch.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.testing.KafkaClusterExtension;
import io.drugwatch.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drugwatch run} stopped with SIGTERM in the middle of the input and started again on the same
 * application id and state directory: it closes within its bound and commits the stores' changelog
 * offsets with their data, so the next start restores nothing (after a SIGKILL it restores every
 * store, {@link SigkillIntegrationTest}), and the final county windows equal those of an undisturbed
 * replay. How long a start takes is a figure for {@code bench}, not a bound here: it depends on the
 * machine's load.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SigtermIntegrationTest {

    private static final String APP = "fault-sigterm";
    /** drugwatch.shutdown.timeout, 30 s, plus RunCommand's 10 s for the rest. */
    private static final Duration STOP_BOUND = Duration.ofSeconds(40);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // the JVMs' logs stay for a failure
    static Path dir;

    @RegisterExtension
    static final KafkaClusterExtension cluster = KafkaClusterExtension.withRestRegistry();

    private FaultFixture fixture;

    @BeforeEach
    void fixture() {
        fixture = new FaultFixture(cluster, dir);
    }

    @Test
    void sigtermClosesCleanlySoTheNextStartRestoresNothing() throws Exception {
        Map<String, String> settings = fixture.settings(APP);
        DrugwatchConfig config = DrugwatchConfig.of(settings);
        fixture.createTopics(config);
        Topics topics = fixture.topics(config);
        FaultFixture.Input input = FaultFixture.input(13, 2_000);
        fixture.send(topics, input.slice(0, 0.5));

        try (ChildPipeline first = ChildPipeline.start(settings, dir.resolve("first.log"))) {
            fixture.awaitCaughtUp(APP, config);
            assertThat(first.terminate(STOP_BOUND)).as("exit code of SIGTERM").isEqualTo(143);
            assertThat(first.log())
                    .contains("pipeline closed in")
                    .contains("stopped cleanly")
                    .doesNotContain("-> ERROR")
                    .doesNotContain("did not close within");
        }

        fixture.send(topics, input.slice(0.5, 1.0));
        try (ChildPipeline second = ChildPipeline.start(settings, dir.resolve("second.log"))) {
            ChildPipeline.StartUp startUp = await().atMost(Duration.ofSeconds(90))
                    .until(
                            () -> {
                                second.requireAlive();
                                return second.startUp();
                            },
                            s -> s.isPresent())
                    .orElseThrow();
            assertThat(startUp.restored())
                    .as("records restored at the second start")
                    .isZero();

            fixture.closeWindows(APP, config, topics, input);
            second.requireAlive();
            FaultFixture.assertSameFinals(fixture.liveFinals(config, topics), fixture.replayFinals(config, input));
        }
    }
}
