package io.drugwatch.domain;

import io.drugwatch.model.Arrest;
import io.drugwatch.model.CheckpointInspection;
import io.drugwatch.model.InspectionOutcome;
import io.drugwatch.model.Seizure;
import io.drugwatch.model.WastewaterSample;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * The event inputs, each declared once: its logical name, its Avro record, the rules only it has, and
 * what it adds to a county's daily pane. Topic settings, topic specs, the topology's sources, replay,
 * ingest, the generator and bench all derive from {@link #ALL}; adding an input is one entry here plus
 * its schema and its pane fields.
 *
 * @param input the logical name: the topic setting {@code drugwatch.topic.<input>}, the input file
 *     {@code <input>.jsonl} and the prefix of the topology's node names, so renaming a topic keeps them
 * @param tag the prefix of this input's keys in the dedup store; stable across topic renames
 */
public record EventType<T extends SpecificRecord>(
        String input,
        String tag,
        Class<T> recordClass,
        Schema schema,
        Function<T, String> eventIdOf,
        Function<T, String> countyCodeOf,
        Function<T, Instant> occurredAtOf,
        Function<T, Optional<Rejection>> rules,
        BiConsumer<DailyPane, T> contribution) {

    private static final int MAX_SUSPECTS = 10_000;
    private static final double MAX_GRAMS = 1e9;
    private static final int MAX_VEHICLES = 100_000;

    public static final EventType<Arrest> ARREST = new EventType<>(
            "arrests",
            "arrest",
            Arrest.class,
            Arrest.getClassSchema(),
            Arrest::getEventId,
            Arrest::getCountyCode,
            Arrest::getOccurredAt,
            e -> e.getSuspects() < 1 || e.getSuspects() > MAX_SUSPECTS
                    ? outOfRange("suspects", e.getSuspects(), "[1, " + MAX_SUSPECTS + "]")
                    : Optional.empty(),
            (pane, e) -> pane.addArrest(e.getOffense(), e.getSuspects(), e.getRelapse()));

    public static final EventType<Seizure> SEIZURE = new EventType<>(
            "seizures",
            "seizure",
            Seizure.class,
            Seizure.getClassSchema(),
            Seizure::getEventId,
            Seizure::getCountyCode,
            Seizure::getOccurredAt,
            e -> Double.isNaN(e.getQuantityGrams()) || e.getQuantityGrams() < 0 || e.getQuantityGrams() > MAX_GRAMS
                    ? outOfRange("quantityGrams", e.getQuantityGrams(), "[0, 1e9]")
                    : Optional.empty(),
            (pane, e) -> pane.addSeizure(e.getDrugType(), e.getQuantityGrams()));

    public static final EventType<CheckpointInspection> CHECKPOINT_INSPECTION = new EventType<>(
            "checkpoint-inspections",
            "inspection",
            CheckpointInspection.class,
            CheckpointInspection.getClassSchema(),
            CheckpointInspection::getEventId,
            CheckpointInspection::getCountyCode,
            CheckpointInspection::getOccurredAt,
            EventType::checkInspection,
            (pane, e) -> pane.addInspection(e.getVehicles(), e.getOutcome() != InspectionOutcome.CLEAR));

    public static final EventType<WastewaterSample> WASTEWATER_SAMPLE = new EventType<>(
            "wastewater-samples",
            "wastewater",
            WastewaterSample.class,
            WastewaterSample.getClassSchema(),
            WastewaterSample::getEventId,
            WastewaterSample::getCountyCode,
            WastewaterSample::getOccurredAt,
            EventType::checkSample,
            (pane, e) -> pane.addWastewater(
                    e.getSubstance(),
                    WastewaterLoad.mgPerDayPer1000(
                            e.getConcentrationNgL(), e.getFlowM3PerDay(), e.getPopulationServed(), e.getBelowLoq()),
                    e.getPopulationServed()));

    /** Every input, in the order that breaks ties between records with equal timestamps in a replay. */
    public static final List<EventType<?>> ALL = List.of(ARREST, SEIZURE, CHECKPOINT_INSPECTION, WASTEWATER_SAMPLE);

    /** The input called {@code input}, if there is one. */
    public static Optional<EventType<?>> byInput(String input) {
        return ALL.stream().filter(t -> t.input.equals(input)).findFirst();
    }

    /** The input a record of this class belongs to. */
    public static EventType<?> of(SpecificRecord record) {
        return ALL.stream()
                .filter(t -> t.recordClass.isInstance(record))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "not an event record: " + record.getClass().getName()));
    }

    /** The logical input names, in {@link #ALL} order. */
    public static List<String> inputs() {
        return ALL.stream().map(EventType::input).toList();
    }

    /** {@code record} as this input's record class. */
    public T cast(SpecificRecord record) {
        return recordClass.cast(record);
    }

    public String eventId(T event) {
        return eventIdOf.apply(event);
    }

    public String countyCode(T event) {
        return countyCodeOf.apply(event);
    }

    public Instant occurredAt(T event) {
        return occurredAtOf.apply(event);
    }

    /** Rules specific to this input; the common ones live in {@link EventRules}. */
    public Optional<Rejection> check(T event) {
        return rules.apply(event);
    }

    public void addTo(DailyPane pane, T event) {
        contribution.accept(pane, event);
    }

    @Override
    public String toString() {
        return input;
    }

    private static Optional<Rejection> checkInspection(CheckpointInspection e) {
        if (e.getCheckpointId() == null || e.getCheckpointId().isBlank()) {
            return blank("checkpointId");
        }
        if (e.getVehicles() < 1 || e.getVehicles() > MAX_VEHICLES) {
            return outOfRange("vehicles", e.getVehicles(), "[1, " + MAX_VEHICLES + "]");
        }
        return Optional.empty();
    }

    private static Optional<Rejection> checkSample(WastewaterSample e) {
        if (e.getPlantId() == null || e.getPlantId().isBlank()) {
            return blank("plantId");
        }
        double c = e.getConcentrationNgL();
        if (Double.isNaN(c) || Double.isInfinite(c) || c < 0) {
            return outOfRange("concentrationNgL", c, "[0, inf)");
        }
        double flow = e.getFlowM3PerDay();
        if (Double.isNaN(flow) || Double.isInfinite(flow) || flow <= 0) {
            return outOfRange("flowM3PerDay", flow, "(0, inf)");
        }
        if (e.getPopulationServed() <= 0) {
            return outOfRange("populationServed", e.getPopulationServed(), "(0, inf)");
        }
        return Optional.empty();
    }

    private static Optional<Rejection> outOfRange(String field, Object value, String allowed) {
        return Optional.of(
                new Rejection(RejectReason.VALUE_OUT_OF_RANGE, field + " " + value + " is outside " + allowed));
    }

    private static Optional<Rejection> blank(String field) {
        return Optional.of(new Rejection(RejectReason.MISSING_FIELD, field + " is blank"));
    }
}
