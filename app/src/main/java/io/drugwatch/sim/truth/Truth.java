package io.drugwatch.sim.truth;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A whole truth file in memory: what the generator knew. Lists keep file order.
 *
 * @param generator how the data was made
 * @param campaigns nationwide campaigns overlapping the span
 * @param counties one per county, in the generator's order
 * @param series two per county (ARREST_EVENTS, SEIZURE_EVENTS)
 * @param anomalies every planted anomaly, by first day then id
 */
public record Truth(
        TruthLine.Generator generator,
        List<TruthLine.Campaign> campaigns,
        List<TruthLine.County> counties,
        List<TruthLine.Series> series,
        List<TruthLine.Anomaly> anomalies) {

    public Truth {
        campaigns = List.copyOf(campaigns);
        counties = List.copyOf(counties);
        series = List.copyOf(series);
        anomalies = List.copyOf(anomalies);
    }

    /** All lines in file order. */
    public List<TruthLine> lines() {
        List<TruthLine> out =
                new ArrayList<>(1 + campaigns.size() + counties.size() + series.size() + anomalies.size());
        out.add(generator);
        out.addAll(campaigns);
        out.addAll(counties);
        out.addAll(series);
        out.addAll(anomalies);
        return out;
    }

    /** A county's series of a subject (ARREST_EVENTS or SEIZURE_EVENTS). */
    public Optional<TruthLine.Series> series(String code, String subject) {
        for (TruthLine.Series s : series) {
            if (s.code().equals(code) && s.subject().equals(subject)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** A county's set-up. */
    public Optional<TruthLine.County> county(String code) {
        return counties.stream().filter(c -> c.code().equals(code)).findFirst();
    }

    /** The anomalies of one kind. */
    public List<TruthLine.Anomaly> anomalies(AnomalyKind kind) {
        return anomalies.stream().filter(a -> a.kind() == kind).toList();
    }

    /** Anomalies by id. */
    public Map<String, TruthLine.Anomaly> anomaliesById() {
        Map<String, TruthLine.Anomaly> out = new HashMap<>();
        anomalies.forEach(a -> out.put(a.id(), a));
        return out;
    }

    /** Collects lines in file order. */
    static final class Builder {
        private TruthLine.Generator generator;
        private final List<TruthLine.Campaign> campaigns = new ArrayList<>();
        private final List<TruthLine.County> counties = new ArrayList<>();
        private final List<TruthLine.Series> series = new ArrayList<>();
        private final List<TruthLine.Anomaly> anomalies = new ArrayList<>();

        void add(TruthLine line) {
            if (line instanceof TruthLine.Generator g) {
                generator = g;
            } else if (line instanceof TruthLine.Campaign c) {
                campaigns.add(c);
            } else if (line instanceof TruthLine.County c) {
                counties.add(c);
            } else if (line instanceof TruthLine.Series s) {
                series.add(s);
            } else {
                anomalies.add((TruthLine.Anomaly) line);
            }
        }

        Truth build(String name) {
            if (generator == null) {
                throw new IllegalArgumentException(name + ": no generator line");
            }
            return new Truth(generator, campaigns, counties, series, anomalies);
        }
    }
}
