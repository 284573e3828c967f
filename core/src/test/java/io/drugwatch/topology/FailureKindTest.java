package io.drugwatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.serde.RegistryUnavailableException;
import io.drugwatch.serde.SchemaRegistryException;
import java.io.IOException;
import java.util.OptionalInt;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class FailureKindTest {

    /** As Kafka Streams hands a processor's exception to the stream thread's handler. */
    private static StreamsException wrapped(Throwable cause) {
        return new StreamsException(
                "Exception caught in process. taskId=0_1, stacktrace=...", new StreamsException("failed", cause));
    }

    @Test
    void outagesAreRetriableWhereverTheyAreInTheChain() {
        RegistryUnavailableException registry =
                new RegistryUnavailableException("Schema registry unreachable", new IOException("Connection refused"));
        assertThat(FailureKind.of(registry)).isEqualTo(FailureKind.RETRIABLE);
        assertThat(FailureKind.of(wrapped(registry))).isEqualTo(FailureKind.RETRIABLE);
        assertThat(FailureKind.of(new SerializationException("cannot register", registry)))
                .isEqualTo(FailureKind.RETRIABLE);
        assertThat(FailureKind.of(wrapped(new TimeoutException("no answer")))).isEqualTo(FailureKind.RETRIABLE);
        assertThat(FailureKind.of(wrapped(new NotLeaderOrFollowerException()))).isEqualTo(FailureKind.RETRIABLE);
        assertThat(FailureKind.of(new java.util.concurrent.TimeoutException())).isEqualTo(FailureKind.RETRIABLE);
    }

    @Test
    void refusalsAndFailedStoresAreTheEnvironmentsFault() {
        assertThat(FailureKind.of(wrapped(new ProcessorStateException("RocksDB write failed"))))
                .isEqualTo(FailureKind.ENVIRONMENT);
        assertThat(FailureKind.of(new SchemaRegistryException("Unauthorized", OptionalInt.of(40101), null)))
                .isEqualTo(FailureKind.ENVIRONMENT);
        assertThat(FailureKind.of(wrapped(new TopicAuthorizationException("alerts"))))
                .isEqualTo(FailureKind.ENVIRONMENT);
        assertThat(FailureKind.of(new StreamsException(
                        "Error encountered sending record to topic alerts", new RecordTooLargeException())))
                .isEqualTo(FailureKind.ENVIRONMENT);
    }

    @Test
    void anythingElseIsTheRecordsFault() {
        assertThat(FailureKind.of(new NullPointerException())).isEqualTo(FailureKind.RECORD);
        assertThat(FailureKind.of(wrapped(new IllegalStateException("no pane"))))
                .isEqualTo(FailureKind.RECORD);
        assertThat(FailureKind.of(new SerializationException("Cannot serialize Alert", new NullPointerException())))
                .isEqualTo(FailureKind.RECORD);
        assertThat(FailureKind.of(new StackOverflowError())).isEqualTo(FailureKind.RECORD);
    }

    @Test
    void aCauseLoopEnds() {
        IllegalStateException loop = new IllegalStateException("a");
        IllegalArgumentException other = new IllegalArgumentException("b", loop);
        loop.initCause(other);
        assertThat(FailureKind.of(loop)).isEqualTo(FailureKind.RECORD);
        assertThat(FailureKind.causes(loop)).containsExactly(loop, other);
        assertThat(FailureKind.rootCause(loop)).isSameAs(other);
    }

    @Test
    void theRootCauseIsTheInnermost() {
        IllegalStateException root = new IllegalStateException("no pane");
        assertThat(FailureKind.rootCause(wrapped(root))).isSameAs(root);
        assertThat(FailureKind.rootCause(root)).isSameAs(root);
    }
}
