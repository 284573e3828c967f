package io.drugwatch.cli;

import io.drugwatch.config.ClientProperties;
import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.domain.EventRules;
import io.drugwatch.domain.EventType;
import io.drugwatch.domain.Rejection;
import io.drugwatch.jsonl.AvroJson;
import io.drugwatch.model.County;
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
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
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

    private static final String COUNTIES = "counties";
    private static final int MAX_ERRORS_SHOWN = 50;

    @Mixin
    ConfigOptions options;

    @Option(
            names = "--topic",
            required = true,
            paramLabel = "NAME",
            description = "An input (arrests, seizures, checkpoint-inspections, wastewater-samples) or counties.")
    String topic;

    @Parameters(index = "0", paramLabel = "FILE", description = "The JSONL file.")
    Path file;

    private record Parsed(String key, SpecificRecord value) {}

    @Override
    public Integer call() throws Exception {
        Optional<EventType<?>> input = EventType.byInput(topic);
        Class<? extends SpecificRecord> type = input.<Class<? extends SpecificRecord>>map(EventType::recordClass)
                .orElse(topic.equals(COUNTIES) ? County.class : null);
        if (type == null) {
            List<String> names = new ArrayList<>(EventType.inputs());
            names.add(COUNTIES);
            throw new IllegalArgumentException("--topic must be one of " + names);
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
                    Optional<String> problem = input.isPresent()
                            ? check(input.get(), rules, record, key, now)
                            : rules.checkCounty((County) record, key).map(Rejection::detail);
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
        write(config, input, records);
        System.out.printf("wrote %,d records to %s%n", records.size(), config.topic(topic));
        return 0;
    }

    private String key(SpecificRecord record) {
        String field = topic.equals(COUNTIES) ? "code" : "countyCode";
        return (String) record.get(record.getSchema().getField(field).pos());
    }

    private static <T extends SpecificRecord> Optional<String> check(
            EventType<T> type, EventRules rules, SpecificRecord record, String key, long now) {
        return rules.check(type, type.cast(record), key, now).map(Rejection::detail);
    }

    private void write(DrugwatchConfig config, Optional<EventType<?>> input, List<Parsed> records) {
        Topics topics = KafkaSupport.topics(config);
        String target = config.topic(topic);
        Serializer<County> counties = topics.counties().valueSerde().serializer();
        Map<String, Object> props = ClientProperties.producer(config);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "drugwatch-ingest-" + UUID.randomUUID());
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            try {
                long sent = 0;
                for (Parsed p : records) {
                    byte[] value = input.isPresent()
                            ? topics.serialize(input.get(), p.value())
                            : counties.serialize(target, (County) p.value());
                    producer.send(new ProducerRecord<>(target, p.key(), value));
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
