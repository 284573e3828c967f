package io.drugwatch.alerting;

import io.drugwatch.model.Alert;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the {@link Alert} records the pipeline publishes. Always through {@code Alert.newBuilder()}:
 * Avro 1.12's copy builders run a class-trust check that fails on our generated classes.
 */
public final class Alerts {

    public static final String RULE_VERSION_KEY = "ruleVersion";

    private Alerts() {}

    /**
     * The record announcing {@code transition}, with the finding that caused it as its content and, as
     * provenance, the rule version and the parameters the finding was judged with.
     *
     * @param countyName null when the county is not in the reference data
     * @param updatedAt event time (epoch ms) of this state change
     * @param zone the zone of the daily windows, which dates the summary
     */
    public static Alert toRecord(
            Transition transition,
            Finding finding,
            String county,
            String countyName,
            long updatedAt,
            Language language,
            ZoneId zone) {
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put(RULE_VERSION_KEY, AlertSettings.RULE_VERSION);
        provenance.putAll(finding.parameters());
        Alert alert = Alert.newBuilder()
                .setAlertId(transition.alertId())
                .setRule(finding.rule())
                .setSeverity(transition.severity())
                .setStatus(transition.status())
                .setCountyCode(county)
                .setCountyName(countyName)
                .setSubject(finding.subject())
                .setObserved(finding.observed())
                .setExpected(finding.expected())
                .setThreshold(finding.threshold())
                .setScore(finding.score())
                .setWindowStart(Instant.ofEpochMilli(finding.windowStart()))
                .setWindowEnd(Instant.ofEpochMilli(finding.windowEnd()))
                .setFirstSeenAt(Instant.ofEpochMilli(transition.firstSeenAt()))
                .setUpdatedAt(Instant.ofEpochMilli(updatedAt))
                .setEvidence(new ArrayList<>(finding.evidence()))
                .setProvenance(provenance)
                .setPValue(finding.statistics().pValue())
                .setRecurrenceDays(finding.statistics().recurrenceDays())
                .setMethod(finding.statistics().method())
                .setCampaign(finding.statistics().campaign())
                .setSummary("")
                .build();
        alert.setSummary(Summaries.summary(alert, language, zone));
        return alert;
    }

    /**
     * A clear evaluation standing in for one the rules could not make: for an open daily alert whose rule
     * had no data to judge (which counts as clear, see {@link AlertRules}), and for the RESOLVED record of
     * an expired per-event alert. It repeats the last record's values and parameters, so the RESOLVED
     * record reports the last thing that was actually judged.
     */
    public static Finding clearFinding(Alert last) {
        Map<String, String> parameters = new LinkedHashMap<>(last.getProvenance());
        parameters.remove(RULE_VERSION_KEY);
        return new Finding(
                last.getRule(),
                last.getSubject(),
                null,
                false,
                last.getObserved(),
                last.getExpected(),
                last.getThreshold(),
                last.getScore(),
                last.getWindowStart().toEpochMilli(),
                last.getWindowEnd().toEpochMilli(),
                last.getEvidence(),
                parameters,
                new Finding.Statistics(
                        last.getPValue(), last.getRecurrenceDays(), last.getMethod(), last.getCampaign()));
    }
}
