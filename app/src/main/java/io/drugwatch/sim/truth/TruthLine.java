package io.drugwatch.sim.truth;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.drugwatch.model.AlertRule;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One line of a truth file (docs/evaluation.md): JSON Lines, each object with a {@code type}, in the
 * order generator, campaign, county, series, anomaly. Dates are local dates in the generator's zone,
 * ranges are inclusive. Written by {@link TruthWriter}, read by {@link TruthReader}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = TruthLine.Generator.class, name = "generator"),
    @JsonSubTypes.Type(value = TruthLine.Campaign.class, name = "campaign"),
    @JsonSubTypes.Type(value = TruthLine.County.class, name = "county"),
    @JsonSubTypes.Type(value = TruthLine.Series.class, name = "series"),
    @JsonSubTypes.Type(value = TruthLine.Anomaly.class, name = "anomaly")
})
public sealed interface TruthLine {

    /** Series subject: arrest events a day. */
    String ARREST_EVENTS = "ARREST_EVENTS";
    /** Series subject: seizure events a day. */
    String SEIZURE_EVENTS = "SEIZURE_EVENTS";
    /** Subject of checkpoint hit-rate anomalies. */
    String CHECKPOINTS = "checkpoints";
    /** Subject of consumption-without-enforcement anomalies. */
    String CONSUMPTION = "consumption";

    /** Current version of the format and the model behind it. */
    int VERSION = 1;

    /** The {@code type} of this line: generator, campaign, county, series or anomaly. */
    @JsonIgnore
    default String type() {
        if (this instanceof Generator) {
            return "generator";
        }
        if (this instanceof Campaign) {
            return "campaign";
        }
        if (this instanceof County) {
            return "county";
        }
        return this instanceof Series ? "series" : "anomaly";
    }

    /**
     * How the data was made.
     *
     * @param version {@link #VERSION}
     * @param seed the generator's seed
     * @param from start of event time (inclusive)
     * @param to end of event time (exclusive)
     * @param firstDay local date of {@code from}
     * @param lastDay local date of the last instant before {@code to}
     * @param zone the time zone of the local dates
     * @param volume the multiplier in effect on every count rate (series means include it)
     * @param counties number of counties (one county line each)
     * @param scenarios the scenarios that were on (an addition to docs/evaluation.md)
     */
    record Generator(
            int version,
            long seed,
            Instant from,
            Instant to,
            LocalDate firstDay,
            LocalDate lastDay,
            String zone,
            double volume,
            int counties,
            List<String> scenarios)
            implements TruthLine {
        public Generator {
            scenarios = scenarios == null ? List.of() : List.copyOf(scenarios);
        }
    }

    /**
     * A nationwide enforcement campaign: every county's arrests × about {@code uplift} on the days
     * first…last; each county's own factor is 1 + (uplift − 1)·[0.8, 1.2], included in its series.
     */
    record Campaign(String name, LocalDate first, LocalDate last, double uplift) implements TruthLine {}

    /**
     * One county's set-up.
     *
     * @param arrestsPerDay base arrest events a day at the generator's volume, before weekday,
     *     season, Spring Festival, drift and campaigns
     * @param size negative binomial size of its daily arrest and seizure counts
     * @param checkpoints number of checkpoints (each checks both directions)
     * @param plants its monitored treatment plants
     * @param seizuresPerDay base seizure events a day, like arrestsPerDay (an addition)
     * @param trendPerYear the slow drift of its counts: log-linear, × e^(trendPerYear · years)
     *     from 2025-01-01 (an addition)
     * @param hitRate its checkpoints' true hits per vehicle, weighted by their traffic; 0 without
     *     checkpoints (an addition)
     * @param hitSize negative binomial size of its day's hits given the day's vehicles: each direction's
     *     day hit rate varies around the true one, so hits given V vehicles have mean V·hitRate and
     *     variance mean + mean²/hitSize; 0 without checkpoints (an addition)
     */
    record County(
            String code,
            boolean border,
            double arrestsPerDay,
            double size,
            int checkpoints,
            List<Plant> plants,
            double seizuresPerDay,
            double trendPerYear,
            double hitRate,
            double hitSize)
            implements TruthLine {
        public County {
            plants = plants == null ? List.of() : List.copyOf(plants);
        }
    }

