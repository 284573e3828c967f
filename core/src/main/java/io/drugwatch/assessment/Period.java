package io.drugwatch.assessment;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Month;
import java.time.YearMonth;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An assessment period: whole local days from {@code start} to {@code end}, both included. Its id reads
 * and sorts well: {@code 2022-M10}, {@code 2022-Q3}, {@code 2022-H1}, {@code 2022} and, for a year to a
 * date, {@code 2022-YTD-10-31}; within one kind and year, ids sort in time order.
 */
public record Period(PeriodKind kind, LocalDate start, LocalDate end) {

    private static final Pattern ID =
            Pattern.compile("(\\d{4})(?:-M(\\d{2})|-Q([1-4])|-H([12])|-YTD-(\\d{2}-\\d{2}))?");

    public Period {
        Objects.requireNonNull(kind, "kind");
        LocalDate first = kind == PeriodKind.YEAR_TO_DATE ? end.withDayOfYear(1) : firstDay(kind, start);
        LocalDate last = kind == PeriodKind.YEAR_TO_DATE ? end : lastDay(kind, start);
        if (!first.equals(start) || !last.equals(end)) {
            throw new IllegalArgumentException("not a " + kind + " period: " + start + ".." + end);
        }
    }

    /** The calendar period of {@code kind} containing {@code date}, or for YEAR_TO_DATE the one ending on it. */
    public static Period of(PeriodKind kind, LocalDate date) {
        if (kind == PeriodKind.YEAR_TO_DATE) {
            return yearToDate(date);
        }
        LocalDate first = firstDay(kind, date);
        return new Period(kind, first, lastDay(kind, first));
    }

    public static Period month(YearMonth month) {
        return of(PeriodKind.MONTH, month.atDay(1));
    }

    /** The {@code quarter}th quarter (1 to 4) of {@code year}. */
    public static Period quarter(int year, int quarter) {
        if (quarter < 1 || quarter > 4) {
            throw new IllegalArgumentException("quarter must be 1 to 4: " + quarter);
        }
        return of(PeriodKind.QUARTER, LocalDate.of(year, quarter * 3 - 2, 1));
    }

    /** The first (January to June) or second half of {@code year}. */
    public static Period halfYear(int year, int half) {
        if (half != 1 && half != 2) {
            throw new IllegalArgumentException("half must be 1 or 2: " + half);
        }
        return of(PeriodKind.HALF_YEAR, LocalDate.of(year, half * 6 - 5, 1));
    }

    public static Period year(int year) {
        return of(PeriodKind.YEAR, LocalDate.of(year, Month.JANUARY, 1));
    }

    public static Period yearToDate(LocalDate end) {
        return new Period(PeriodKind.YEAR_TO_DATE, end.withDayOfYear(1), end);
    }

    private static LocalDate firstDay(PeriodKind kind, LocalDate date) {
        int months = months(kind);
        return LocalDate.of(date.getYear(), (date.getMonthValue() - 1) / months * months + 1, 1);
    }

    private static LocalDate lastDay(PeriodKind kind, LocalDate first) {
        return first.plusMonths(months(kind)).minusDays(1);
    }

    private static int months(PeriodKind kind) {
        return switch (kind) {
            case MONTH -> 1;
            case QUARTER -> 3;
            case HALF_YEAR -> 6;
            case YEAR, YEAR_TO_DATE -> 12;
        };
    }

    /** The calendar periods (month, quarter, half year, year) that contain {@code date}. */
    public static List<Period> containing(LocalDate date) {
        return List.of(
                of(PeriodKind.MONTH, date),
                of(PeriodKind.QUARTER, date),
                of(PeriodKind.HALF_YEAR, date),
                of(PeriodKind.YEAR, date));
    }

    public boolean contains(LocalDate date) {
        return !date.isBefore(start) && !date.isAfter(end);
    }

    /** The same period a year earlier; a year to 29 February ends on 28 February the year before. */
    public Period sameLastYear() {
        return of(kind, kind == PeriodKind.YEAR_TO_DATE ? end.minusYears(1) : start.minusYears(1));
    }

    /** Whether the period ends on the last day of a month (a year to 31 October reads "1-10月"). */
    public boolean endsWithMonth() {
        return end.equals(YearMonth.from(end).atEndOfMonth());
    }

    public String id() {
        int y = start.getYear();
        return switch (kind) {
            case MONTH -> String.format("%d-M%02d", y, start.getMonthValue());
            case QUARTER -> y + "-Q" + ((start.getMonthValue() - 1) / 3 + 1);
            case HALF_YEAR -> y + "-H" + (start.getMonthValue() == 1 ? 1 : 2);
            case YEAR -> Integer.toString(y);
            case YEAR_TO_DATE -> String.format("%d-YTD-%02d-%02d", y, end.getMonthValue(), end.getDayOfMonth());
        };
    }

    /** The period of an id {@link #id()} wrote; IllegalArgumentException for any other text. */
    public static Period parse(String id) {
        Matcher m = ID.matcher(id);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a period id: '" + id + "'");
        }
        int y = Integer.parseInt(m.group(1));
        try {
            if (m.group(2) != null) {
                return month(YearMonth.of(y, Integer.parseInt(m.group(2))));
            } else if (m.group(3) != null) {
                return quarter(y, Integer.parseInt(m.group(3)));
            } else if (m.group(4) != null) {
                return halfYear(y, Integer.parseInt(m.group(4)));
            } else if (m.group(5) != null) {
                return yearToDate(LocalDate.parse(y + "-" + m.group(5)));
            }
            return year(y);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("not a period id: '" + id + "'", e);
        }
    }

    @Override
    public String toString() {
        return id();
    }
}
