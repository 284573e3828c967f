package io.drugwatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaOptionsTest {

    @Test
    void defaults() {
        EmbeddedKafka.Options options = EmbeddedKafka.Options.defaults();
        assertThat(options.host()).isEqualTo("127.0.0.1");
        assertThat(options.port()).isEqualTo(9092);
        assertThat(options.controllerPort()).isZero();
        assertThat(options.dataDir()).isNull();
        assertThat(options.defaultPartitions()).isEqualTo(1);
        assertThat(options.brokerProperties()).isEmpty();
    }

    @Test
    void extraPropertiesOverrideTheDefaultsButNotTheManagedKeys() {
        EmbeddedKafka.Options options = EmbeddedKafka.Options.defaults()
                .withPort(0)
                .withDefaultPartitions(3)
                .withBrokerProperty("log.retention.ms", "86400000");
        Map<String, Object> config =
                EmbeddedKafka.brokerProperties("127.0.0.1", 19092, 19093, Path.of("/tmp/x"), options);
        assertThat(config)
                .containsEntry("log.retention.ms", "86400000")
                .containsEntry("num.partitions", "3")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:19093")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("log.message.timestamp.before.max.ms", String.valueOf(Long.MAX_VALUE));

        assertThatThrownBy(() -> options.withBrokerProperty("listeners", "PLAINTEXT://:9999"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[listeners]");
    }

    @Test
    void rejectsNonsense() {
        EmbeddedKafka.Options options = EmbeddedKafka.Options.defaults();
        assertThatThrownBy(() -> options.withPort(70000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.withControllerPort(9092)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.withDefaultPartitions(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EmbeddedKafka.start(options.withHost("0.0.0.0").withPort(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wildcard");
    }

    @Test
    void ipv6HostsAreBracketed() {
        assertThat(EmbeddedKafka.hostPort("::1", 9092)).isEqualTo("[::1]:9092");
        assertThat(EmbeddedKafka.hostPort("localhost", 9092)).isEqualTo("localhost:9092");
    }
}
