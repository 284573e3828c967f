package io.drugwatch.cli;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.domain.EventRules;
import io.drugwatch.domain.EventType;
import io.drugwatch.domain.Rejection;
import io.drugwatch.jsonl.AvroJson;
import io.drugwatch.model.Arrest;
import io.drugwatch.model.CheckpointInspection;
import io.drugwatch.model.County;
import io.drugwatch.model.Seizure;
import io.drugwatch.model.WastewaterSample;
import io.drugwatch.topics.Topic;
import io.drugwatch.topics.Topics;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description = {
            "Load a JSONL file into a topic: one record per line, field names as in the schemas, "
                    + "timestamps as ISO-8601 or epoch milliseconds, enums as text.",
            "Every line is checked first; if any is bad, all bad lines are listed with their line numbers "
                    + "and nothing is written. The rest is written in one transaction, so a failure half-way "
                    + "leaves nothing behind either."
        },
        footer = {
            "",
            "Examples:",
            "  drugwatch ingest --topic seizures seizures.jsonl",
            "  drugwatch ingest --topic counties my-counties.jsonl",
            "",
            "A line of seizures.jsonl:",
            "  {\"eventId\":\"hh-2020-117\",\"occurredAt\":\"2020-06-12T09:30:00+08:00\",\"countyCode\":\"532530\","
                    + "\"drugType\":\"METHAMPHETAMINE\",\"quantityGrams\":17500,\"source\":\"CHECKPOINT\"}"
        })
final class IngestCommand implements Callable<Integer> {

    private static final Map<String, Class<? extends SpecificRecord>> TYPES = Map.of(
            "arrests",
            Arrest.class,
            "seizures",
            Seizure.class,
            "checkpoint-inspections",
            CheckpointInspection.class,
            "wastewater-samples",
            WastewaterSample.class,
            "counties",
            County.class);
    private static final Map<String, EventType<?>> EVENT_TYPES = Map.of(
            "arrests",
            EventType.ARREST,
            "seizures",
            EventType.SEIZURE,
            "checkpoint-inspections",
            EventType.CHECKPOINT_INSPECTION,
            "wastewater-samples",
            EventType.WASTEWATER_SAMPLE);
    private static final int MAX_ERRORS_SHOWN = 50;

    @Mixin
    ConfigOptions options;

    @Option(
            names = "--topic",
            required = true,
            paramLabel = "NAME",
            description = "arrests, seizures, checkpoint-inspections, wastewater-samples or counties.")
    String topic;

    @Parameters(index = "0", paramLabel = "FILE", description = "The JSONL file.")
    Path file;

    private record Parsed(String key, SpecificRecord value) {}

    @Override
    public Integer call() throws Exception {
        Class<? extends SpecificRecord> type = TYPES.get(topic);
        if (type == null) {
            throw new IllegalArgumentException(
                    "--topic must be one of " + TYPES.keySet().stream().sorted().toList());
        }
        DrugwatchConfig config = options.load();
        EventRules rules = new EventRules(
                config.countyCodePattern(), config.earliestDate(), config.timeZone(), config.maxFuture());
        List<Parsed> records = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        long now = System.currentTimeMillis();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    SpecificRecord record = AvroJson.parse(line, type);
                    String key = key(record);
                    Optional<String> problem = check(rules, record, key, now);
                    if (problem.isPresent()) {
                        errors.add(file.getFileName() + ":" + number + ": " + problem.get());
                    } else {
                        records.add(new Parsed(key, record));
                    }
                } catch (IllegalArgumentException e) {
                    errors.add(file.getFileName() + ":" + number + ": " + e.getMessage());
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("file not found: " + file);
        }
        if (!errors.isEmpty()) {
            errors.stream().limit(MAX_ERRORS_SHOWN).forEach(System.err::println);
            if (errors.size() > MAX_ERRORS_SHOWN) {
                System.err.println("... and " + (errors.size() - MAX_ERRORS_SHOWN) + " more");
            }
            throw new Main.CommandFailure(errors.size() + " bad line(s) in " + file + "; nothing was written");
        }
        write(config, records);
        System.out.printf("wrote %,d records to %s%n", records.size(), config.topic(topic));
        return 0;
    }

    private String key(SpecificRecord record) {
        String field = topic.equals("counties") ? "code" : "countyCode";
        return (String) record.get(record.getSchema().getField(field).pos());
    }

    @SuppressWarnings("unchecked")
    private Optional<String> check(EventRules rules, SpecificRecord record, String key, long now) {
        EventType<SpecificRecord> eventType = (EventType<SpecificRecord>) EVENT_TYPES.get(topic);
        if (eventType == null) {
            return key == null || key.isBlank() ? Optional.of("code is blank") : Optional.empty();
        }
        return rules.check(eventType, record, key, now).map(Rejection::detail);
    }

    @SuppressWarnings("unchecked")
    private void write(DrugwatchConfig config, List<Parsed> records) {
        Topics topics = KafkaSupport.topics(config);
        Topic<String, SpecificRecord> target = (Topic<String, SpecificRecord>) topics.all().stream()
                .filter(t -> t.name().equals(config.topic(topic)))
                .findFirst()
                .orElseThrow();
        Map<String, Object> props = KafkaSupport.producerProperties(config);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "drugwatch-ingest-" + UUID.randomUUID());
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(
                props, target.keySerde().serializer(), target.valueSerde().serializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            try {
                long sent = 0;
                for (Parsed p : records) {
                    producer.send(new ProducerRecord<>(target.name(), p.key(), p.value()));
                    if (++sent % 100_000 == 0) {
                        System.err.printf("sent %,d of %,d%n", sent, records.size());
                    }
                }
                producer.commitTransaction();
            } catch (RuntimeException e) {
                producer.abortTransaction();
                throw e;
            }
        }
    }
}
