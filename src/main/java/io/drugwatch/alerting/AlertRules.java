package io.drugwatch.alerting;

import io.drugwatch.domain.DailyPane;
import io.drugwatch.domain.WindowCalendar;
import io.drugwatch.model.AlertRule;
import io.drugwatch.model.DrugType;
import io.drugwatch.model.Offense;
import io.drugwatch.model.Seizure;
import io.drugwatch.model.Severity;
import io.drugwatch.model.Substance;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The five alert rules as pure functions of events and daily panes: no wall clock, no state, so a replay
 * judges every county-day exactly as the live run did.
 *
 * <p>Windows, counted back from the judged local day t: COUNT_SPIKE compares day t with days t-9 … t-3
 * (EARS C2: the two-day guard band keeps the first days of an outbreak out of its own baseline). The other
 * daily rules compare the 7 days t-6 … t with the 28 days before them, t-34 … t-7, whole weeks against
 * whole weeks so weekday effects cancel.
 *
 * <p>A rule that cannot be judged for lack of data (too few wastewater samples, no vehicles inspected)
 * gives no finding at all. For an alert that is open, "not evaluable" counts as a clear evaluation: the
 * caller passes {@link Alerts#clearFinding} of the alert's last record to the lifecycle instead. An alert
 * claims a current condition, and without current data nothing supports it; an alert left open through
 * the months between two wastewater campaigns would be read as current. The price is that a rise seen in a
 * one-week campaign resolves {@code alert.resolve.after} days after the campaign leaves the 7-day window.
 */
public final class AlertRules {

    /** Days of panes {@link #evaluateDay} needs: 7 recent and the 28 before them. */
    public static final int HISTORY_DAYS = 35;

    public static final String CHECKPOINTS = "checkpoints";
    public static final String CONSUMPTION = "consumption";

    private static final int RECENT_DAYS = 7;
    private static final int BASELINE_DAYS = 28;
    private static final int C2_BASELINE_DAYS = 7;
    private static final int C2_GUARD_DAYS = 2;

    /**
     * Smallest expected number of checkpoint hits in 7 days. A baseline without hits would make the
     * Poisson z of the first hit infinite; with this floor the first hits are judged as if one had been
     * expected, so it takes min.hits and then z ≥ 3 (four hits) to alarm.
     */
    private static final double MIN_EXPECTED_HITS = 1;

    /**
     * Tolerance, in Poisson standard deviations, that drug-use enforcement may exceed its baseline by and
     * still count as flat: arrests are counts, so a week one or two above the 28-day average is noise.
     */
    private static final double ENFORCEMENT_TOLERANCE_SD = 2;

    private final AlertSettings settings;
    private final WindowCalendar calendar;

    public AlertRules(AlertSettings settings, WindowCalendar calendar) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.calendar = Objects.requireNonNull(calendar, "calendar");
    }

    /**
     * LARGE_SEIZURE: one seizure at or above its drug's weight threshold. The finding's window is the
     * event's local day and its subject the eventId, so every large haul is an incident of its own.
     *
     * @return empty below the WARNING weight or when the rule is off for the county
     */
    public Optional<Finding> largeSeizure(Seizure seizure) {
        AlertSettings.Effective cs = settings.forCounty(seizure.getCountyCode());
        if (!cs.enabled(AlertRule.LARGE_SEIZURE)) {
            return Optional.empty();
        }
        DrugType drug = seizure.getDrugType();
        double grams = seizure.getQuantityGrams();
        double warning = cs.largeSeizureWarningGrams(drug);
        double critical = cs.largeSeizureCriticalGrams(drug);
        if (grams < warning) {
            return Optional.empty();
        }
        Severity severity = grams >= critical ? Severity.CRITICAL : Severity.WARNING;
        LocalDate date = calendar.localDate(seizure.getOccurredAt().toEpochMilli());
        Map<String, String> parameters = new LinkedHashMap<>(cs.parameters(AlertRule.LARGE_SEIZURE));
        parameters.put(Finding.DRUG_TYPE, drug.name());
        return Optional.of(new Finding(AlertRule.LARGE_SEIZURE, seizure.getEventId(), severity, true, grams, null,
                severity == Severity.CRITICAL ? critical : warning, null, calendar.dayStart(date),
                calendar.dayEnd(date), List.of(seizure.getEventId()), parameters));
    }

    /**
     * Judges the closed local day {@code day} of {@code county} with every enabled daily rule: one finding
     * per (rule, subject) that could be judged, including those without a severity, which count as clear
     * evaluations for an open alert.
     *
     * @param history must end on {@code day}
     */
    public List<Finding> evaluateDay(String county, LocalDate day, DayHistory history) {
        if (!history.endDate().equals(day)) {
            throw new IllegalArgumentException("history ends on " + history.endDate() + ", not on " + day);
        }
        AlertSettings.Effective cs = settings.forCounty(county);
        DailyPane recent = history.sum(day.minusDays(RECENT_DAYS - 1L), day);
        DailyPane baseline = history.sum(day.minusDays(RECENT_DAYS + BASELINE_DAYS - 1L),
                day.minusDays(RECENT_DAYS));
        List<Finding> out = new ArrayList<>();
        // Days before the pipeline's data began are unknown, not quiet: a baseline reaching back there
        // would turn the first busy days of every county into alarms.
        if (cs.enabled(AlertRule.COUNT_SPIKE) && history.observedSince(day.minusDays(C2_GUARD_DAYS + C2_BASELINE_DAYS))) {
            for (CountMetric metric : cs.countSpikeMetrics()) {
                out.add(countSpike(cs, metric, day, history));
            }
        }
        boolean consumption = cs.enabled(AlertRule.CONSUMPTION_WITHOUT_ENFORCEMENT);
        List<Finding> wastewater = cs.enabled(AlertRule.WASTEWATER_RISE) || consumption
                ? wastewaterRise(cs, day, recent, baseline)
                : List.of();
        if (cs.enabled(AlertRule.WASTEWATER_RISE)) {
            out.addAll(wastewater);
        }
        if (cs.enabled(AlertRule.CHECKPOINT_HIT_RATE)
                && history.observedSince(day.minusDays(RECENT_DAYS + BASELINE_DAYS - 1L))) {
            checkpointHitRate(cs, day, recent, baseline).ifPresent(out::add);
        }
        if (consumption && !wastewater.isEmpty()) {
            out.add(consumptionWithoutEnforcement(cs, day, recent, baseline, wastewater));
        }
        return out;
    }

    /** EARS C2: (Y − mean) / max(sd, floor) over days t-9 … t-3, sd with n − 1. */
    private Finding countSpike(AlertSettings.Effective cs, CountMetric metric, LocalDate day, DayHistory history) {
        double[] base = new double[C2_BASELINE_DAYS];
        double sum = 0;
        for (int i = 0; i < C2_BASELINE_DAYS; i++) {
            base[i] = metric.of(history.pane(day.minusDays(C2_GUARD_DAYS + C2_BASELINE_DAYS - i)));
            sum += base[i];
        }
        double mean = sum / C2_BASELINE_DAYS;
        double squares = 0;
        for (double b : base) {
            squares += (b - mean) * (b - mean);
        }
        double sd = Math.sqrt(squares / (C2_BASELINE_DAYS - 1));
        long y = metric.of(history.pane(day));
        double score = (y - mean) / Math.max(sd, cs.countSpikeSdFloor());
        boolean enough = y >= cs.countSpikeMinCount(metric);
        Severity severity = null;
        if (enough && score >= cs.countSpikeCritical()) {
            severity = Severity.CRITICAL;
        } else if (enough && score >= cs.countSpikeThreshold()) {
            severity = Severity.WARNING;
        }
        boolean holding = enough && score >= cs.countSpikeThreshold() * cs.countSpikeHysteresis();
        double threshold = severity == Severity.CRITICAL ? cs.countSpikeCritical() : cs.countSpikeThreshold();
        return new Finding(AlertRule.COUNT_SPIKE, metric.name(), severity, holding, y, mean, threshold, score,
                calendar.dayStart(day), calendar.dayEnd(day), List.of(), cs.parameters(AlertRule.COUNT_SPIKE));
    }

    /**
     * Ratio of the 7-day mean load to the 28-day mean, each weighted by samples. A baseline of 0 (every
     * sample below the limit of quantification) gives no ratio: such values are not measurements, so the
     * week is judged on the ceiling alone, and is not judged at all when the substance has no ceiling.
     */
    private List<Finding> wastewaterRise(AlertSettings.Effective cs, LocalDate day, DailyPane recent,
                                         DailyPane baseline) {
        List<Finding> out = new ArrayList<>();
        for (Substance substance : Substance.values()) {
            if (recent.wastewaterSamples(substance) < cs.wastewaterMinRecentSamples()
                    || baseline.wastewaterSamples(substance) < cs.wastewaterMinBaselineSamples()) {
                continue;
            }
            double load = recent.meanLoad(substance);
            double base = baseline.meanLoad(substance);
            Double ceiling = cs.wastewaterCeiling(substance);
            Double ratio = base > 0 ? load / base : null;
            if (ratio == null && ceiling == null) {
                continue;
            }
            boolean overCeiling = ceiling != null && load >= ceiling;
            Severity severity = null;
            double threshold = ratio == null ? ceiling : cs.wastewaterWarningRatio();
            if (ratio != null && ratio >= cs.wastewaterCriticalRatio()) {
                severity = Severity.CRITICAL;
                threshold = cs.wastewaterCriticalRatio();
            } else if (overCeiling) {
                severity = Severity.CRITICAL;
                threshold = ceiling;
            } else if (ratio != null && ratio >= cs.wastewaterWarningRatio()) {
                severity = Severity.WARNING;
            }
            boolean holding = severity != null
                    || ratio != null && ratio >= cs.wastewaterWarningRatio() * cs.wastewaterHysteresis()
                    || ceiling != null && load >= ceiling * cs.wastewaterHysteresis();
            out.add(new Finding(AlertRule.WASTEWATER_RISE, substance.name(), severity, holding, load, base, threshold,
                    ratio, calendar.dayStart(day.minusDays(RECENT_DAYS - 1L)), calendar.dayEnd(day), List.of(),
                    cs.parameters(AlertRule.WASTEWATER_RISE)));
        }
        return out;
    }

    /**
     * One-sided Poisson test of the last 7 days' hits against baseline rate × the same days' vehicles:
     * z = (hits − expected) / √expected. Poisson rather than binomial because hits are a small fraction of
     * vehicles, where the two agree. Not judged without vehicles in either window.
     */
    private Optional<Finding> checkpointHitRate(AlertSettings.Effective cs, LocalDate day, DailyPane recent,
                                                DailyPane baseline) {
        long vehicles = recent.vehiclesInspected();
        long baselineVehicles = baseline.vehiclesInspected();
        if (vehicles == 0 || baselineVehicles == 0) {
            return Optional.empty();
        }
        long hits = recent.inspectionHits();
        double baselineRate = (double) baseline.inspectionHits() / baselineVehicles;
        double expectedHits = Math.max(baselineRate * vehicles, MIN_EXPECTED_HITS);
        double z = (hits - expectedHits) / Math.sqrt(expectedHits);
        boolean enough = hits >= cs.checkpointMinHits();
        Severity severity = null;
        if (enough && z >= cs.checkpointCriticalZ()) {
            severity = Severity.CRITICAL;
        } else if (enough && z >= cs.checkpointZ()) {
            severity = Severity.WARNING;
        }
        boolean holding = enough && z >= cs.checkpointZ() * cs.checkpointHysteresis();
        double threshold = severity == Severity.CRITICAL ? cs.checkpointCriticalZ() : cs.checkpointZ();
        return Optional.of(new Finding(AlertRule.CHECKPOINT_HIT_RATE, CHECKPOINTS, severity, holding,
                hits * 1000.0 / vehicles, baselineRate * 1000, threshold, z,
                calendar.dayStart(day.minusDays(RECENT_DAYS - 1L)), calendar.dayEnd(day), List.of(),
                cs.parameters(AlertRule.CHECKPOINT_HIT_RATE)));
    }

    /**
     * WARNING when wastewater rises for some substance while drug-use enforcement (USE and POSSESSION
     * suspects plus relapses over the 7 days) stays within its 28-day baseline scaled to 7 days plus
     * {@value #ENFORCEMENT_TOLERANCE_SD} Poisson standard deviations. Relapsed users are usually also USE
     * suspects, so they weigh twice, on purpose: repeat users are the population a consumption rise should
     * bring back in. The finding's threshold is the level enforcement had to exceed to count as a response.
     */
    private Finding consumptionWithoutEnforcement(AlertSettings.Effective cs, LocalDate day, DailyPane recent,
                                                  DailyPane baseline, List<Finding> wastewater) {
        double enforcement = enforcement(recent);
        double expected = enforcement(baseline) * RECENT_DAYS / BASELINE_DAYS;
        double tolerance = expected + ENFORCEMENT_TOLERANCE_SD * Math.sqrt(expected);
        boolean flat = enforcement <= tolerance;
        String rising = wastewater.stream().filter(f -> f.severity() != null).map(Finding::subject)
                .collect(Collectors.joining(","));
        boolean stillRising = wastewater.stream().anyMatch(Finding::holding);
        Severity severity = flat && !rising.isEmpty() ? Severity.WARNING : null;
        Map<String, String> parameters = new LinkedHashMap<>(cs.parameters(AlertRule.CONSUMPTION_WITHOUT_ENFORCEMENT));
        parameters.put(Finding.RISING_SUBSTANCES, rising);
        return new Finding(AlertRule.CONSUMPTION_WITHOUT_ENFORCEMENT, CONSUMPTION, severity, flat && stillRising,
                enforcement, expected, tolerance, null, calendar.dayStart(day.minusDays(RECENT_DAYS - 1L)),
                calendar.dayEnd(day), List.of(), parameters);
    }

    private static double enforcement(DailyPane pane) {
        return pane.suspects(Offense.USE) + pane.suspects(Offense.POSSESSION) + pane.relapses();
    }
}
