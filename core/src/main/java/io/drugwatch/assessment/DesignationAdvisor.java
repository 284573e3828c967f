package io.drugwatch.assessment;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Proposes designations, escalations and liftings from a county's monthly inputs, each with its evidence.
 * Run once a month has closed, on the history up to it; it reads the state's decisions and proposes, and
 * people decide.
 */
public final class DesignationAdvisor {

    private final DesignationCriteria criteria;

    public DesignationAdvisor(DesignationCriteria criteria) {
        this.criteria = criteria;
    }

    /**
     * The proposals for the last month of {@code history}: to designate each kind not in force whose number
     * of criteria is met (to escalate when it is more severe than every kind in force), and to lift each kind
     * in force whose criteria have not been met for {@code liftAfterMonths} months in a row since it was
     * decided, every one of those months reported.
     *
     * @param history the county's months, each once; gaps are months without data
     */
    public List<Proposal> propose(Collection<MonthlyInput> history, DesignationState state) {
        NavigableMap<YearMonth, MonthlyInput> months = byMonth(history);
        if (months.isEmpty()) {
            return List.of();
        }
        YearMonth month = months.lastKey();
        List<Evidence> met = evidence(months, month);
        Set<DesignationKind> inForce = state.inForce(month.atEndOfMonth());
        List<Proposal> proposals = new ArrayList<>();
        for (DesignationKind kind : DesignationKind.values()) {
            if (inForce.contains(kind)) {
                lifting(months, month, kind, state).ifPresent(proposals::add);
            } else if (met.size() >= criteria.criteriaNeeded(kind)) {
                boolean escalates = !inForce.isEmpty() && inForce.stream().allMatch(k -> k.compareTo(kind) < 0);
                proposals.add(new Proposal(
                        month, kind, escalates ? Proposal.Action.ESCALATE : Proposal.Action.DESIGNATE, met));
            }
        }
        return proposals;
    }

    /** The criteria met in {@code month}, judged on {@code history} up to it. */
    public List<Evidence> evidence(Collection<MonthlyInput> history, YearMonth month) {
        return evidence(byMonth(history), month);
    }

    private List<Evidence> evidence(NavigableMap<YearMonth, MonthlyInput> months, YearMonth month) {
        List<Evidence> met = new ArrayList<>();
        highPercentile(
                        months,
                        month,
                        DesignationCriterion.HIGH_WASTEWATER,
                        criteria.highWastewaterPercentile(),
                        criteria.highWastewaterMonths(),
                        m -> true)
                .ifPresent(met::add);
        usersRising(months, month).ifPresent(met::add);
        tenKgCases(months, month).ifPresent(met::add);
        highPercentile(
                        months,
                        month,
                        DesignationCriterion.HIGH_USE_ZERO_RESULTS,
                        criteria.zeroResultsPercentile(),
                        criteria.zeroResultsMonths(),
                        MonthlyInput::zeroResults)
                .ifPresent(met::add);
        alerts(months, month).ifPresent(met::add);
        return met;
    }

    /** Each of the last {@code n} months reported wastewater at or above {@code percentile} and passes {@code also}. */
    private static Optional<Evidence> highPercentile(
            NavigableMap<YearMonth, MonthlyInput> months,
            YearMonth month,
            DesignationCriterion criterion,
            double percentile,
            int n,
            Predicate<MonthlyInput> also) {
        List<Evidence.MonthValue> values = new ArrayList<>();
        for (YearMonth m = month.minusMonths(n - 1L); !m.isAfter(month); m = m.plusMonths(1)) {
            MonthlyInput in = months.get(m);
            if (in == null
                    || in.wastewaterPercentile() == null
                    || in.wastewaterPercentile() < percentile
                    || !also.test(in)) {
                return Optional.empty();
            }
            values.add(new Evidence.MonthValue(m, in.wastewaterPercentile(), percentile));
        }
        return Optional.of(new Evidence(criterion, values));
    }

    private Optional<Evidence> usersRising(NavigableMap<YearMonth, MonthlyInput> months, YearMonth month) {
        List<Evidence.MonthValue> values = new ArrayList<>();
        for (YearMonth m = month.minusMonths(criteria.usersRisingMonths() - 1L);
                !m.isAfter(month);
                m = m.plusMonths(1)) {
            MonthlyInput now = months.get(m);
            MonthlyInput before = months.get(m.minusYears(1));
            if (now == null || before == null || now.usersFound() <= before.usersFound()) {
                return Optional.empty();
            }
            values.add(new Evidence.MonthValue(m, now.usersFound(), before.usersFound()));
        }
        return Optional.of(new Evidence(DesignationCriterion.USERS_RISING, values));
    }

    private Optional<Evidence> tenKgCases(NavigableMap<YearMonth, MonthlyInput> months, YearMonth month) {
        List<Evidence.MonthValue> values = new ArrayList<>();
        long total = 0;
        for (MonthlyInput in : window(months, month, criteria.tenKgWindowMonths())) {
            if (in.tenKgCases() > 0) {
                total += in.tenKgCases();
                values.add(new Evidence.MonthValue(in.month(), in.tenKgCases(), criteria.tenKgCases()));
            }
        }
        return total >= criteria.tenKgCases()
                ? Optional.of(new Evidence(DesignationCriterion.REPEATED_TEN_KG_CASES, values))
                : Optional.empty();
    }

    private Optional<Evidence> alerts(NavigableMap<YearMonth, MonthlyInput> months, YearMonth month) {
        List<Evidence.MonthValue> values = new ArrayList<>();
        for (MonthlyInput in : window(months, month, criteria.alertWindowMonths())) {
            if (in.criticalAlerts() > 0) {
                values.add(new Evidence.MonthValue(in.month(), in.criticalAlerts(), criteria.alertMonths()));
            }
        }
        return values.size() >= criteria.alertMonths()
                ? Optional.of(new Evidence(DesignationCriterion.PERSISTENT_ALERTS, values))
                : Optional.empty();
    }

    private Optional<Proposal> lifting(
            NavigableMap<YearMonth, MonthlyInput> months,
            YearMonth month,
            DesignationKind kind,
            DesignationState state) {
        YearMonth decided = YearMonth.from(
                state.designation(kind, month.atEndOfMonth()).orElseThrow().date());
        YearMonth first = month.minusMonths(criteria.liftAfterMonths() - 1L);
        if (!first.isAfter(decided)) {
            return Optional.empty();
        }
        int needed = criteria.criteriaNeeded(kind);
        List<Evidence.MonthValue> values = new ArrayList<>();
        for (YearMonth m = first; !m.isAfter(month); m = m.plusMonths(1)) {
            int met = evidence(months, m).size();
            if (!months.containsKey(m) || met >= needed) {
                return Optional.empty();
            }
            values.add(new Evidence.MonthValue(m, met, needed));
        }
        return Optional.of(new Proposal(
                month,
                kind,
                Proposal.Action.LIFT,
                List.of(new Evidence(DesignationCriterion.CRITERIA_NOT_MET, values))));
    }

    private static Collection<MonthlyInput> window(
            NavigableMap<YearMonth, MonthlyInput> months, YearMonth month, int n) {
        return months.subMap(month.minusMonths(n - 1L), true, month, true).values();
    }

    private static NavigableMap<YearMonth, MonthlyInput> byMonth(Collection<MonthlyInput> history) {
        NavigableMap<YearMonth, MonthlyInput> months = new TreeMap<>();
        for (MonthlyInput in : history) {
            if (months.put(in.month(), in) != null) {
                throw new IllegalArgumentException("two inputs for " + in.month());
            }
        }
        return months;
    }
}
