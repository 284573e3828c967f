package io.drugwatch.assessment;

import static io.drugwatch.assessment.TreatmentKind.COMMUNITY_DETOX;
import static io.drugwatch.assessment.TreatmentKind.COMMUNITY_REHABILITATION;
import static io.drugwatch.assessment.TreatmentKind.COMPULSORY_ISOLATION;
import static io.drugwatch.assessment.TreatmentStatus.ABSCONDED;
import static io.drugwatch.assessment.TreatmentStatus.COMPLETED;
import static io.drugwatch.assessment.TreatmentStatus.ORDERED;
import static io.drugwatch.assessment.TreatmentStatus.RELAPSED;
import static io.drugwatch.assessment.TreatmentStatus.REPORTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TreatmentTest {

    static final LocalDate MARCH = LocalDate.of(2022, 3, 1);
    static final Period JAN_TO_OCT = Period.yearToDate(LocalDate.of(2022, 10, 31));

    /** Folds events into histories the way the topology's per-person store will. */
    static final class Ledger {
        final Map<String, PersonHistory> persons = new LinkedHashMap<>();
        int next;

        Ledger add(TreatmentEvent e) {
            persons.merge(e.personRef(), PersonHistory.of(e), (old, fresh) -> old.with(e));
            return this;
        }

        /** {@code n} new persons ordered to {@code kind}, the first {@code reporting} of them reporting a week later. */
        Ledger orders(TreatmentKind kind, int n, int reporting, LocalDate date) {
            for (int i = 0; i < n; i++) {
                String ref = "P" + ++next;
                add(new TreatmentEvent(ref, date, kind, ORDERED));
                if (i < reporting) {
                    add(new TreatmentEvent(ref, date.plusDays(7), kind, REPORTED));
                }
            }
            return this;
        }

        Treatment treatment(Period period) {
            return Treatment.of(period, persons.values());
        }
    }

    @Test
    void ludianOrdersOfJanuaryToOctober2022() {
        // seed 001: 强制隔离戒毒14人，社区戒毒22人，社区康复111人
        Ledger l = new Ledger()
                .orders(COMPULSORY_ISOLATION, 14, 14, MARCH)
                .orders(COMMUNITY_DETOX, 22, 22, MARCH)
                .orders(COMMUNITY_REHABILITATION, 111, 111, MARCH)
                .orders(COMMUNITY_DETOX, 5, 5, LocalDate.of(2021, 12, 31))
                .orders(COMMUNITY_DETOX, 3, 3, LocalDate.of(2022, 11, 1));

        Treatment t = l.treatment(JAN_TO_OCT);

        assertThat(t.orders())
                .isEqualTo(Map.of(COMPULSORY_ISOLATION, 14L, COMMUNITY_DETOX, 22L, COMMUNITY_REHABILITATION, 111L));
    }

    @Test
    void zhaotongExecutionRatesOf2022() {
        // seed 001: 社区戒毒执行率81.07%，社区康复执行率94.25%
        Treatment t = new Ledger()
                .orders(COMMUNITY_DETOX, 169, 137, MARCH)
                .orders(COMMUNITY_REHABILITATION, 87, 82, MARCH)
                .treatment(Period.year(2022));

        assertThat(t.executionRate(COMMUNITY_DETOX)).isEqualTo(new Rate(137, 169));
        assertThat(t.executionRate(COMMUNITY_DETOX).format()).isEqualTo("81.07%");
        assertThat(t.executionRate(COMMUNITY_REHABILITATION).format()).isEqualTo("94.25%");
        assertThat(t.executionRate(COMMUNITY_DETOX, COMMUNITY_REHABILITATION)).isEqualTo(new Rate(219, 256));
        assertThat(t.executionRate(COMPULSORY_ISOLATION).format()).isEqualTo("—");
    }

    @Test
    void aReportAfterThePeriodDoesNotCountInIt() {
        Ledger l = new Ledger().orders(COMMUNITY_DETOX, 1, 1, LocalDate.of(2022, 3, 28));

        assertThat(l.treatment(Period.quarter(2022, 1)).executionRate(COMMUNITY_DETOX))
                .isEqualTo(new Rate(0, 1));
        assertThat(l.treatment(Period.halfYear(2022, 1)).executionRate(COMMUNITY_DETOX))
                .isEqualTo(new Rate(1, 1));
    }

    @Test
    void underManagementAreThoseReportedToACommunityOrderInForce() {
        LocalDate d = LocalDate.of(2020, 1, 1);
        Ledger l = new Ledger()
                // reported, in force
                .add(new TreatmentEvent("a", d, COMMUNITY_DETOX, ORDERED))
                .add(new TreatmentEvent("a", d, COMMUNITY_DETOX, REPORTED))
                // never reported
                .add(new TreatmentEvent("b", d, COMMUNITY_DETOX, ORDERED))
                // absconded
                .add(new TreatmentEvent("c", d, COMMUNITY_REHABILITATION, ORDERED))
                .add(new TreatmentEvent("c", d, COMMUNITY_REHABILITATION, REPORTED))
                .add(new TreatmentEvent("c", d.plusMonths(6), COMMUNITY_REHABILITATION, ABSCONDED))
                // completed
                .add(new TreatmentEvent("d", d, COMMUNITY_DETOX, ORDERED))
                .add(new TreatmentEvent("d", d, COMMUNITY_DETOX, REPORTED))
                .add(new TreatmentEvent("d", d.plusYears(3), COMMUNITY_DETOX, COMPLETED))
                // relapsed in community detox, then isolated: not in the community
                .add(new TreatmentEvent("e", d, COMMUNITY_DETOX, ORDERED))
                .add(new TreatmentEvent("e", d, COMMUNITY_DETOX, REPORTED))
                .add(new TreatmentEvent("e", d.plusMonths(2), null, RELAPSED))
                .add(new TreatmentEvent("e", d.plusMonths(3), COMPULSORY_ISOLATION, ORDERED));

        assertThat(l.treatment(Period.month(YearMonth.of(2020, 1))).underManagement())
                .isEqualTo(4);
        assertThat(l.treatment(Period.year(2022)).underManagement()).isEqualTo(2);
        assertThat(l.treatment(Period.year(2023)).underManagement()).isEqualTo(1);
    }

    @Test
    void threeYearsWithoutRelapseCountFromTheLastOrderOrRelapse() {
        LocalDate d = LocalDate.of(2019, 1, 10);
        PersonHistory clean = history(
                new TreatmentEvent("a", d, COMMUNITY_DETOX, ORDERED),
                new TreatmentEvent("a", d.plusDays(3), COMMUNITY_DETOX, REPORTED));
        assertThat(clean.cleanThreeYears(d.plusYears(3).minusDays(1))).isFalse();
        assertThat(clean.cleanThreeYears(d.plusYears(3))).isTrue();

        PersonHistory relapsed = history(
                new TreatmentEvent("b", d, COMMUNITY_DETOX, ORDERED),
                new TreatmentEvent("b", d.plusYears(1), null, RELAPSED));
        assertThat(relapsed.cleanThreeYears(d.plusYears(3))).isFalse();
        assertThat(relapsed.cleanThreeYears(d.plusYears(4))).isTrue();
        // a relapse after the date asked about is not known then
        assertThat(history(
                                new TreatmentEvent("b", d, COMMUNITY_DETOX, ORDERED),
                                new TreatmentEvent("b", d.plusYears(5), null, RELAPSED))
                        .cleanThreeYears(d.plusYears(4)))
                .isTrue();

        PersonHistory absconded = history(
                new TreatmentEvent("c", d, COMMUNITY_DETOX, ORDERED),
                new TreatmentEvent("c", d.plusMonths(1), COMMUNITY_DETOX, ABSCONDED));
        assertThat(absconded.cleanThreeYears(d.plusYears(5))).isFalse();

        PersonHistory reordered = history(
                new TreatmentEvent("e", d, COMMUNITY_DETOX, ORDERED),
                new TreatmentEvent("e", d.plusYears(2), COMPULSORY_ISOLATION, ORDERED));
        assertThat(reordered.cleanThreeYears(d.plusYears(4))).isFalse();
        assertThat(reordered.cleanThreeYears(d.plusYears(5))).isTrue();
    }

    @Test
    void stepsApplyInDateOrderWhateverTheOrderOfArrivalAndOnce() {
        LocalDate d = LocalDate.of(2021, 5, 1);
        List<TreatmentEvent> events = List.of(
                new TreatmentEvent("a", d, COMMUNITY_DETOX, ORDERED),
                new TreatmentEvent("a", d.plusDays(2), COMMUNITY_DETOX, REPORTED),
                new TreatmentEvent("a", d.plusYears(3), COMMUNITY_DETOX, COMPLETED));
        List<TreatmentEvent> reversed = new ArrayList<>(events);
        Collections.reverse(reversed);
        reversed.add(events.get(1));

        PersonHistory h = history(reversed.toArray(TreatmentEvent[]::new));

        assertThat(h).isEqualTo(history(events.toArray(TreatmentEvent[]::new)));
        assertThat(h.orders(d.plusYears(4)))
                .containsExactly(new PersonHistory.Order(
                        COMMUNITY_DETOX, d, d.plusDays(2), d.plusYears(3), TreatmentStatus.COMPLETED));
    }

    @Test
    void countiesAddUpToTheirRegion() {
        Treatment a = new Ledger().orders(COMMUNITY_DETOX, 10, 8, MARCH).treatment(Period.year(2022));
        Treatment b = new Ledger().orders(COMMUNITY_DETOX, 5, 5, MARCH).treatment(Period.year(2022));

        Treatment sum = a.plus(b);

        assertThat(sum.orders(COMMUNITY_DETOX)).isEqualTo(15);
        assertThat(sum.executionRate(COMMUNITY_DETOX)).isEqualTo(new Rate(13, 15));
        assertThat(sum.underManagement()).isEqualTo(13);
        assertThat(Treatment.NONE.plus(a)).isEqualTo(a);
    }

    @Test
    void aStepOtherThanRelapseNamesItsKind() {
        assertThatThrownBy(() -> new TreatmentEvent("a", MARCH, null, REPORTED))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static PersonHistory history(TreatmentEvent... events) {
        PersonHistory h = PersonHistory.of(events[0]);
        for (int i = 1; i < events.length; i++) {
            h = h.with(events[i]);
        }
        return h;
    }
}
