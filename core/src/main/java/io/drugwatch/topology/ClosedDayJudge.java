package io.drugwatch.topology;

import io.drugwatch.alerting.AlertRules;
import io.drugwatch.alerting.CountySeries;
import io.drugwatch.alerting.Finding;
import io.drugwatch.alerting.PlantHistory;
import io.drugwatch.domain.WindowCalendar;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Judges every county the task keeps a series of when a local day closes, as of the day's end: the
 * day goes into the series first, and a county left with nothing to judge is forgotten.
 */
final class ClosedDayJudge {

    private final WindowCalendar calendar;
    private final AlertRules rules;
    private final AlertInputs inputs;
    private final AlertStateStore states;
    private final AlertJudge judge;

    ClosedDayJudge(
            WindowCalendar calendar, AlertRules rules, AlertInputs inputs, AlertStateStore states, AlertJudge judge) {
        this.calendar = calendar;
        this.rules = rules;
        this.inputs = inputs;
        this.states = states;
        this.judge = judge;
    }

    void judge(AlertFeed.DayClosed closed) {
        LocalDate day = closed.day();
        long evaluatedAt = calendar.dayEnd(day);
        CountySeries peers = inputs.recordDay(day, closed.panes());
        Map<String, List<String>> openKeysByCounty = states.openDailyByCounty();
        List<String> quiet = new ArrayList<>();
        for (Map.Entry<String, CountySeries> e : inputs.counties().entrySet()) {
            String county = e.getKey();
            CountySeries series = e.getValue();
            List<PlantHistory> plantHistories = inputs.plants(county);
            List<String> openKeys = openKeysByCounty.getOrDefault(county, List.of());
            if (series.quietThrough(day) && plantHistories.isEmpty() && openKeys.isEmpty()) {
                quiet.add(county);
                continue;
            }
            AlertRules.DayEvaluation evaluation = rules.evaluateDay(
                    county, day, series, plantHistories, series.knownFrom(closed.observedFrom()), peers);
            List<String> judged = new ArrayList<>();
            for (Finding f : evaluation.findings()) {
                judge.judge(county, f, evaluatedAt);
                judged.add(AlertStateStore.key(county, f));
            }
            // an open alert whose rule could not be judged today (no data) gets a clear evaluation
            for (String key : openKeys) {
                if (!judged.contains(key)) {
                    judge.clearWithoutFinding(county, key, evaluatedAt);
                }
            }
            inputs.recordCoverage(county, day, evaluation.coverage());
        }
        // nothing left to judge: the series has been all zeros for its whole span
        quiet.forEach(inputs::forget);
    }
}
