package io.drugwatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.runtime.ThreadFailurePolicy.Decision;
import io.drugwatch.serde.RegistryUnavailableException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class ThreadFailurePolicyTest {

    private static final Throwable BUG =
            new StreamsException("Exception caught in punctuation", new IllegalStateException("no pane"));
    private static final Throwable OUTAGE = new StreamsException(
            "Exception caught in process",
            new RegistryUnavailableException("Schema registry unreachable", new IOException("Connection refused")));

    private final AtomicLong now = new AtomicLong();
    private final ThreadFailurePolicy policy = new ThreadFailurePolicy(3, Duration.ofMinutes(10), now::get);

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void theThirdNonRetriableFailureWithinTheWindowShutsDown() {
        assertThat(policy.onFailure(BUG)).isEqualTo(Decision.REPLACE);
        advance(Duration.ofSeconds(5));
        assertThat(policy.onFailure(BUG)).isEqualTo(Decision.REPLACE);
        advance(Duration.ofSeconds(5));
        assertThat(policy.onFailure(BUG)).isEqualTo(Decision.SHUT_DOWN);
        assertThat(policy.recentFailures()).isEqualTo(3);
    }

    @Test
    void anOutageIsRetriedForAsLongAsItLastsAndNeverCounts() {
        for (int i = 0; i < 1_000; i++) {
            assertThat(policy.onFailure(OUTAGE)).isEqualTo(Decision.RETRY);
            advance(Duration.ofSeconds(5));
        }
        assertThat(policy.recentFailures()).isZero();
        assertThat(policy.onFailure(BUG)).isEqualTo(Decision.REPLACE);
    }

    @Test
    void failuresOlderThanTheWindowAreForgotten() {
        policy.onFailure(BUG);
        advance(Duration.ofMinutes(6));
        policy.onFailure(BUG);
        advance(Duration.ofMinutes(6));
        assertThat(policy.onFailure(BUG))
                .as("the first failure is 12 minutes old")
                .isEqualTo(Decision.REPLACE);
        assertThat(policy.recentFailures()).isEqualTo(2);
        advance(Duration.ofMinutes(1));
        assertThat(policy.onFailure(BUG)).isEqualTo(Decision.SHUT_DOWN);
    }

    @Test
    void aLimitOfOneShutsDownAtTheFirstFailure() {
        ThreadFailurePolicy strict = new ThreadFailurePolicy(1, Duration.ofMinutes(10), now::get);
        assertThat(strict.onFailure(OUTAGE)).isEqualTo(Decision.RETRY);
        assertThat(strict.onFailure(BUG)).isEqualTo(Decision.SHUT_DOWN);
    }
}
