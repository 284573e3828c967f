package io.drugwatch.runtime;

import io.drugwatch.topics.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates drugwatch's topics and checks existing ones against their specs. After creating, it waits
 * until every partition has a ready leader: producing right after creation can lose the first batch
 * otherwise (KAFKA-15591).
 */
public final class TopicAdmin {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Admin admin;

    public TopicAdmin(Admin admin) {
        this.admin = admin;
    }

    /** What `topics` found or did for one topic. */
    public record Outcome(String topic, boolean created, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** Creates the missing topics (unless {@code checkOnly}) and reports how existing ones differ from their specs. */
    public List<Outcome> apply(Collection<TopicSpec> specs, boolean checkOnly) {
        try {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> toCreate = new ArrayList<>();
            for (TopicSpec spec : specs) {
                if (!existing.contains(spec.name()) && !checkOnly) {
                    toCreate.add(new NewTopic(spec.name(), spec.partitions(), spec.replicationFactor())
                            .configs(spec.configs()));
                }
            }
            for (var e : admin.createTopics(toCreate).values().entrySet()) {
                try {
                    e.getValue().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        throw ex;
                    }
                }
            }
            List<String> names = specs.stream().map(TopicSpec::name).toList();
            awaitLeaders(
                    admin,
                    names.stream()
                            .filter(n -> existing.contains(n) || !checkOnly)
                            .toList(),
                    TIMEOUT);
            Set<String> created =
                    Set.copyOf(toCreate.stream().map(NewTopic::name).toList());
            List<Outcome> outcomes = new ArrayList<>();
            for (TopicSpec spec : specs) {
                if (!existing.contains(spec.name()) && checkOnly) {
                    outcomes.add(new Outcome(spec.name(), false, List.of("does not exist")));
                } else {
                    outcomes.add(new Outcome(spec.name(), created.contains(spec.name()), differences(spec)));
                }
            }
            return outcomes;
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot create topics: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private List<String> differences(TopicSpec spec) throws ExecutionException, InterruptedException, TimeoutException {
        List<String> problems = new ArrayList<>();
        TopicDescription d = admin.describeTopics(List.of(spec.name()))
                .allTopicNames()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .get(spec.name());
        if (d.partitions().size() != spec.partitions()) {
            problems.add("has " + d.partitions().size() + " partitions, expected " + spec.partitions());
        }
        int rf = d.partitions().get(0).replicas().size();
        if (rf != spec.replicationFactor()) {
            problems.add("replication factor " + rf + ", expected " + spec.replicationFactor());
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
        Config config = admin.describeConfigs(List.of(resource))
                .all()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .get(resource);
        for (Map.Entry<String, String> want : spec.configs().entrySet()) {
            ConfigEntry have = config.get(want.getKey());
            String value = have == null ? null : have.value();
            if (!want.getValue().equals(value)) {
                problems.add(want.getKey() + "=" + value + ", expected " + want.getValue());
            }
        }
        return problems;
    }

    /**
     * Waits until every partition of {@code topics} has a leader in the metadata producers see, and
     * that leader answers an offset lookup. The metadata names a leader a moment before its log is
     * ready, and a produce in that moment gets NOT_LEADER_OR_FOLLOWER; an idempotent producer whose
     * first batch is refused so can never deliver it once later batches got in (KAFKA-15591).
     *
     * @return the topics' descriptions
     * @throws TimeoutException naming the last partition that was not ready
     */
    public static Map<String, TopicDescription> awaitLeaders(Admin admin, Collection<String> topics, Duration timeout)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, TopicDescription> ready = new TreeMap<>();
        Set<String> pending = new TreeSet<>(topics);
        String problem = "";
        while (true) {
            for (Map.Entry<String, KafkaFuture<TopicDescription>> entry :
                    admin.describeTopics(pending).topicNameValues().entrySet()) {
                String name = entry.getKey();
                try {
                    TopicDescription description = entry.getValue().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
                    Optional<TopicPartitionInfo> leaderless = description.partitions().stream()
                            .filter(p -> p.leader() == null || p.leader().isEmpty())
                            .findFirst();
                    if (leaderless.isPresent()) {
                        problem = name + "-" + leaderless.get().partition() + " has no leader yet";
                        continue;
                    }
                    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                    description
                            .partitions()
                            .forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest()));
                    admin.listOffsets(latest).all().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
                    ready.put(name, description);
                } catch (ExecutionException e) {
                    // unknown topic or not leader until the broker has applied the new metadata
                    if (!(e.getCause() instanceof RetriableException)) {
                        throw new IllegalStateException(
                                "cannot describe topic " + name + ": "
                                        + e.getCause().getMessage(),
                                e.getCause());
                    }
                    problem = name + ": " + e.getCause().getMessage();
                }
            }
            pending.removeAll(ready.keySet());
            if (pending.isEmpty()) {
                return ready;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new TimeoutException("topics " + pending + " still have partitions without a ready leader after "
                        + timeout + " (" + problem + ")");
            }
            Thread.sleep(25);
        }
    }

    private static long remainingMs(long deadlineNanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }
}
