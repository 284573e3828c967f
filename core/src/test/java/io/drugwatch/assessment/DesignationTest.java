package io.drugwatch.assessment;

import static io.drugwatch.assessment.DesignationKind.FOCUS;
import static io.drugwatch.assessment.DesignationKind.RECTIFICATION;
import static io.drugwatch.assessment.DesignationKind.WARNING_NOTICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DesignationTest {

    static final String NATIONAL = "NNCC";
    static final String YUNNAN = "YN-NCC";
    static final DesignationAdvisor ADVISOR = new DesignationAdvisor(DesignationCriteria.DEFAULTS);

    /** Seed 001's decisions on Ludian. */
    static final List<Decision> LUDIAN_DECISIONS = List.of(
            new Decision(LocalDate.of(2020, 9, 25), Decision.Action.DESIGNATE, WARNING_NOTICE, NATIONAL),
            new Decision(LocalDate.of(2020, 11, 18), Decision.Action.DESIGNATE, FOCUS, YUNNAN),
            new Decision(LocalDate.of(2022, 1, 19), Decision.Action.LIFT, WARNING_NOTICE, NATIONAL),
            new Decision(LocalDate.of(2022, 4, 7), Decision.Action.LIFT, FOCUS, YUNNAN));

    /**
     * A Ludian-like history: ordinary in 2019 and early 2020; from May 2020 more users found than a year
     * before and wastewater in the national top decile, with a 万克 case in June; from 2021 low wastewater
     * and fewer users.
     */
    static List<MonthlyInput> ludianMonths() {
        List<MonthlyInput> months = new ArrayList<>();
        for (YearMonth m = YearMonth.of(2019, 1); !m.isAfter(YearMonth.of(2022, 6)); m = m.plusMonths(1)) {
            boolean y2020 = m.getYear() == 2020;
            boolean high = y2020 && m.getMonthValue() >= 5;
            long users = high ? 14 : y2020 || m.getYear() == 2019 ? 10 : 6;
            double percentile = m.getYear() == 2019 ? 60 : y2020 ? (high ? 95 : 80) : 50;
            long tenKg = m.equals(YearMonth.of(2020, 6)) ? 1 : 0;
            months.add(new MonthlyInput(m, 2 + tenKg, tenKg, users, percentile, 0));
        }
        return months;
    }

    @Test
    void ludianFromNoticeToLifting() {
        // each month: the decisions taken in it, then the evaluation of the month
        List<MonthlyInput> history = new ArrayList<>();
        DesignationState state = DesignationState.NONE;
        Map<YearMonth, List<Proposal>> proposed = new LinkedHashMap<>();
        for (MonthlyInput month : ludianMonths()) {
            for (Decision d : LUDIAN_DECISIONS) {
                if (YearMonth.from(d.date()).equals(month.month())) {
                    state = state.apply(d);
                }
            }
            history.add(month);
            state = state.proposing(month.month(), ADVISOR.propose(history, state));
            proposed.put(month.month(), state.proposals());
        }

        // nothing in 2019 or while wastewater was not yet high
        assertThat(proposed.get(YearMonth.of(2019, 12))).isEmpty();
        assertThat(proposed.get(YearMonth.of(2020, 6))).isEmpty();
        // July 2020: three months in the top decile and users up on 2019 -> focus and notice proposed
        List<Proposal> july = proposed.get(YearMonth.of(2020, 7));
        assertThat(july)
                .extracting(Proposal::kind, Proposal::action)
                .containsExactly(
                        tuple(FOCUS, Proposal.Action.DESIGNATE), tuple(WARNING_NOTICE, Proposal.Action.DESIGNATE));
        Evidence wastewater = july.get(0).evidence().get(0);
        assertThat(wastewater.criterion()).isEqualTo(DesignationCriterion.HIGH_WASTEWATER);
        assertThat(wastewater.months())
                .containsExactly(
                        new Evidence.MonthValue(YearMonth.of(2020, 5), 95, 90),
                        new Evidence.MonthValue(YearMonth.of(2020, 6), 95, 90),
                        new Evidence.MonthValue(YearMonth.of(2020, 7), 95, 90));
        assertThat(july.get(0).evidence().get(1).months().get(2))
                .isEqualTo(new Evidence.MonthValue(YearMonth.of(2020, 7), 14, 10));
        // after the notice of 25 September only the focus is still proposed, until the province decides
        assertThat(proposed.get(YearMonth.of(2020, 10)))
                .extracting(Proposal::kind)
                .containsExactly(FOCUS);
        assertThat(proposed.get(YearMonth.of(2020, 11))).isEmpty();
        // criteria unmet from January 2021: lifting both is proposed after twelve months, in December
        assertThat(proposed.get(YearMonth.of(2021, 11))).isEmpty();
        List<Proposal> december = proposed.get(YearMonth.of(2021, 12));
        assertThat(december).extracting(Proposal::kind).containsExactly(FOCUS, WARNING_NOTICE);
        assertThat(december).extracting(Proposal::action).containsOnly(Proposal.Action.LIFT);
        assertThat(december.get(0).evidence()).singleElement().satisfies(e -> {
            assertThat(e.criterion()).isEqualTo(DesignationCriterion.CRITERIA_NOT_MET);
            assertThat(e.months()).hasSize(12);
            assertThat(e.months().get(0)).isEqualTo(new Evidence.MonthValue(YearMonth.of(2021, 1), 0, 1));
        });
        // the nation lifts its notice on 19 January 2022; the focus lifting stays proposed until 7 April
        assertThat(proposed.get(YearMonth.of(2022, 1)))
                .extracting(Proposal::kind)
                .containsExactly(FOCUS);
        assertThat(proposed.get(YearMonth.of(2022, 3)))
                .extracting(Proposal::kind)
                .containsExactly(FOCUS);
        assertThat(proposed.get(YearMonth.of(2022, 4))).isEmpty();

        // the state shows the decisions beside the latest proposals
        assertThat(state.decisions()).isEqualTo(LUDIAN_DECISIONS);
        assertThat(state.proposalsMonth()).isEqualTo(YearMonth.of(2022, 6));
        assertThat(state.proposals()).isEmpty();
        assertThat(state.inForce(LocalDate.of(2020, 9, 24))).isEmpty();
        assertThat(state.inForce(LocalDate.of(2020, 9, 25))).containsExactly(WARNING_NOTICE);
        assertThat(state.inForce(LocalDate.of(2021, 6, 30))).containsExactly(FOCUS, WARNING_NOTICE);
        assertThat(state.inForce(LocalDate.of(2022, 1, 19))).containsExactly(FOCUS);
        assertThat(state.inForce(LocalDate.of(2022, 4, 7))).isEmpty();
        assertThat(state.designation(FOCUS, LocalDate.of(2021, 1, 1))).contains(LUDIAN_DECISIONS.get(1));
    }

    @Test
    void escalationIsProposedWhenAMoreSevereListThanAnyInForceIsMet() {
        DesignationState focused = DesignationState.NONE.apply(
                new Decision(LocalDate.of(2020, 3, 2), Decision.Action.DESIGNATE, FOCUS, YUNNAN));
        List<MonthlyInput> history = new ArrayList<>();
        for (YearMonth m = YearMonth.of(2019, 1); !m.isAfter(YearMonth.of(2020, 6)); m = m.plusMonths(1)) {
            boolean y2020 = m.getYear() == 2020;
            history.add(new MonthlyInput(m, 2, 0, y2020 ? 20 : 10, y2020 ? 97.0 : 40.0, 0));
        }

        List<Proposal> proposals = ADVISOR.propose(history, focused);

        assertThat(proposals).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(WARNING_NOTICE);
            assertThat(p.action()).isEqualTo(Proposal.Action.ESCALATE);
            assertThat(p.evidence())
                    .extracting(Evidence::criterion)
                    .containsExactly(DesignationCriterion.HIGH_WASTEWATER, DesignationCriterion.USERS_RISING);
        });
        // with rectification needing only two criteria, that is proposed too
        List<Proposal> lower = new DesignationAdvisor(DesignationCriteria.DEFAULTS.withCriteriaNeeded(RECTIFICATION, 2))
                .propose(history, focused);
        assertThat(lower).extracting(Proposal::kind).containsExactly(WARNING_NOTICE, RECTIFICATION);
    }

    @Test
    void highWastewaterWithZeroResultsIsACriterion() {
        // Shandong, April 2019: high readings while enforcement had long found nothing
        List<MonthlyInput> history = new ArrayList<>();
        for (YearMonth m = YearMonth.of(2018, 10); !m.isAfter(YearMonth.of(2019, 3)); m = m.plusMonths(1)) {
            history.add(new MonthlyInput(m, 0, 0, 0, 80.0, 0));
        }

        List<Evidence> met = ADVISOR.evidence(history, YearMonth.of(2019, 3));

        assertThat(met).singleElement().satisfies(e -> {
            assertThat(e.criterion()).isEqualTo(DesignationCriterion.HIGH_USE_ZERO_RESULTS);
            assertThat(e.months())
                    .hasSize(6)
                    .allSatisfy(v -> assertThat(v.value()).isEqualTo(80.0));
        });
        assertThat(ADVISOR.propose(history, DesignationState.NONE))
                .extracting(Proposal::kind)
                .containsExactly(FOCUS);
        // one case solved in the six months and the criterion no longer holds
        history.set(2, new MonthlyInput(YearMonth.of(2018, 12), 1, 0, 0, 80.0, 0));
        assertThat(ADVISOR.evidence(history, YearMonth.of(2019, 3))).isEmpty();
    }

    @Test
    void repeatedTenKgCasesAndPersistentAlertsAreCriteria() {
        List<MonthlyInput> history = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            YearMonth m = YearMonth.of(2020, i);
            long tenKg = i == 2 || i == 11 ? 1 : 0;
            int alerts = i >= 8 && i % 2 == 0 ? 1 : 0;
            history.add(new MonthlyInput(m, 3, tenKg, 5, null, alerts));
        }

        List<Evidence> met = ADVISOR.evidence(history, YearMonth.of(2020, 12));

        assertThat(met)
                .extracting(Evidence::criterion)
                .containsExactly(DesignationCriterion.REPEATED_TEN_KG_CASES, DesignationCriterion.PERSISTENT_ALERTS);
        assertThat(met.get(0).months())
                .extracting(Evidence.MonthValue::month)
                .containsExactly(YearMonth.of(2020, 2), YearMonth.of(2020, 11));
        assertThat(met.get(1).months())
                .extracting(Evidence.MonthValue::month)
                .containsExactly(YearMonth.of(2020, 8), YearMonth.of(2020, 10), YearMonth.of(2020, 12));
        // a month later both still hold; another, and the February case has left the twelve-month window
        // and the August alert the six-month one
        history.add(new MonthlyInput(YearMonth.of(2021, 1), 3, 0, 5, null, 0));
        history.add(new MonthlyInput(YearMonth.of(2021, 2), 3, 0, 5, null, 0));
        assertThat(ADVISOR.evidence(history, YearMonth.of(2021, 1)))
                .extracting(Evidence::criterion)
                .containsExactly(DesignationCriterion.REPEATED_TEN_KG_CASES, DesignationCriterion.PERSISTENT_ALERTS);
        assertThat(ADVISOR.evidence(history, YearMonth.of(2021, 2))).isEmpty();
    }

    @Test
    void aMonthWithoutDataNeitherMeetsACriterionNorCountsTowardsLifting() {
        DesignationState noticed = DesignationState.NONE.apply(
                new Decision(LocalDate.of(2020, 1, 10), Decision.Action.DESIGNATE, WARNING_NOTICE, NATIONAL));
        List<MonthlyInput> history = new ArrayList<>();
        for (YearMonth m = YearMonth.of(2020, 2); !m.isAfter(YearMonth.of(2021, 2)); m = m.plusMonths(1)) {
            if (!m.equals(YearMonth.of(2020, 8))) {
                history.add(new MonthlyInput(m, 2, 0, 3, 30.0, 0));
            }
        }
        assertThat(ADVISOR.propose(history, noticed)).isEmpty();

        // twelve reported months after the gap, and lifting is proposed
        for (YearMonth m = YearMonth.of(2021, 3); !m.isAfter(YearMonth.of(2021, 8)); m = m.plusMonths(1)) {
            history.add(new MonthlyInput(m, 2, 0, 3, 30.0, 0));
        }
        assertThat(ADVISOR.propose(history, noticed)).singleElement().satisfies(p -> {
            assertThat(p.action()).isEqualTo(Proposal.Action.LIFT);
            assertThat(p.month()).isEqualTo(YearMonth.of(2021, 8));
        });
    }

    @Test
    void decisionsMustFollowWhatIsInForceAndEachOther() {
        DesignationState noticed = DesignationState.NONE.apply(LUDIAN_DECISIONS.get(0));

        assertThatThrownBy(() -> noticed.apply(LUDIAN_DECISIONS.get(0))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() ->
                        noticed.apply(new Decision(LocalDate.of(2021, 1, 1), Decision.Action.LIFT, FOCUS, YUNNAN)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() ->
                        noticed.apply(new Decision(LocalDate.of(2020, 1, 1), Decision.Action.DESIGNATE, FOCUS, YUNNAN)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new Decision(LocalDate.of(2020, 1, 1), Decision.Action.DESIGNATE, FOCUS, " "))
                .isInstanceOf(IllegalArgumentException.class);
        Set<DesignationKind> none = EnumSet.noneOf(DesignationKind.class);
        assertThat(DesignationState.NONE.inForce(LocalDate.of(2030, 1, 1))).isEqualTo(none);
    }

    @Test
    void aMonthsInputComesFromItsScorecard() {
        Scorecard march = Scorecard.county(
                ScorecardTest.LUDIAN,
                Period.month(YearMonth.of(2020, 3)),
                null,
                new Enforcement(Map.of(CaseClass.TEN_KG, 1L, CaseClass.SMALL, 2L), 4, 0, Map.of(), 0, 0, 5, 2, 1),
                Treatment.NONE);

        assertThat(MonthlyInput.of(march, 91.5, 1))
                .isEqualTo(new MonthlyInput(YearMonth.of(2020, 3), 3, 1, 8, 91.5, 1));
        assertThatThrownBy(() -> MonthlyInput.of(
                        Scorecard.county(
                                ScorecardTest.LUDIAN, Period.year(2020), null, Enforcement.NONE, Treatment.NONE),
                        null,
                        0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
