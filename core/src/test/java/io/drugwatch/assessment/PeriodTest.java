package io.drugwatch.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PeriodTest {

    static final LocalDate OCT_21 = LocalDate.of(2022, 10, 21);

    @Test
    void eachKindHasAnIdThatParsesBack() {
        List<Period> periods = List.of(
                Period.month(YearMonth.of(2022, 10)),
                Period.quarter(2022, 3),
                Period.halfYear(2022, 1),
                Period.year(2022),
                Period.yearToDate(LocalDate.of(2022, 10, 31)));

        assertThat(periods)
                .extracting(Period::id)
                .containsExactly("2022-M10", "2022-Q3", "2022-H1", "2022", "2022-YTD-10-31");
        for (Period p : periods) {
            assertThat(Period.parse(p.id())).isEqualTo(p);
        }
    }

    @Test
    void idsOfOneKindSortInTimeOrder() {
        List<String> months = Stream.of(11, 2, 10, 1)
                .map(m -> Period.month(YearMonth.of(2022, m)).id())
                .sorted()
                .toList();
        assertThat(months).containsExactly("2022-M01", "2022-M02", "2022-M10", "2022-M11");

        assertThat(Stream.of(LocalDate.of(2022, 10, 3), LocalDate.of(2022, 2, 28), LocalDate.of(2022, 9, 30))
                        .map(d -> Period.yearToDate(d).id())
                        .sorted())
                .containsExactly("2022-YTD-02-28", "2022-YTD-09-30", "2022-YTD-10-03");
    }

    @Test
    void aDateFallsInItsMonthQuarterHalfAndYear() {
        assertThat(Period.containing(OCT_21))
                .extracting(Period::id)
                .containsExactly("2022-M10", "2022-Q4", "2022-H2", "2022");
        assertThat(Period.containing(LocalDate.of(2022, 6, 30)))
                .extracting(Period::id)
                .containsExactly("2022-M06", "2022-Q2", "2022-H1", "2022");
    }

    @Test
    void boundsAreBothIncluded() {
        Period q3 = Period.quarter(2022, 3);

        assertThat(q3.start()).isEqualTo(LocalDate.of(2022, 7, 1));
        assertThat(q3.end()).isEqualTo(LocalDate.of(2022, 9, 30));
        assertThat(q3.contains(q3.start())).isTrue();
        assertThat(q3.contains(q3.end())).isTrue();
        assertThat(q3.contains(LocalDate.of(2022, 6, 30))).isFalse();
        assertThat(q3.contains(LocalDate.of(2022, 10, 1))).isFalse();
    }

    @Test
    void theSamePeriodLastYear() {
        assertThat(Period.halfYear(2022, 1).sameLastYear()).isEqualTo(Period.halfYear(2021, 1));
        assertThat(Period.month(YearMonth.of(2024, 2)).sameLastYear().end()).isEqualTo(LocalDate.of(2023, 2, 28));
        assertThat(Period.yearToDate(OCT_21).sameLastYear()).isEqualTo(Period.yearToDate(LocalDate.of(2021, 10, 21)));
        // a year to 29 February compares with a year to 28 February
        assertThat(Period.yearToDate(LocalDate.of(2024, 2, 29)).sameLastYear().id())
                .isEqualTo("2023-YTD-02-28");
    }

    @Test
    void aYearToTheEndOfAMonthEndsWithTheMonth() {
        assertThat(Period.yearToDate(LocalDate.of(2022, 10, 31)).endsWithMonth())
                .isTrue();
        assertThat(Period.yearToDate(OCT_21).endsWithMonth()).isFalse();
    }

    @Test
    void refusesBoundsThatAreNotThePeriodsOwn() {
        assertThatThrownBy(() -> new Period(PeriodKind.QUARTER, LocalDate.of(2022, 2, 1), LocalDate.of(2022, 4, 30)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Period(PeriodKind.YEAR_TO_DATE, LocalDate.of(2022, 2, 1), OCT_21))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Period.parse("2022-Q5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Period.parse("2022-M13")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Period.parse("2022-YTD-02-30")).isInstanceOf(IllegalArgumentException.class);
    }
}
