package io.drugwatch.assessment;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/**
 * 收戒 of an area in a period: counts only, and counties add up to their region ({@link #plus}).
 *
 * @param orders orders made in the period, by kind; zero kinds absent
 * @param reported of those orders, how many the person reported to by the end of the period, by kind
 * @param underManagement 在管在控 at the end of the period: persons reported to a community order in force
 * @param cleanThreeYears 戒断三年未复吸 at the end of the period
 */
public record Treatment(
        Map<TreatmentKind, Long> orders,
        Map<TreatmentKind, Long> reported,
        long underManagement,
        long cleanThreeYears) {

    public static final Treatment NONE = new Treatment(Map.of(), Map.of(), 0, 0);

    public Treatment {
        orders = nonZero(orders);
        reported = nonZero(reported);
        for (TreatmentKind k : TreatmentKind.values()) {
            if (reported.getOrDefault(k, 0L) > orders.getOrDefault(k, 0L)) {
                throw new IllegalArgumentException("more " + k + " reported than ordered");
            }
        }
    }

    /** The figures of the persons of one area in {@code period}; stocks are taken at its end. */
    public static Treatment of(Period period, Collection<PersonHistory> persons) {
        Map<TreatmentKind, Long> orders = new EnumMap<>(TreatmentKind.class);
        Map<TreatmentKind, Long> reported = new EnumMap<>(TreatmentKind.class);
        long managed = 0;
        long clean = 0;
        for (PersonHistory p : persons) {
            for (PersonHistory.Order o : p.orders(period.end())) {
                if (period.contains(o.ordered())) {
                    orders.merge(o.kind(), 1L, Long::sum);
                    if (o.reported() != null) {
                        reported.merge(o.kind(), 1L, Long::sum);
                    }
                }
            }
            managed += p.underManagement(period.end()) ? 1 : 0;
            clean += p.cleanThreeYears(period.end()) ? 1 : 0;
        }
        return new Treatment(orders, reported, managed, clean);
    }

    public Treatment plus(Treatment o) {
        Map<TreatmentKind, Long> sumOrders = new EnumMap<>(TreatmentKind.class);
        Map<TreatmentKind, Long> sumReported = new EnumMap<>(TreatmentKind.class);
        sumOrders.putAll(orders);
        sumReported.putAll(reported);
        o.orders.forEach((k, n) -> sumOrders.merge(k, n, Long::sum));
        o.reported.forEach((k, n) -> sumReported.merge(k, n, Long::sum));
        return new Treatment(
                sumOrders, sumReported, underManagement + o.underManagement, cleanThreeYears + o.cleanThreeYears);
    }

    public long orders(TreatmentKind kind) {
        return orders.getOrDefault(kind, 0L);
    }

    /** 执行率: persons who reported ÷ persons ordered, over the kinds given together. */
    public Rate executionRate(TreatmentKind... kinds) {
        long ordered = 0;
        long done = 0;
        for (TreatmentKind k : kinds) {
            ordered += orders(k);
            done += reported.getOrDefault(k, 0L);
        }
        return new Rate(done, ordered);
    }

    private static Map<TreatmentKind, Long> nonZero(Map<TreatmentKind, Long> counts) {
        Map<TreatmentKind, Long> m = new EnumMap<>(TreatmentKind.class);
        counts.forEach((k, n) -> {
            if (n < 0) {
                throw new IllegalArgumentException("negative count for " + k + ": " + n);
            }
            if (n != 0) {
                m.put(k, n);
            }
        });
        return Map.copyOf(m);
    }
}
