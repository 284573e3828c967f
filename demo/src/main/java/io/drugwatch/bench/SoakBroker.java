package io.drugwatch.bench;

import io.drugwatch.runtime.EmbeddedKafka;
import io.drugwatch.runtime.EmbeddedSchemaRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The broker and schema registry of a soak, in a JVM of their own, so that the soak's process figures
 * are the pipeline's alone. Prints {@value #READY} with their addresses, then runs until its standard
 * input closes, which it does when the soak ends or dies.
 */
public final class SoakBroker {

    public static final String READY = "SOAK-BROKER";

    private SoakBroker() {}

    /** @param args the data directory */
    public static void main(String[] args) throws IOException {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults()
                        .withPort(0)
                        .withControllerPort(0)
                        .withDataDir(Path.of(args[0]))
                        .withDefaultPartitions(4));
                EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(
                        Map.of("bootstrap.servers", kafka.bootstrapServers()), "127.0.0.1", 0)) {
            System.out.println(READY + " " + kafka.bootstrapServers() + " " + registry.url());
            System.out.flush();
            while (System.in.read() != -1) {
                // nothing to read: the parent never writes, it only closes
            }
        }
    }
}
