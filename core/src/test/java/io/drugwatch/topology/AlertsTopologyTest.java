package io.drugwatch.topology;

import static io.drugwatch.topology.Events.JINPING;
import static io.drugwatch.topology.Events.LUDIAN;
import static io.drugwatch.topology.Events.ZHAOYANG;
import static io.drugwatch.topology.Events.arrest;
import static io.drugwatch.topology.Events.county;
import static io.drugwatch.topology.Events.inspection;
import static io.drugwatch.topology.Events.local;
import static io.drugwatch.topology.Events.seizure;
import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.alerting.AlertSettings;
import io.drugwatch.model.Alert;
import io.drugwatch.model.AlertRule;
import io.drugwatch.model.AlertStatus;
import io.drugwatch.model.DrugType;
import io.drugwatch.model.InspectionOutcome;
import io.drugwatch.model.Offense;
import io.drugwatch.model.Severity;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AlertsTopologyTest {

    private PipelineDriver p = new PipelineDriver();

    @AfterEach
    void close() {
        p.close();
    }

    private void streamTimeTo(Instant t) {
        p.inspections.pipeInput(ZHAOYANG, inspection("clock-" + t, ZHAOYANG, t, 1, InspectionOutcome.CLEAR), t);
    }

    private List<Alert> alerts() {
        return p.alerts.readValuesToList();
    }

    @Test
    void aTenKiloSeizureIsACriticalAlertAtOnceAndResolvesByItself() {
        p.counties.pipeInput(JINPING, county(JINPING, "金平苗族瑶族傣族自治县", 331_377L, true), Instant.EPOCH);
        Instant t = local("2026-11-20", "14:30");
        p.seizures.pipeInput(JINPING, seizure("big-1", JINPING, t, DrugType.METHAMPHETAMINE, 12_500), t);
        p.seizures.pipeInput(JINPING, seizure("big-1", JINPING, t, DrugType.METHAMPHETAMINE, 12_500), t);

        List<Alert> opened = alerts();
        assertThat(opened).hasSize(1);
        Alert a = opened.get(0);
        assertThat(a.getRule()).isEqualTo(AlertRule.LARGE_SEIZURE);
        assertThat(a.getStatus()).isEqualTo(AlertStatus.OPEN);
        assertThat(a.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(a.getSubject()).isEqualTo("big-1");
        assertThat(a.getEvidence()).containsExactly("big-1");
        assertThat(a.getObserved()).isEqualTo(12_500.0);
        assertThat(a.getCountyName()).isEqualTo("金平苗族瑶族傣族自治县");
        assertThat(a.getSummary()).contains("12,500").contains("金平");
        assertThat(a.getProvenance()).containsKey("ruleVersion");
        assertThat(p.alertsCritical.readValuesToList()).containsExactly(a);
        assertThat(p.alertsWarning.isEmpty()).isTrue();
        assertThat(p.alertsOpen.readKeyValuesToMap()).containsEntry(a.getAlertId(), a);
        assertThat(p.counter("alerts-total", Map.of("rule", "LARGE_SEIZURE", "severity", "CRITICAL", "status", "OPEN")))
                .isEqualTo(1);

        // a day later in event time, at the next close of a day, it resolves by itself
        streamTimeTo(local("2026-11-24", "01:00"));
        List<Alert> later = alerts().stream()
                .filter(x -> x.getRule() == AlertRule.LARGE_SEIZURE)
                .toList();
        assertThat(later).singleElement().satisfies(r -> {
            assertThat(r.getStatus()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(r.getAlertId()).isEqualTo(a.getAlertId());
        });
        List<TestRecord<String, Alert>> open = p.alertsOpen.readRecordsToList();
        assertThat(open)
                .filteredOn(r -> r.key().equals(a.getAlertId()))
                .last()
                .satisfies(r -> assertThat(r.value().getStatus()).isEqualTo(AlertStatus.RESOLVED));

        // a day after resolving, alerts-open forgets it with a tombstone
        streamTimeTo(local("2026-11-26", "01:00"));
        assertThat(p.alertsOpen.readRecordsToList())
                .filteredOn(r -> r.key().equals(a.getAlertId()))
                .singleElement()
                .satisfies(r -> assertThat(r.value()).isNull());
    }

    @Test
    void aKiloSeizureIsAWarningAndSmallOnesAreNothing() {
        Instant t = local("2026-11-20", "09:00");
        p.seizures.pipeInput(LUDIAN, seizure("s-small", LUDIAN, t, DrugType.HEROIN, 999.9), t);
        p.seizures.pipeInput(LUDIAN, seizure("s-kilo", LUDIAN, t, DrugType.HEROIN, 1_443.24), t);
        p.seizures.pipeInput(LUDIAN, seizure("s-prec", LUDIAN, t, DrugType.PRECURSOR, 300_000), t);
        assertThat(alerts()).singleElement().satisfies(a -> {
            assertThat(a.getSubject()).isEqualTo("s-kilo");
            assertThat(a.getSeverity()).isEqualTo(Severity.WARNING);
        });
        assertThat(p.alertsWarning.readValuesToList()).hasSize(1);
    }

    /** Two USE arrests a day on each of the {@code days} days before {@code day}. */
    private int baseline(LocalDate day, int days) {
        int n = 0;
        for (int back = days; back >= 1; back--) {
            for (int i = 0; i < 2; i++) {
                Instant t = local(day.minusDays(back).toString(), "10:00").plusSeconds(i * 60L);
                p.arrests.pipeInput(LUDIAN, arrest("b" + n++, LUDIAN, t, Offense.USE, 1), t);
            }
        }
        return n;
    }

    private void arrestsOn(LocalDate day, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            Instant t = local(day.toString(), "11:00").plusSeconds(i * 60L);
            p.arrests.pipeInput(LUDIAN, arrest(prefix + i, LUDIAN, t, Offense.TRAFFICKING, 1), t);
        }
    }

    @Test
    void anArrestSpikeOpensOnceAndResolvesAfterTwoClearDays() {
        LocalDate spike = LocalDate.parse("2026-11-20");
        baseline(spike, 45);
        arrestsOn(spike, "spike", 24);
        for (int day = 1; day <= 24; day++) {
            arrestsOn(spike.plusDays(day), "after" + day + "-", 2);
        }
        streamTimeTo(local(spike.plusDays(27).toString(), "00:00"));

        List<Alert> spikes = alerts().stream()
                .filter(a ->
                        a.getRule() == AlertRule.COUNT_SPIKE && a.getSubject().equals("ARREST_EVENTS"))
                .toList();
        assertThat(spikes)
                .as(spikes.toString())
                .extracting(Alert::getStatus)
                .containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
        Alert open = spikes.get(0);
        // the week to the spike day against 2 a day
        assertThat(open.getObserved()).isEqualTo(36.0);
        assertThat(open.getExpected()).isBetween(13.5, 14.5);
        assertThat(open.getSeverity()).isEqualTo(Severity.WARNING);
        assertThat(open.getWindowStart()).isEqualTo(local(spike.minusDays(6).toString(), "00:00"));
        double alpha = AlertSettings.defaults().forCounty(LUDIAN).countSpikeAlpha();
        assertThat(open.getPValue()).isLessThan(alpha);
        assertThat(open.getRecurrenceDays()).isGreaterThan(1 / (4 * alpha));
        assertThat(open.getMethod()).contains("predictive negative binomial");
        assertThat(open.getWindowEnd()).isEqualTo(local(spike.plusDays(1).toString(), "00:00"));
        assertThat(open.getAlertId()).isEqualTo("COUNT_SPIKE-" + LUDIAN + "-ARREST_EVENTS-2026-11-20");
        // it holds while the spike day is in a judged window, then two clear days resolve it
        assertThat(spikes.get(1).getAlertId()).isEqualTo(open.getAlertId());
        assertThat(spikes.get(1).getUpdatedAt())
                .isAfter(local(spike.plusDays(14).toString(), "00:00"));
    }

    @Test
    void aSpikeThatGrowsEscalatesOnceAndDoesNotRepeat() {
        LocalDate d = LocalDate.parse("2026-11-20");
        baseline(d, 45);
        // six days at 6 instead of 2 (a WARNING once the week holds enough), then a day of 20 (CRITICAL)
        for (int day = 0; day < 6; day++) {
            arrestsOn(d.plusDays(day), "s" + day + "-", 6);
        }
        arrestsOn(d.plusDays(6), "s6-", 20);
        arrestsOn(d.plusDays(7), "s7-", 20);
        streamTimeTo(local(d.plusDays(10).toString(), "00:00"));
        List<Alert> arrests = alerts().stream()
                .filter(a ->
                        a.getRule() == AlertRule.COUNT_SPIKE && a.getSubject().equals("ARREST_EVENTS"))
                .toList();
        assertThat(arrests)
                .extracting(Alert::getStatus, Alert::getSeverity)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(AlertStatus.OPEN, Severity.WARNING),
                        org.assertj.core.groups.Tuple.tuple(AlertStatus.ESCALATED, Severity.CRITICAL));
        assertThat(arrests)
                .extracting(Alert::getAlertId)
                .containsOnly(arrests.get(0).getAlertId());
    }

    @Test
    void aCountysFirstBusyDaysAreNotSpikesAgainstDaysBeforeTheDataBegan() {
        LocalDate first = LocalDate.parse("2026-11-01");
        int n = 0;
        for (int day = 0; day < 8; day++) {
            for (int i = 0; i < 4; i++) {
                Instant t = local(first.plusDays(day).toString(), "10:00").plusSeconds(i * 60L);
                p.arrests.pipeInput(LUDIAN, arrest("w" + n++, LUDIAN, t, Offense.USE, 1), t);
            }
        }
        streamTimeTo(local(first.plusDays(12).toString(), "00:00"));
        assertThat(alerts()).isEmpty();
    }

    @Test
    void oneArrestOfSeveralSuspectsInAQuietCountyIsNotASpike() {
        LocalDate day = LocalDate.parse("2026-11-20");
        for (int back = 12; back >= 1; back--) {
            Instant t = local(day.minusDays(back).toString(), "10:00");
            p.arrests.pipeInput(LUDIAN, arrest("q" + back, LUDIAN, t, Offense.USE, 1), t);
        }
        Instant t = local(day.toString(), "10:00");
        p.arrests.pipeInput(LUDIAN, arrest("gang", LUDIAN, t, Offense.TRAFFICKING, 6), t);
        streamTimeTo(local(day.plusDays(3).toString(), "00:00"));
        assertThat(alerts()).noneMatch(a -> a.getSubject().equals("SUSPECTS"));
    }

    @Test
    void theSameInputGivesTheSameAlertIds() {
        Instant t = local("2026-11-20", "14:30");
        p.seizures.pipeInput(JINPING, seizure("big-2", JINPING, t, DrugType.HEROIN, 15_000), t);
        String first = alerts().get(0).getAlertId();
        p.close();
        p = new PipelineDriver();
        p.seizures.pipeInput(JINPING, seizure("big-2", JINPING, t, DrugType.HEROIN, 15_000), t);
        assertThat(alerts().get(0).getAlertId()).isEqualTo(first);
    }

    @Test
    void rulesCanBeTurnedOffAndTunedPerCounty() {
        p.close();
        p = new PipelineDriver(Map.of(
                "alert.county.532530.large-seizure.critical.grams",
                "50000",
                "alert.county.530621.large-seizure.enabled",
                "false"));
        Instant t = local("2026-11-20", "14:30");
        p.seizures.pipeInput(JINPING, seizure("j", JINPING, t, DrugType.HEROIN, 15_000), t);
        p.seizures.pipeInput(LUDIAN, seizure("l", LUDIAN, t, DrugType.HEROIN, 15_000), t);
        assertThat(alerts()).singleElement().satisfies(a -> {
            assertThat(a.getCountyCode()).isEqualTo(JINPING);
            assertThat(a.getSeverity()).isEqualTo(Severity.WARNING);
        });
    }
}