    /**
     * A treatment plant: a 24 h composite every {@code cadenceDays} days (1, 7 or 28).
     *
     * @param noiseSigma log-sd of its sample-to-sample noise of the load (an addition)
     */
    record Plant(String plant, int cadenceDays, long populationServed, double noiseSigma) {}

    /**
     * The true mean of a county's daily count without planted anomalies (weekday, season, Spring
     * Festival, drift and campaigns included), one per day from {@code first}, rounded to 4
     * significant digits. Counts are negative binomial with this mean and {@code size}. A day only
     * partly inside the generated span has the mean of the part inside.
     */
    record Series(String code, String subject, double size, LocalDate first, double[] mean) implements TruthLine {
        public Series {
            Objects.requireNonNull(mean, "mean");
        }

        /** The last day with a mean. */
        @JsonIgnore
        public LocalDate last() {
            return first.plusDays(mean.length - 1L);
        }

        /** The mean on a day, or NaN outside first…last. */
        public double meanOn(LocalDate day) {
            long i = day.toEpochDay() - first.toEpochDay();
            return i < 0 || i >= mean.length ? Double.NaN : mean[(int) i];
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Series s
                    && code.equals(s.code)
                    && subject.equals(s.subject)
                    && Double.compare(size, s.size) == 0
                    && first.equals(s.first)
                    && Arrays.equals(mean, s.mean);
        }

        @Override
        public int hashCode() {
            return Objects.hash(code, subject, size, first) * 31 + Arrays.hashCode(mean);
        }

        @Override
        public String toString() {
            return "Series[" + code + " " + subject + " size=" + size + " " + first + " +" + mean.length + " days]";
        }
    }

    /**
     * One planted anomaly. Kind-specific fields are null where they do not apply (and left out of
     * the JSON).
     *
     * @param id stable for a seed, span and county list: {@code KIND-code[-SUBJECT]-yyyyMMdd}
     * @param subject ARREST_EVENTS or SEIZURE_EVENTS (COUNT_RISE), a substance (WASTEWATER_RAMP),
     *     "consumption", "checkpoints", or the seizure's eventId (LARGE_SEIZURE; null if the
     *     generator was stopped before emitting it)
     * @param factor the multiplier at its height; 1 for LARGE_SEIZURE
     * @param rampLast WASTEWATER_RAMP, CONSUMPTION_RISE: last day of the ramp
     * @param enforcementResponse WASTEWATER_RAMP: whether a COUNT_RISE of arrests ×1.5 over the
     *     plateau comes with it
     * @param related the id of the linked anomaly: a ramp's response COUNT_RISE or CONSUMPTION_RISE,
     *     and back (an addition)
     * @param grams LARGE_SEIZURE: its quantity
     * @param drug LARGE_SEIZURE: its drug type (an addition)
     * @param occurredAt LARGE_SEIZURE: its time (an addition)
     * @param expectedExtra COUNT_RISE: expected extra events over the window (the series mean times
     *     factor − 1, summed); HIT_RATE_SURGE: expected extra hits (an addition)
     * @param scenario the named scenario that planted it, or ANOMALIES (an addition)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Anomaly(
            String id,
            AnomalyKind kind,
            AlertRule rule,
            String code,
            String subject,
            LocalDate first,
            LocalDate last,
            double factor,
            Shape shape,
            LocalDate rampLast,
            Boolean enforcementResponse,
            String related,
            Double grams,
            String drug,
            Instant occurredAt,
            Double expectedExtra,
            String scenario)
            implements TruthLine {

        /** Days first…last. */
        @JsonIgnore
        public int days() {
            return (int) (last.toEpochDay() - first.toEpochDay() + 1);
        }
    }
}
