package io.drugwatch.assessment;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One person's treatment steps in date order: the per-person state the topology keeps under the person
 * reference. It holds no reference itself, and only counts over histories leave it ({@link Treatment#of}).
 *
 * <p>A person has one order in force at a time: a new order ends the one before (a relapse in community
 * detox leads to compulsory isolation, whose release leads to community rehabilitation). REPORTED,
 * COMPLETED and ABSCONDED apply to the order in force of their kind; one without such an order changes
 * nothing.
 */
public record PersonHistory(List<Step> steps) {

    /** One step, without the person. */
    public record Step(LocalDate date, TreatmentKind kind, TreatmentStatus status) {}

    /** An order as the steps make it. {@code ended} is null while it is in force. */
    public record Order(
            TreatmentKind kind, LocalDate ordered, LocalDate reported, LocalDate ended, TreatmentStatus endedBy) {

        boolean inForceOn(LocalDate date) {
            return !ordered.isAfter(date) && (ended == null || ended.isAfter(date));
        }
    }

    private static final Comparator<Step> ORDER = Comparator.comparing(Step::date)
            .thenComparing(Step::status)
            .thenComparing(Step::kind, Comparator.nullsFirst(Comparator.naturalOrder()));

    public PersonHistory {
        steps = steps.stream().distinct().sorted(ORDER).toList();
    }

    public static PersonHistory of(TreatmentEvent event) {
        return new PersonHistory(List.of()).with(event);
    }

    /** This history with {@code event} in its place; a step repeated is kept once. */
    public PersonHistory with(TreatmentEvent event) {
        List<Step> all = new ArrayList<>(steps);
        all.add(new Step(event.date(), event.kind(), event.status()));
        return new PersonHistory(all);
    }

    /** The orders, oldest first, from the steps dated up to {@code asOf}. */
    public List<Order> orders(LocalDate asOf) {
        List<Order> orders = new ArrayList<>();
        for (Step s : steps) {
            if (s.date().isAfter(asOf)) {
                break;
            }
            int last = orders.size() - 1;
            Order current = last < 0 || orders.get(last).ended() != null ? null : orders.get(last);
            switch (s.status()) {
                case ORDERED -> {
                    if (current != null) {
                        orders.set(last, end(current, s.date(), TreatmentStatus.ORDERED));
                    }
                    orders.add(new Order(s.kind(), s.date(), null, null, null));
                }
                case REPORTED -> {
                    if (current != null && current.kind() == s.kind() && current.reported() == null) {
                        orders.set(last, new Order(current.kind(), current.ordered(), s.date(), null, null));
                    }
                }
                case COMPLETED, ABSCONDED -> {
                    if (current != null && current.kind() == s.kind()) {
                        orders.set(last, end(current, s.date(), s.status()));
                    }
                }
                case RELAPSED -> {}
            }
        }
        return orders;
    }

    private static Order end(Order o, LocalDate date, TreatmentStatus by) {
        return new Order(o.kind(), o.ordered(), o.reported(), date, by);
    }

    /** 在管在控: reported to a community order that is in force on {@code date}. */
    public boolean underManagement(LocalDate date) {
        return orders(date).stream().anyMatch(o -> o.kind().community() && o.reported() != null && o.inForceOn(date));
    }

    /**
     * 戒断三年未复吸: no relapse and no new order for three years up to {@code date}, and not absconded (a
     * person out of control cannot be known to be clean). False for a person without an order.
     */
    public boolean cleanThreeYears(LocalDate date) {
        List<Order> orders = orders(date);
        if (orders.isEmpty() || orders.get(orders.size() - 1).endedBy() == TreatmentStatus.ABSCONDED) {
            return false;
        }
        LocalDate lastUse = orders.get(orders.size() - 1).ordered();
        for (Step s : steps) {
            if (s.status() == TreatmentStatus.RELAPSED
                    && !s.date().isAfter(date)
                    && s.date().isAfter(lastUse)) {
                lastUse = s.date();
            }
        }
        return !lastUse.plusYears(3).isAfter(date);
    }
}
