package io.drugwatch.cli;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.runtime.TopicAdmin;
import io.drugwatch.topics.TopicSpec;
import io.drugwatch.topics.TopicSpecs;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "topics",
        mixinStandardHelpOptions = true,
        description = "Create drugwatch's topics with their settings, or check existing ones against them.",
        footer = {
            "",
            "Examples:",
            "  drugwatch topics                                  create what is missing on 127.0.0.1:9092",
            "  drugwatch topics --check -c prod.properties       report differences, change nothing",
            "  drugwatch topics -D drugwatch.topics.partitions=12 -D drugwatch.topics.replication.factor=3"
        })
final class TopicsCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--check", description = "Only compare; create nothing. Exit code 1 on any difference.")
    boolean checkOnly;

    @Override
    public Integer call() {
        DrugwatchConfig config = options.load();
        List<TopicSpec> specs = TopicSpecs.of(config);
        List<TopicAdmin.Outcome> outcomes;
        try (Admin admin = KafkaSupport.admin(config)) {
            outcomes = new TopicAdmin(admin).apply(specs, checkOnly);
        }
        boolean ok = true;
        for (int i = 0; i < specs.size(); i++) {
            TopicSpec spec = specs.get(i);
            TopicAdmin.Outcome o = outcomes.get(i);
            String status = o.ok() ? (o.created() ? "created" : "ok") : "DIFFERS: " + String.join("; ", o.problems());
            System.out.printf(
                    "%-26s partitions=%-3d rf=%d %-40s %s%n",
                    spec.name(), spec.partitions(), spec.replicationFactor(), policy(spec), status);
            ok &= o.ok();
        }
        return ok ? 0 : 1;
    }

    private static String policy(TopicSpec spec) {
        String retention = spec.configs().get("retention.ms");
        return spec.configs().get("cleanup.policy")
                + (retention == null ? "" : " retention=" + java.time.Duration.ofMillis(Long.parseLong(retention)));
    }
}
