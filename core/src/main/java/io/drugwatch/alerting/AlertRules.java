package io.drugwatch.alerting;

import io.drugwatch.alerting.CountySeries.Series;
import io.drugwatch.alerting.stats.LevelShiftTest;
import io.drugwatch.alerting.stats.PredictiveCountTest;
import io.drugwatch.domain.WindowCalendar;
import io.drugwatch.model.AlertRule;
import io.drugwatch.model.DrugType;
import io.drugwatch.model.Seizure;
import io.drugwatch.model.Severity;
import io.drugwatch.model.Substance;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The five alert rules as pure functions of events and of a county's daily series: no wall clock, no
 * state, so a replay judges every county-day exactly as the live run did. Each statistical rule answers
 * "how surprising is this, given this county's own past?" with a p-value, and alarms when the p-value is
 * below a threshold derived from the rule family's false-alarm budget ({@link AlertSettings}); docs/alerts.md
 * explains the choices and shows their measured false alarms and detections.
 *
 * <ul>
 *   <li><b>COUNT_SPIKE</b>: the 7- and 14-day counts ending on the judged day against the predictive
 *       distribution of the county's baseline ({@link PredictiveCountTest}): the {@code baseline.days}
 *       (84) days before the 14-day window, whole weeks so weekdays cancel, with campaign days expected at
 *       {@code campaign.uplift} times the usual and Farrington's quasi-Poisson dispersion.</li>
 *   <li><b>WASTEWATER_RISE</b>: per treatment plant, the latest log loads against the plant's own earlier
 *       ones ({@link LevelShiftTest}), plants combined by population served. Weekly and monthly plants
 *       are judged on their latest samples, whatever their age within twice the sampling interval.</li>
 *   <li><b>CHECKPOINT_HIT_RATE</b>: the last 7 days' hits against the hits the baseline hit rate predicts
 *       for the vehicles inspected, with vehicles as exposure.</li>
 *   <li><b>CONSUMPTION_WITHOUT_ENFORCEMENT</b>: a substance's wastewater rises while use and possession
 *       suspects plus relapses over 14 days stay below {@code enforcement.max.ratio} times their expected
 *       level.</li>
 *   <li><b>LARGE_SEIZURE</b>: one seizure at or above its drug's weight threshold, judged at once.</li>
 * </ul>
 *
 * <p>A rule that cannot judge a county (baseline not observed yet, too sparse, no current samples) says so
 * with an {@link Coverage} entry of {@link Coverage.Status#INSUFFICIENT_DATA} and gives no finding. For an
 * alert that is open, "not evaluable" counts as a clear evaluation (the caller passes
 * {@link Alerts#clearFinding}): an alert claims a current condition, and without current data nothing
 * supports it.
 */
public final class AlertRules {

    /**
     * The windows COUNT_SPIKE judges, in days: a one-day operation shows in 1, a sudden rise in 7, a
     * sustained one in 14.
     */
    public static final int[] COUNT_WINDOWS = {7, 14};
    /** The window CHECKPOINT_HIT_RATE judges. */
    public static final int HIT_RATE_WINDOW = 7;
    /**
     * The window the enforcement of CONSUMPTION_WITHOUT_ENFORCEMENT is measured over: four weeks, since a
     * response to a rise in use takes weeks and drug-use arrests are few.
     */
    public static final int ENFORCEMENT_WINDOW = 28;

    public static final String CHECKPOINTS = "checkpoints";
    public static final String CONSUMPTION = "consumption";

    static final String COUNT_METHOD = "predictive negative binomial, 7/14 days vs own baseline";
    static final String WASTEWATER_METHOD = "log-load t-test per plant vs own history, plants combined by population";
    static final String CEILING_METHOD = "recent load at or above the configured ceiling";
    static final String HIT_RATE_METHOD = "predictive negative binomial of hits per vehicle, 7 days vs own baseline";

    /** The p-value below which enforcement counts as having risen in response. */
    static final double ENFORCEMENT_RESPONSE_P = 0.2;
    /** NB size of a county-day assumed before its counts say otherwise (variance 1 + mean/2 times the mean). */
    private static final double PRIOR_SIZE = 2;
    /** Events after which a county's own dispersion estimate weighs as much as the prior. */
    private static final double PRIOR_EVENTS = 20;

    static final int LONGEST_WINDOW = Arrays.stream(COUNT_WINDOWS).max().orElseThrow();

    private final AlertSettings settings;
    private final WindowCalendar calendar;

    public AlertRules(AlertSettings settings, WindowCalendar calendar) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.calendar = Objects.requireNonNull(calendar, "calendar");
    }

    /**
     * What a county-day's evaluation concluded.
     *
     * @param findings one per (rule, subject) that could be judged, including those without a severity,
     *     which count as clear evaluations for an open alert
     * @param coverage one per (rule, subject) the county has data for: judged, or why not
     */
    public record DayEvaluation(List<Finding> findings, List<Coverage> coverage) {}

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
        return Optional.of(new Finding(
                AlertRule.LARGE_SEIZURE,
                seizure.getEventId(),
                severity,
                true,
                grams,
                null,
                severity == Severity.CRITICAL ? critical : warning,
                null,
                calendar.dayStart(date),
                calendar.dayEnd(date),
                List.of(seizure.getEventId()),
                parameters,
                Finding.Statistics.NONE));
    }

    /**
     * Judges the closed local day {@code day} of {@code county} with every enabled daily rule.
     *
     * @param series the county's daily counts, recorded through {@code day}
     * @param plants the county's wastewater samples, per plant and substance (any order)
     * @param observedFrom the first day the pipeline has data for: days before it are unknown, not zero
     * @param peers the daily totals of every county this processor judges, this one included; null for none
     */
    public DayEvaluation evaluateDay(
            String county,
            LocalDate day,
            CountySeries series,
            List<PlantHistory> plants,
            LocalDate observedFrom,
            CountySeries peers) {
        AlertSettings.Effective cs = settings.forCounty(county);
        List<Finding> findings = new ArrayList<>();
        List<Coverage> coverage = new ArrayList<>();
        if (cs.enabled(AlertRule.COUNT_SPIKE)) {
            List<CountBaseline> judged = new ArrayList<>();
            for (CountMetric metric : cs.countSpikeMetrics()) {
                countBaseline(cs, metric, day, series, peers, observedFrom, coverage)
                        .ifPresent(judged::add);
            }
            for (CountBaseline b : judged) {
                countSpike(cs, b, judged.size(), day, series, findings, coverage);
            }
        }
        boolean consumption = cs.enabled(AlertRule.CONSUMPTION_WITHOUT_ENFORCEMENT);
        List<Finding> wastewater = new ArrayList<>();
        List<Coverage> wastewaterCoverage = new ArrayList<>();
        if ((cs.enabled(AlertRule.WASTEWATER_RISE) || consumption) && !plants.isEmpty()) {
            wastewaterRise(cs, day, plants, wastewater, wastewaterCoverage);
        }
        if (cs.enabled(AlertRule.WASTEWATER_RISE)) {
            findings.addAll(wastewater);
            coverage.addAll(wastewaterCoverage);
        }
        if (cs.enabled(AlertRule.CHECKPOINT_HIT_RATE)) {
            checkpointHitRate(cs, day, series, observedFrom, findings, coverage);
        }
        if (consumption && !wastewater.isEmpty()) {
            consumptionWithoutEnforcement(cs, day, series, peers, observedFrom, wastewater, findings, coverage);
        }
        return new DayEvaluation(findings, coverage);
    }

    /** The judged windows' shared baseline: observed whole weeks before the longest window. */
    private record Baseline(LocalDate from, LocalDate through, int days) {}

    /**
     * The baseline ending the day before {@code windowStart}, as long as {@code wanted} days but no longer
     * than what has been observed, cut to whole weeks; null when that leaves fewer than {@code minimum}.
     */
    private static Baseline baseline(LocalDate windowStart, int wanted, int minimum, LocalDate observedFrom) {
        LocalDate through = windowStart.minusDays(1);
        long observed = through.toEpochDay() - observedFrom.toEpochDay() + 1;
        int days = (int) Math.min(wanted, observed) / 7 * 7;
        if (days < minimum || days < 7) {
            return null;
        }
        return new Baseline(through.minusDays(days - 1L), through, days);
    }

    /**
     * How busy each day is expected to be for one county's count of one series, up to a constant factor.
     * With enough peers (the other counties this processor judges, at least {@code alert.peers.min.daily}
     * events a day over the baseline), their daily total: a county whose arrests rise with every other
     * county's, in a nationwide campaign, a season or a holiday, is not an anomaly; one that rises far more
     * than its peers is. Otherwise the configured campaign calendar: campaign days count
     * {@code campaign.uplift} times.
     */
    private final class Exposure {
        private final Series series;
        private final CountySeries own;
        private final CountySeries peers;
        private final double uplift;

        Exposure(Series series, CountySeries own, CountySeries peers, Baseline base, double uplift) {
            this.series = series;
            this.own = own;
            this.uplift = uplift;
            this.peers = peers != null && peerMean(series, own, peers, base) >= settings.peersMinDaily() ? peers : null;
        }

        boolean byPeers() {
            return peers != null;
        }

        double[] of(LocalDate from, int days) {
            double[] e = new double[days];
            for (int i = 0; i < days; i++) {
                LocalDate d = from.plusDays(i);
                // half an event keeps a day without any peer event from counting as no exposure at all
                e[i] = peers != null
                        ? peers.get(series, d) - own.get(series, d) + 0.5
                        : campaign(d) != null ? uplift : 1;
            }
            return e;
        }
    }

    private static double peerMean(Series s, CountySeries own, CountySeries peers, Baseline base) {
        return (peers.sum(s, base.from(), base.through()) - own.sum(s, base.from(), base.through()))
                / (double) base.days();
    }

    private String campaign(LocalDate day) {
        for (Campaign c : settings.campaigns()) {
            if (c.covers(day)) {
                return c.name();
            }
        }
        return null;
    }

    private String campaign(LocalDate from, LocalDate through) {
        for (LocalDate d = from; !d.isAfter(through); d = d.plusDays(1)) {
            String name = campaign(d);
            if (name != null) {
                return name;
            }
        }
        return null;
    }

    private static double[] counts(CountySeries series, Series s, LocalDate from, int days) {
        double[] c = new double[days];
        for (int i = 0; i < days; i++) {
            c[i] = series.get(s, from.plusDays(i));
        }
        return c;
    }

    private static double sum(double[] values) {
        double total = 0;
        for (double v : values) {
            total += v;
        }
        return total;
    }

    /** The counts of {@code series} over {@code baseline} against one window ending on {@code day}. */
    private record CountTest(int window, long observed, PredictiveCountTest.Result result, long alarmCount) {}

    /** A metric's baseline, for a county the metric can judge. */
    private record CountBaseline(
            CountMetric metric, Baseline base, Exposure exposures, double count, double exposure, double dispersion) {}

    /** The metric's baseline, or empty (with the reason in {@code coverage}) when it cannot judge. */
    private Optional<CountBaseline> countBaseline(
            AlertSettings.Effective cs,
            CountMetric metric,
            LocalDate day,
            CountySeries series,
            CountySeries peers,
            LocalDate observedFrom,
            List<Coverage> coverage) {
        Series s = Series.of(metric);
        Baseline base = baseline(
                day.minusDays(LONGEST_WINDOW - 1L),
                cs.countSpikeBaselineDays(),
                cs.countSpikeMinBaselineDays(),
                observedFrom);
        if (base == null) {
            coverage.add(Coverage.insufficient(AlertRule.COUNT_SPIKE, metric.name(), "baseline not observed yet"));
            return Optional.empty();
        }
        Exposure exposures = new Exposure(s, series, peers, base, cs.campaignUplift());
        double[] baseCounts = counts(series, s, base.from(), base.days());
        double[] baseExposure = exposures.of(base.from(), base.days());
        double c = sum(baseCounts);
        double exposure = sum(baseExposure);
        double expectedLongest = c / exposure * sum(exposures.of(day.minusDays(LONGEST_WINDOW - 1L), LONGEST_WINDOW));
        if (expectedLongest < cs.countSpikeMinExpected()) {
            coverage.add(Coverage.insufficient(
                    AlertRule.COUNT_SPIKE,
                    metric.name(),
                    String.format(
                            java.util.Locale.ROOT,
                            "too sparse: %.2f expected in %d days",
                            expectedLongest,
                            LONGEST_WINDOW)));
            return Optional.empty();
        }
        return Optional.of(new CountBaseline(
                metric,
                base,
                exposures,
                c,
                exposure,
                PredictiveCountTest.dispersion(baseCounts, baseExposure, PRIOR_SIZE, PRIOR_EVENTS)));
    }

    /**
     * Judges one metric's windows. The p-value threshold is the family's budget over the tests this
     * county-day actually runs ({@code metricsJudged} × the windows), so a county too sparse for seizures
     * spends its whole budget on arrests.
     */
    private void countSpike(
            AlertSettings.Effective cs,
            CountBaseline b,
            int metricsJudged,
            LocalDate day,
            CountySeries series,
            List<Finding> findings,
            List<Coverage> coverage) {
        CountMetric metric = b.metric();
        Series s = Series.of(metric);
        Baseline base = b.base();
        double c = b.count();
        double exposure = b.exposure();
        double dispersion = b.dispersion();
        int testsPerDay = metricsJudged * COUNT_WINDOWS.length;
        double alpha = cs.countSpikeAlpha(testsPerDay);
        CountTest best = null;
        for (int w : COUNT_WINDOWS) {
            LocalDate from = day.minusDays(w - 1L);
            double windowExposure = sum(b.exposures().of(from, w));
            long observed = series.sum(s, from, day);
            PredictiveCountTest.Result r = PredictiveCountTest.test(observed, c, exposure, windowExposure, dispersion);
            if (best == null || r.pValue() < best.result().pValue()) {
                long needed = PredictiveCountTest.upperBound(c, exposure, windowExposure, dispersion, alpha) + 1;
                best = new CountTest(w, observed, r, needed);
            }
        }
        double ratio = best.result().ratio(best.observed());
        double p = best.result().pValue();
        boolean enough = best.observed() >= cs.countSpikeMinCount() && ratio >= cs.countSpikeMinRatio();
        Severity severity = null;
        if (enough && p <= alpha) {
            severity = ratio >= cs.countSpikeCriticalRatio() ? Severity.CRITICAL : Severity.WARNING;
        }
        boolean holding = severity != null
                || best.observed() >= cs.countSpikeMinCount() && ratio > 1 && p <= cs.countSpikeHoldP();
        double threshold = Math.max(
                best.alarmCount(),
                Math.max(
                        cs.countSpikeMinCount(),
                        Math.ceil(cs.countSpikeMinRatio() * best.result().expected())));
        LocalDate from = day.minusDays(best.window() - 1L);
        Map<String, String> parameters = new LinkedHashMap<>(cs.parameters(AlertRule.COUNT_SPIKE));
        parameters.put(Finding.BASELINE, base.from() + "/" + base.through());
        parameters.put(Finding.DISPERSION, format(dispersion));
        parameters.put(Finding.EXPOSURE, b.exposures().byPeers() ? Finding.BY_PEERS : Finding.BY_CALENDAR);
        coverage.add(Coverage.judged(AlertRule.COUNT_SPIKE, metric.name()));
        findings.add(new Finding(
                AlertRule.COUNT_SPIKE,
                metric.name(),
                severity,
                holding,
                best.observed(),
                best.result().expected(),
                threshold,
                ratio,
                calendar.dayStart(from),
                calendar.dayEnd(day),
                List.of(),
                parameters,
                new Finding.Statistics(p, recurrence(p, testsPerDay), COUNT_METHOD, campaign(from, day))));
    }

    /** One plant's verdict on one substance. */
    private record PlantResult(
            double pValue, double weight, double recentLog, double historyLog, double cadence, long firstRecentDay) {}

    private void wastewaterRise(
            AlertSettings.Effective cs,
            LocalDate day,
            List<PlantHistory> plants,
            List<Finding> findings,
            List<Coverage> coverage) {
        Map<Substance, List<PlantResult>> bySubstance = new EnumMap<>(Substance.class);
        Map<Substance, String> why = new EnumMap<>(Substance.class);
        for (PlantHistory plant : plants) {
            List<PlantSamples.Sample> samples = plant.samples().upTo(day);
            String problem = plantProblem(cs, day, samples);
            if (problem != null) {
                why.putIfAbsent(plant.substance(), problem);
                bySubstance.computeIfAbsent(plant.substance(), k -> new ArrayList<>());
                continue;
            }
            bySubstance
                    .computeIfAbsent(plant.substance(), k -> new ArrayList<>())
                    .add(judgePlant(cs, day, samples));
        }
        int judged =
                (int) bySubstance.values().stream().filter(l -> !l.isEmpty()).count();
        for (Map.Entry<Substance, List<PlantResult>> e : bySubstance.entrySet()) {
            Substance substance = e.getKey();
            List<PlantResult> results = e.getValue();
            if (results.isEmpty()) {
                coverage.add(Coverage.insufficient(AlertRule.WASTEWATER_RISE, substance.name(), why.get(substance)));
                continue;
            }
            coverage.add(Coverage.judged(AlertRule.WASTEWATER_RISE, substance.name()));
            findings.add(wastewaterFinding(cs, day, substance, results, judged));
        }
    }

    /** Why a plant's samples cannot be judged on {@code day}, or null when they can. */
    private static String plantProblem(AlertSettings.Effective cs, LocalDate day, List<PlantSamples.Sample> samples) {
        if (samples.size() < cs.wastewaterMinRecentSamples() + cs.wastewaterMinHistorySamples()) {
            return "fewer than " + (cs.wastewaterMinRecentSamples() + cs.wastewaterMinHistorySamples()) + " samples";
        }
        double cadence = cadence(samples);
        long age = day.toEpochDay() - samples.get(samples.size() - 1).epochDay();
        if (age > Math.max(cs.wastewaterRecentDays(), 2 * cadence + 1)) {
            return "no current sample (latest " + age + " days old)";
        }
        if (history(cs, day, samples).size() < cs.wastewaterMinHistorySamples()) {
            return "fewer than " + cs.wastewaterMinHistorySamples() + " earlier samples";
        }
        return null;
    }

    /** Median days between a plant's consecutive sampling days. */
    private static double cadence(List<PlantSamples.Sample> samples) {
        long[] days = samples.stream()
                .mapToLong(PlantSamples.Sample::epochDay)
                .distinct()
                .toArray();
        if (days.length < 2) {
            return 1;
        }
        long[] gaps = new long[days.length - 1];
        for (int i = 1; i < days.length; i++) {
            gaps[i - 1] = days[i] - days[i - 1];
        }
        Arrays.sort(gaps);
        return gaps.length % 2 == 1 ? gaps[gaps.length / 2] : (gaps[gaps.length / 2 - 1] + gaps[gaps.length / 2]) / 2.0;
    }

    /** The plant's recent samples: those of the last recent.days days, or its latest min.recent.samples. */
    private static int recentCount(AlertSettings.Effective cs, LocalDate day, List<PlantSamples.Sample> samples) {
        long since = day.toEpochDay() - cs.wastewaterRecentDays();
        int n = 0;
        for (int i = samples.size() - 1; i >= 0 && samples.get(i).epochDay() > since; i--) {
            n++;
        }
        return Math.min(samples.size(), Math.max(n, cs.wastewaterMinRecentSamples()));
    }

    /**
     * The plant's history: up to history.samples samples before the recent ones, leaving out those of the
     * guard.days before the first recent sample, so that the start of a slow rise does not become its own
     * baseline (the guard band of EARS C2, in days).
     */
    private static List<PlantSamples.Sample> history(
            AlertSettings.Effective cs, LocalDate day, List<PlantSamples.Sample> samples) {
        int recentStart = samples.size() - recentCount(cs, day, samples);
        if (recentStart <= 0) {
            return List.of();
        }
        long guardFrom = samples.get(recentStart).epochDay() - cs.wastewaterGuardDays();
        int end = recentStart;
        while (end > 0 && samples.get(end - 1).epochDay() >= guardFrom) {
            end--;
        }
        return samples.subList(Math.max(0, end - cs.wastewaterHistorySamples()), end);
    }

    /**
     * A sample below the limit of quantification enters as half the load the limit itself would give, the
     * usual substitution, since its true load lies between zero and that. In a history that is mostly below
     * the limit, such samples enter at the limit itself: an upper bound, so that a substance merely
     * crossing its limit now and then is no rise, while one that is measured week after week well above the
     * limit is.
     */
    private static double logLoad(PlantSamples.Sample s, boolean censoredHistory) {
        return Math.log(s.belowLoq() && !censoredHistory ? s.load() / 2 : s.load());
    }

    private static PlantResult judgePlant(
            AlertSettings.Effective cs, LocalDate day, List<PlantSamples.Sample> samples) {
        int recentN = recentCount(cs, day, samples);
        List<PlantSamples.Sample> recent = samples.subList(samples.size() - recentN, samples.size());
        List<PlantSamples.Sample> history = history(cs, day, samples);
        boolean censored =
                history.stream().filter(PlantSamples.Sample::belowLoq).count()
                        > cs.wastewaterMaxBelowLoqShare() * history.size();
        double[] r = recent.stream().mapToDouble(x -> logLoad(x, censored)).toArray();
        double[] h = history.stream().mapToDouble(x -> logLoad(x, censored)).toArray();
        LevelShiftTest.Result t = LevelShiftTest.robust(r, h, cs.wastewaterSdFloor());
        // unmeasured recent samples are no evidence of a rise, whatever the substituted values say
        boolean unmeasured = censored
                ? recent.stream().anyMatch(PlantSamples.Sample::belowLoq)
                : recent.stream().allMatch(PlantSamples.Sample::belowLoq);
        double p = unmeasured ? 1 : t.pValue();
        double recentLog = Arrays.stream(r).average().orElseThrow();
        return new PlantResult(
                p,
                recent.get(recent.size() - 1).populationServed(),
                recentLog,
                recentLog - t.difference(),
                cadence(samples),
                recent.get(0).epochDay());
    }

    /**
     * One county verdict from its plants: the smaller of two p-values, doubled for taking the smaller.
     * Stouffer's z over every plant, weighted by population served, is strong when every plant sees the rise,
     * as a county-wide rise in use does; the single most surprising plant, by Bonferroni over the plants,
     * is strong when one plant sees it and the others (sampled monthly, say) have nothing new yet. The
     * levels reported are those of the verdict that decided: population-weighted over all plants, or that
     * plant's. With one plant, its own p-value and levels.
     */
    private Finding wastewaterFinding(
            AlertSettings.Effective cs,
            LocalDate day,
            Substance substance,
            List<PlantResult> results,
            int substancesJudged) {
        double[] p = results.stream().mapToDouble(PlantResult::pValue).toArray();
        double[] w = results.stream().mapToDouble(PlantResult::weight).toArray();
        double stouffer = LevelShiftTest.combine(p, w);
        double single = LevelShiftTest.bonferroni(p);
        List<PlantResult> deciding = results;
        double combined = stouffer;
        if (results.size() > 1) {
            combined = Math.min(1, 2 * Math.min(stouffer, single));
            if (single < stouffer) {
                deciding = List.of(results.stream()
                        .min((x, y) -> Double.compare(x.pValue(), y.pValue()))
                        .orElseThrow());
            }
        }
        double totalWeight = deciding.stream().mapToDouble(PlantResult::weight).sum();
        double recentLog = 0;
        double historyLog = 0;
        for (PlantResult r : deciding) {
            recentLog += r.weight() * r.recentLog() / totalWeight;
            historyLog += r.weight() * r.historyLog() / totalWeight;
        }
        double observed = Math.exp(recentLog);
        double expected = Math.exp(historyLog);
        double ratio = observed / expected;
        double cadence =
                results.stream().mapToDouble(PlantResult::cadence).min().orElseThrow();
        double alpha = cs.wastewaterAlpha(cadence, substancesJudged);
        Double ceiling = cs.wastewaterCeiling(substance);
        boolean overCeiling = ceiling != null && observed >= ceiling;
        boolean rising = combined <= alpha && ratio >= cs.wastewaterMinRatio();
        Severity severity = null;
        if (rising) {
            severity = ratio >= cs.wastewaterCriticalRatio() ? Severity.CRITICAL : Severity.WARNING;
        }
        if (overCeiling) {
            severity = Severity.CRITICAL;
        }
        boolean holding = severity != null
                || ratio > 1 && combined <= cs.wastewaterHoldP()
                || ceiling != null && observed >= 0.9 * ceiling;
        double threshold = overCeiling && !rising ? ceiling : cs.wastewaterMinRatio();
        long firstRecent =
                deciding.stream().mapToLong(PlantResult::firstRecentDay).min().orElseThrow();
        LocalDate from = LocalDate.ofEpochDay(firstRecent);
        Map<String, String> parameters = new LinkedHashMap<>(cs.parameters(AlertRule.WASTEWATER_RISE));
        parameters.put(Finding.PLANTS, deciding.size() + "/" + results.size());
        return new Finding(
                AlertRule.WASTEWATER_RISE,
                substance.name(),
                severity,
                holding,
                observed,
                expected,
                threshold,
                ratio,
                calendar.dayStart(from),
                calendar.dayEnd(day),
                List.of(),
                parameters,
                overCeiling && !rising
                        ? new Finding.Statistics(null, null, CEILING_METHOD, null)
                        : new Finding.Statistics(
                                combined,
                                recurrence(combined, substancesJudged / Math.max(1, cadence)),
                                WASTEWATER_METHOD,
                                null));
    }

    private void checkpointHitRate(
            AlertSettings.Effective cs,
            LocalDate day,
            CountySeries series,
            LocalDate observedFrom,
            List<Finding> findings,
            List<Coverage> coverage) {
        LocalDate from = day.minusDays(HIT_RATE_WINDOW - 1L);
        long vehicles = series.sum(Series.VEHICLES, from, day);
        Baseline base = baseline(from, cs.checkpointBaselineDays(), cs.checkpointMinBaselineDays(), observedFrom);
        if (base == null) {
            if (vehicles > 0) {
                coverage.add(
                        Coverage.insufficient(AlertRule.CHECKPOINT_HIT_RATE, CHECKPOINTS, "baseline not observed yet"));
            }
            return;
        }
        double[] baseVehicles = counts(series, Series.VEHICLES, base.from(), base.days());
        double baselineVehicles = sum(baseVehicles);
        if (vehicles == 0 || baselineVehicles == 0) {
            if (vehicles > 0 || baselineVehicles > 0) {
                coverage.add(Coverage.insufficient(
                        AlertRule.CHECKPOINT_HIT_RATE,
                        CHECKPOINTS,
                        vehicles == 0 ? "no vehicles inspected in the last 7 days" : "no vehicles in the baseline"));
            }
            return;
        }
        double[] baseHits = counts(series, Series.INSPECTION_HITS, base.from(), base.days());
        double[] hitDays = Arrays.stream(indexesWhere(baseVehicles))
                .mapToDouble(i -> baseHits[i])
                .toArray();
        double[] vehicleDays = Arrays.stream(indexesWhere(baseVehicles))
                .mapToDouble(i -> baseVehicles[i])
                .toArray();
        double dispersion =
                hitDays.length < 2 ? 1 : PredictiveCountTest.dispersion(hitDays, vehicleDays, PRIOR_SIZE, PRIOR_EVENTS);
        double c = sum(baseHits);
        long hits = series.sum(Series.INSPECTION_HITS, from, day);
        PredictiveCountTest.Result r = PredictiveCountTest.test(hits, c, baselineVehicles, vehicles, dispersion);
        double alpha = cs.checkpointAlpha();
        double ratio = r.ratio(hits);
        double p = r.pValue();
        boolean enough = hits >= cs.checkpointMinHits() && ratio >= cs.checkpointMinRatio();
        Severity severity = null;
        if (enough && p <= alpha) {
            severity = ratio >= cs.checkpointCriticalRatio() ? Severity.CRITICAL : Severity.WARNING;
        }
        boolean holding = severity != null || hits >= cs.checkpointMinHits() && ratio > 1 && p <= cs.checkpointHoldP();
        long needed = Math.max(
                PredictiveCountTest.upperBound(c, baselineVehicles, vehicles, dispersion, alpha) + 1,
                cs.checkpointMinHits());
        Map<String, String> parameters = new LinkedHashMap<>(cs.parameters(AlertRule.CHECKPOINT_HIT_RATE));
        parameters.put(Finding.BASELINE, base.from() + "/" + base.through());
        parameters.put(Finding.DISPERSION, format(dispersion));
        coverage.add(Coverage.judged(AlertRule.CHECKPOINT_HIT_RATE, CHECKPOINTS));
        findings.add(new Finding(
                AlertRule.CHECKPOINT_HIT_RATE,
                CHECKPOINTS,
                severity,
                holding,
                hits * 1000.0 / vehicles,
                r.expected() * 1000.0 / vehicles,
                Math.max(needed, cs.checkpointMinRatio() * r.expected()) * 1000.0 / vehicles,
                ratio,
                calendar.dayStart(from),
                calendar.dayEnd(day),
                List.of(),
                parameters,
                new Finding.Statistics(p, recurrence(p, 1), HIT_RATE_METHOD, null)));
    }

    private static int[] indexesWhere(double[] values) {
        return java.util.stream.IntStream.range(0, values.length)
                .filter(i -> values[i] > 0)
                .toArray();
    }

    /**
     * WARNING when wastewater rises for some substance while drug-use enforcement (USE and POSSESSION
     * suspects plus relapses over 14 days) has not visibly responded: it responded when it reached
     * {@code enforcement.max.ratio} times its expected level and that excess is significant at
     * {@value #ENFORCEMENT_RESPONSE_P}. Relapsed users are usually also USE suspects, so they weigh twice, on purpose: repeat users are
     * the population a consumption rise should bring back in.
     */
    private void consumptionWithoutEnforcement(
            AlertSettings.Effective cs,
            LocalDate day,
            CountySeries series,
            CountySeries peers,
            LocalDate observedFrom,
            List<Finding> wastewater,
            List<Finding> findings,
            List<Coverage> coverage) {
        LocalDate from = day.minusDays(ENFORCEMENT_WINDOW - 1L);
        Baseline base = baseline(from, cs.countSpikeBaselineDays(), cs.countSpikeMinBaselineDays(), observedFrom);
        if (base == null) {
            coverage.add(Coverage.insufficient(
                    AlertRule.CONSUMPTION_WITHOUT_ENFORCEMENT, CONSUMPTION, "baseline not observed yet"));
            return;
        }
        Exposure exposures = new Exposure(Series.ENFORCEMENT, series, peers, base, cs.campaignUplift());
        double[] baseCounts = counts(series, Series.ENFORCEMENT, base.from(), base.days());
        double[] baseExposure = exposures.of(base.from(), base.days());
        double dispersion = PredictiveCountTest.dispersion(baseCounts, baseExposure, PRIOR_SIZE, PRIOR_EVENTS);
        long enforcement = series.sum(Series.ENFORCEMENT, from, day);
        PredictiveCountTest.Result r = PredictiveCountTest.test(
                enforcement,
                sum(baseCounts),
                sum(baseExposure),
                sum(exposures.of(from, ENFORCEMENT_WINDOW)),
                dispersion);
        if (r.expected() < cs.enforcementMinExpected()) {
            coverage.add(Coverage.insufficient(
                    AlertRule.CONSUMPTION_WITHOUT_ENFORCEMENT,
                    CONSUMPTION,
                    String.format(
                            java.util.Locale.ROOT,
                            "too sparse to see a response: %.1f use/possession suspects and relapses"
                                    + " expected in %d days",
                            r.expected(),
                            ENFORCEMENT_WINDOW)));
            return;
        }
        double tolerance = r.expected() * cs.enforcementMaxRatio();
        // a response counts only if it is visible: a ratio that small counts could reach by chance is none
        boolean flat = !(enforcement >= tolerance && r.pValue() <= ENFORCEMENT_RESPONSE_P);
        // a ceiling finding has no p-value, and one beyond double precision no recurrence: both count
        List<Finding> rising = wastewater.stream()
                .filter(f -> f.severity() != null
                        && f.score() != null
                        && f.score() >= cs.wastewaterMinRatio()
                        && (f.statistics().pValue() == null
                                || f.statistics().recurrenceDays() == null
                                || f.statistics().recurrenceDays() >= cs.consumptionMinRecurrenceDays()))
                .toList();
        boolean stillRising = wastewater.stream().anyMatch(Finding::holding);
        Severity severity = flat && !rising.isEmpty() ? Severity.WARNING : null;
        Map<String, String> parameters = new LinkedHashMap<>(cs.parameters(AlertRule.CONSUMPTION_WITHOUT_ENFORCEMENT));
        parameters.put(
                Finding.RISING_SUBSTANCES, rising.stream().map(Finding::subject).collect(Collectors.joining(",")));
        Finding strongest = rising.stream()
                .min((a, b) ->
                        Double.compare(a.statistics().pValue(), b.statistics().pValue()))
                .orElse(null);
        Finding.Statistics statistics = strongest == null
                ? Finding.Statistics.NONE
                : new Finding.Statistics(
                        strongest.statistics().pValue(),
                        strongest.statistics().recurrenceDays(),
                        "wastewater: " + WASTEWATER_METHOD + "; enforcement: " + ENFORCEMENT_WINDOW
                                + " days vs own baseline",
                        campaign(from, day));
        coverage.add(Coverage.judged(AlertRule.CONSUMPTION_WITHOUT_ENFORCEMENT, CONSUMPTION));
        findings.add(new Finding(
                AlertRule.CONSUMPTION_WITHOUT_ENFORCEMENT,
                CONSUMPTION,
                severity,
                flat && stillRising,
                enforcement,
                r.expected(),
                tolerance,
                null,
                calendar.dayStart(from),
                calendar.dayEnd(day),
                List.of(),
                parameters,
                statistics));
    }

    /**
     * SaTScan's recurrence interval: the steady days that pass, on average, between findings this extreme
     * in this county by chance, given {@code testsPerDay} chances a day. Null when the p-value is 0 (beyond
     * double precision).
     */
    static Double recurrence(double pValue, double testsPerDay) {
        double days = 1 / (pValue * Math.max(testsPerDay, 1e-9));
        return Double.isFinite(days) ? days : null;
    }

    private static String format(double v) {
        return String.format(java.util.Locale.ROOT, "%.3f", v);
    }
}
