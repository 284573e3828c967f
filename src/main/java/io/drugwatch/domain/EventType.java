package io.drugwatch.domain;

import io.drugwatch.model.Arrest;
import io.drugwatch.model.CheckpointInspection;
import io.drugwatch.model.InspectionOutcome;
import io.drugwatch.model.Seizure;
import io.drugwatch.model.WastewaterSample;
import java.time.Instant;
import java.util.Optional;

/**
 * What the pipeline needs to know about one kind of input record: its identity, its event time,
 * the rules only it has, and what it adds to a county's daily pane.
 */
public sealed interface EventType<T> {

    EventType<Arrest> ARREST = new ArrestType();
    EventType<Seizure> SEIZURE = new SeizureType();
    EventType<CheckpointInspection> CHECKPOINT_INSPECTION = new InspectionType();
    EventType<WastewaterSample> WASTEWATER_SAMPLE = new WastewaterType();

    EventKind kind();

    String eventId(T event);

    String countyCode(T event);

    Instant occurredAt(T event);

    /** Rules specific to this type; the common ones live in {@link EventRules}. */
    Optional<Rejection> check(T event);

    void addTo(DailyPane pane, T event);

    private static Optional<Rejection> outOfRange(String field, Object value, String allowed) {
        return Optional.of(
                new Rejection(RejectReason.VALUE_OUT_OF_RANGE, field + " " + value + " is outside " + allowed));
    }

    private static Optional<Rejection> blank(String field) {
        return Optional.of(new Rejection(RejectReason.MISSING_FIELD, field + " is blank"));
    }

    final class ArrestType implements EventType<Arrest> {
        static final int MAX_SUSPECTS = 10_000;

        public EventKind kind() {
            return EventKind.ARREST;
        }

        public String eventId(Arrest e) {
            return e.getEventId();
        }

        public String countyCode(Arrest e) {
            return e.getCountyCode();
        }

        public Instant occurredAt(Arrest e) {
            return e.getOccurredAt();
        }

        public Optional<Rejection> check(Arrest e) {
            if (e.getSuspects() < 1 || e.getSuspects() > MAX_SUSPECTS) {
                return outOfRange("suspects", e.getSuspects(), "[1, " + MAX_SUSPECTS + "]");
            }
            return Optional.empty();
        }

        public void addTo(DailyPane pane, Arrest e) {
            pane.addArrest(e.getOffense(), e.getSuspects(), e.getRelapse());
        }
    }

    final class SeizureType implements EventType<Seizure> {
        static final double MAX_GRAMS = 1e9;

        public EventKind kind() {
            return EventKind.SEIZURE;
        }

        public String eventId(Seizure e) {
            return e.getEventId();
        }

        public String countyCode(Seizure e) {
            return e.getCountyCode();
        }

        public Instant occurredAt(Seizure e) {
            return e.getOccurredAt();
        }

        public Optional<Rejection> check(Seizure e) {
            double g = e.getQuantityGrams();
            if (Double.isNaN(g) || g < 0 || g > MAX_GRAMS) {
                return outOfRange("quantityGrams", g, "[0, 1e9]");
            }
            return Optional.empty();
        }

        public void addTo(DailyPane pane, Seizure e) {
            pane.addSeizure(e.getDrugType(), e.getQuantityGrams());
        }
    }

    final class InspectionType implements EventType<CheckpointInspection> {
        static final int MAX_VEHICLES = 100_000;

        public EventKind kind() {
            return EventKind.CHECKPOINT_INSPECTION;
        }

        public String eventId(CheckpointInspection e) {
            return e.getEventId();
        }

        public String countyCode(CheckpointInspection e) {
            return e.getCountyCode();
        }

        public Instant occurredAt(CheckpointInspection e) {
            return e.getOccurredAt();
        }

        public Optional<Rejection> check(CheckpointInspection e) {
            if (e.getCheckpointId() == null || e.getCheckpointId().isBlank()) {
                return blank("checkpointId");
            }
            if (e.getVehicles() < 1 || e.getVehicles() > MAX_VEHICLES) {
                return outOfRange("vehicles", e.getVehicles(), "[1, " + MAX_VEHICLES + "]");
            }
            return Optional.empty();
        }

        public void addTo(DailyPane pane, CheckpointInspection e) {
            pane.addInspection(e.getVehicles(), e.getOutcome() != InspectionOutcome.CLEAR);
        }
    }

    final class WastewaterType implements EventType<WastewaterSample> {
        public EventKind kind() {
            return EventKind.WASTEWATER_SAMPLE;
        }

        public String eventId(WastewaterSample e) {
            return e.getEventId();
        }

        public String countyCode(WastewaterSample e) {
            return e.getCountyCode();
        }

        public Instant occurredAt(WastewaterSample e) {
            return e.getOccurredAt();
        }

        public Optional<Rejection> check(WastewaterSample e) {
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

        public void addTo(DailyPane pane, WastewaterSample e) {
            pane.addWastewater(
                    e.getSubstance(),
                    WastewaterLoad.mgPerDayPer1000(
                            e.getConcentrationNgL(), e.getFlowM3PerDay(), e.getPopulationServed(), e.getBelowLoq()),
                    e.getPopulationServed());
        }
    }
}
