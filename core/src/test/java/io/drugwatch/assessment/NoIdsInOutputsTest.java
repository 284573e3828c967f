package io.drugwatch.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.alerting.Language;
import io.drugwatch.model.DrugType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Case ids, event ids, seizure and person references are the keys of per-case and per-person state; no
 * output type may carry one, nor any of that state.
 */
class NoIdsInOutputsTest {

    static final List<Class<?>> OUTPUTS = List.of(
            Scorecard.class,
            Ranking.class,
            Proposal.class,
            DesignationState.class,
            MonthlyInput.class,
            Change.class,
            Rate.class);

    static final Set<Class<?>> STATE_AND_INPUTS = Set.of(
            CaseFile.class,
            CaseEvent.class,
            ArrestInput.class,
            SeizureInput.class,
            PersonHistory.class,
            TreatmentEvent.class,
            CheckpointUsers.class);

    @Test
    void outputTypesHoldNoIdentifierAndNoState() {
        Set<Class<?>> seen = new HashSet<>();
        List<String> offending = new ArrayList<>();
        for (Class<?> c : OUTPUTS) {
            walk(c, seen, offending);
        }

        assertThat(seen).contains(Enforcement.class, Treatment.class, Ranking.Rank.class, Evidence.MonthValue.class);
        assertThat(offending).isEmpty();
    }

    @Test
    void theCheckFindsIdentifiersWhereTheyAre() {
        List<String> offending = new ArrayList<>();
        walk(SeizureInput.class, new HashSet<>(), offending);

        assertThat(offending)
                .contains(
                        "holds SeizureInput", "SeizureInput.eventId", "SeizureInput.caseId", "SeizureInput.seizureRef");
    }

    @Test
    void aCaseIdGoesIntoNoFigureOrSentence() {
        String marker = "CASE-MARK-0427";
        Cases c = new Cases().trafficking(marker, LocalDate.of(2022, 3, 1), 2, DrugType.HEROIN, 120);
        c.add(new SeizureInput(
                "EVT-MARK",
                marker,
                LocalDate.of(2022, 3, 2),
                "REF-MARK",
                WeighStatus.SUSPECTED,
                DrugType.HEROIN,
                1,
                0));
        Period year = Period.year(2022);
        Scorecard s = Scorecard.county(
                ScorecardTest.LUDIAN,
                year,
                null,
                Enforcement.of(year, c.files(), List.of(), ProceedingRules.DEFAULTS),
                Treatment.of(
                        year,
                        List.of(PersonHistory.of(new TreatmentEvent(
                                "PERSON-MARK",
                                LocalDate.of(2022, 3, 1),
                                TreatmentKind.COMMUNITY_DETOX,
                                TreatmentStatus.ORDERED)))));

        String everything = s
                + Reports.sentence(s, Language.ZH)
                + Reports.sentence(s, Language.EN)
                + Ranking.of(List.of(s), RankingWeights.DEFAULTS);

        assertThat(everything).doesNotContain("MARK");
        assertThat(s.enforcement().cases()).isEqualTo(1);
        assertThat(s.treatment().orders(TreatmentKind.COMMUNITY_DETOX)).isEqualTo(1);
    }

    private static void walk(Type type, Set<Class<?>> seen, List<String> offending) {
        if (type instanceof ParameterizedType p) {
            walk(p.getRawType(), seen, offending);
            for (Type arg : p.getActualTypeArguments()) {
                walk(arg, seen, offending);
            }
            return;
        }
        if (!(type instanceof Class<?> c) || !seen.add(c)) {
            return;
        }
        if (STATE_AND_INPUTS.contains(c)) {
            offending.add("holds " + c.getSimpleName());
        }
        if (!c.isRecord()) {
            return;
        }
        for (RecordComponent rc : c.getRecordComponents()) {
            String name = rc.getName().toLowerCase(Locale.ROOT);
            if (name.endsWith("id") || name.endsWith("ref")) {
                offending.add(c.getSimpleName() + "." + rc.getName());
            }
            walk(rc.getGenericType(), seen, offending);
        }
    }
}
