package io.drugwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.domain.WindowCalendar;
import io.drugwatch.model.AlertRule;
import io.drugwatch.model.AlertStatus;
import io.drugwatch.model.DrugType;
import io.drugwatch.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertLifecycleTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final WindowCalendar CALENDAR = new WindowCalendar(SHANGHAI, Duration.ofHours(48));
    static final String JINPING = "532530";
    static final LocalDate DAY = LocalDate.of(2026, 11, 14);

    private final AlertLifecycle lifecycle = new AlertLifecycle(2, SHANGHAI);

    @Test
    void opensOnceAndDoesNotRepeatWhileTheConditionHolds() {
        AlertLifecycle.Step opened = lifecycle.apply(null, spike(DAY, Severity.WARNING, true), JINPING, end(DAY));

        assertThat(opened.transition())
                .contains(new Transition(
                        AlertStatus.OPEN, Severity.WARNING, "COUNT_SPIKE-532530-ARREST_EVENTS-2026-11-14", end(DAY)));
        assertThat(opened.next())
                .isEqualTo(new AlertState(
                        "COUNT_SPIKE-532530-ARREST_EVENTS-2026-11-14",
                        AlertStatus.OPEN,
                        Severity.WARNING,
                        end(DAY),
                        0,
                        Long.MAX_VALUE));

        AlertLifecycle.Step again = lifecycle.apply(
                opened.next(), spike(DAY.plusDays(1), Severity.WARNING, true), JINPING, end(DAY.plusDays(1)));
        assertThat(again.transition()).isEmpty();
        assertThat(again.next()).isSameAs(opened.next());
    }

    @Test
    void theSameInputGivesTheSameId() {
        Finding f = spike(DAY, Severity.CRITICAL, true);

        assertThat(lifecycle.apply(null, f, JINPING, end(DAY)))
                .isEqualTo(new AlertLifecycle(2, SHANGHAI).apply(null, f, JINPING, end(DAY)));
    }

    @Test
    void escalatesOnlyUpward() {
        AlertState open = lifecycle
                .apply(null, spike(DAY, Severity.WARNING, true), JINPING, end(DAY))
                .next();

        AlertLifecycle.Step up =
                lifecycle.apply(open, spike(DAY.plusDays(1), Severity.CRITICAL, true), JINPING, end(DAY.plusDays(1)));
        assertThat(up.transition())
                .contains(new Transition(AlertStatus.ESCALATED, Severity.CRITICAL, open.alertId(), end(DAY)));
        assertThat(up.next().severity()).isEqualTo(Severity.CRITICAL);

        AlertLifecycle.Step down = lifecycle.apply(
                up.next(), spike(DAY.plusDays(2), Severity.WARNING, true), JINPING, end(DAY.plusDays(2)));
        assertThat(down.transition()).isEmpty();
        assertThat(down.next().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(down.next().status()).isEqualTo(AlertStatus.ESCALATED);
    }

    @Test
    void hysteresisKeepsAHoveringValueFromFlapping() {
        // the score alternates between just above the threshold and between threshold x hysteresis and it
        List<Transition> transitions = new ArrayList<>();
        AlertState state = null;
        for (int i = 0; i < 10; i++) {
            Finding f = spike(DAY.plusDays(i), i % 2 == 0 ? Severity.WARNING : null, true);
            AlertLifecycle.Step step = lifecycle.apply(state, f, JINPING, end(DAY.plusDays(i)));
            step.transition().ifPresent(transitions::add);
            state = step.next();
        }

        assertThat(transitions).extracting(Transition::status).containsExactly(AlertStatus.OPEN);
        assertThat(state.isOpen()).isTrue();
    }

    @Test
    void resolvesAfterTwoClearEvaluationsInARow() {
        AlertState state = lifecycle
                .apply(null, spike(DAY, Severity.WARNING, true), JINPING, end(DAY))
                .next();

        AlertLifecycle.Step first =
                lifecycle.apply(state, spike(DAY.plusDays(1), null, false), JINPING, end(DAY.plusDays(1)));
        assertThat(first.transition()).isEmpty();
        assertThat(first.next().clearCount()).isEqualTo(1);

        // a holding evaluation in between starts the count again
        AlertLifecycle.Step held =
                lifecycle.apply(first.next(), spike(DAY.plusDays(2), null, true), JINPING, end(DAY.plusDays(2)));
        assertThat(held.next().clearCount()).isZero();

        AlertState afterOne = lifecycle
                .apply(held.next(), spike(DAY.plusDays(3), null, false), JINPING, end(DAY.plusDays(3)))
                .next();
        AlertLifecycle.Step second =
                lifecycle.apply(afterOne, spike(DAY.plusDays(4), null, false), JINPING, end(DAY.plusDays(4)));

        assertThat(second.transition())
                .contains(new Transition(AlertStatus.RESOLVED, Severity.WARNING, state.alertId(), end(DAY)));
        assertThat(second.next().status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(second.next().isOpen()).isFalse();

        AlertLifecycle.Step quiet =
                lifecycle.apply(second.next(), spike(DAY.plusDays(5), null, false), JINPING, end(DAY.plusDays(5)));
        assertThat(quiet.transition()).isEmpty();
        assertThat(quiet.next()).isSameAs(second.next());
    }

    @Test
    void aClearEvaluationWithoutStateRemembersNothing() {
        AlertLifecycle.Step step = lifecycle.apply(null, spike(DAY, null, true), JINPING, end(DAY));

        assertThat(step.next()).isNull();
        assertThat(step.transition()).isEmpty();
    }

    @Test
    void aTriggerAfterAResolveIsANewIncident() {
        AlertState resolved = new AlertState(
                "COUNT_SPIKE-532530-ARREST_EVENTS-2026-11-14",
                AlertStatus.RESOLVED,
                Severity.CRITICAL,
                end(DAY),
                0,
                Long.MAX_VALUE);

        AlertLifecycle.Step later = lifecycle.apply(
                resolved, spike(DAY.plusDays(6), Severity.WARNING, true), JINPING, end(DAY.plusDays(6)));
        assertThat(later.transition().orElseThrow().alertId()).isEqualTo("COUNT_SPIKE-532530-ARREST_EVENTS-2026-11-20");
        assertThat(later.transition().orElseThrow().status()).isEqualTo(AlertStatus.OPEN);
        assertThat(later.next().severity()).isEqualTo(Severity.WARNING);
        assertThat(later.next().firstSeenAt()).isEqualTo(end(DAY.plusDays(6)));

        AlertLifecycle.Step sameDay = lifecycle.apply(resolved, spike(DAY, Severity.WARNING, true), JINPING, end(DAY));
        assertThat(sameDay.next().alertId()).isEqualTo("COUNT_SPIKE-532530-ARREST_EVENTS-2026-11-14-2");

        AlertState resolvedAgain = new AlertState(
                sameDay.next().alertId(), AlertStatus.RESOLVED, Severity.WARNING, end(DAY), 0, Long.MAX_VALUE);
        assertThat(lifecycle
                        .apply(resolvedAgain, spike(DAY, Severity.WARNING, true), JINPING, end(DAY))
                        .next()
                        .alertId())
                .isEqualTo("COUNT_SPIKE-532530-ARREST_EVENTS-2026-11-14-3");
    }

    @Test
    void aPerEventAlertExpiresAfterItsLifetimeOfEventTime() {
        AlertRules rules =
                new AlertRules(AlertSettings.from(Map.of("alert.large-seizure.resolve.after", "PT12H")), CALENDAR);
        Finding seizure = rules.largeSeizure(AlertRulesTest.seizure("sz-9", DrugType.HEROIN, 2_000))
                .orElseThrow();
        long occurredAt = Instant.parse("2026-11-14T02:00:00Z").toEpochMilli();

        AlertLifecycle.Step opened = lifecycle.apply(null, seizure, JINPING, occurredAt);
        assertThat(opened.next().alertId()).isEqualTo("LARGE_SEIZURE-532530-sz-9-2026-11-14");
        assertThat(opened.next().resolveAt())
                .isEqualTo(occurredAt + Duration.ofHours(12).toMillis());

        assertThat(lifecycle.expire(
                        opened.next(), occurredAt + Duration.ofHours(12).toMillis() - 1))
                .isEmpty();
        assertThat(lifecycle.expire(
                        opened.next(), occurredAt + Duration.ofHours(12).toMillis()))
                .contains(new Transition(
                        AlertStatus.RESOLVED, Severity.WARNING, "LARGE_SEIZURE-532530-sz-9-2026-11-14", occurredAt));
    }

    @Test
    void dailyAlertsDoNotExpire() {
        AlertState open = lifecycle
                .apply(null, spike(DAY, Severity.WARNING, true), JINPING, end(DAY))
                .next();

        assertThat(lifecycle.expire(open, Long.MAX_VALUE - 1)).isEmpty();
    }

    static Finding spike(LocalDate day, Severity severity, boolean holding) {
        return new Finding(
                AlertRule.COUNT_SPIKE,
                "ARREST_EVENTS",
                severity,
                holding,
                7,
                2.7,
                3,
                4.3,
                CALENDAR.dayStart(day),
                CALENDAR.dayEnd(day),
                List.of(),
                Map.of("alert.count-spike.alarm-days", "4"),
                Finding.Statistics.NONE);
    }

    static long end(LocalDate day) {
        return CALENDAR.dayEnd(day);
    }
}
