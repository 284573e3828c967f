package io.drugwatch.assessment;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An area's designations: the decisions taken, in date order, and the latest month's proposals. What is in
 * force follows from the decisions alone; proposals sit beside them until someone decides.
 *
 * @param decisions oldest first
 * @param proposalsMonth the month the proposals were made for, or null before the first evaluation
 * @param proposals the latest month's proposals; empty when it proposed nothing
 */
public record DesignationState(List<Decision> decisions, YearMonth proposalsMonth, List<Proposal> proposals) {

    public static final DesignationState NONE = new DesignationState(List.of(), null, List.of());

    public DesignationState {
        decisions = List.copyOf(decisions);
        proposals = List.copyOf(proposals);
    }

    /**
     * This state with {@code decision} recorded.
     *
     * @throws IllegalStateException when it designates a kind in force, lifts one not in force, or is
     *     dated before the last decision
     */
    public DesignationState apply(Decision decision) {
        if (!decisions.isEmpty()
                && decision.date().isBefore(decisions.get(decisions.size() - 1).date())) {
            throw new IllegalStateException("decision of " + decision.date() + " is older than the last one");
        }
        boolean inForce = inForce(decision.date()).contains(decision.kind());
        if (inForce == (decision.action() == Decision.Action.DESIGNATE)) {
            throw new IllegalStateException(
                    decision.kind() + " is " + (inForce ? "already" : "not") + " in force on " + decision.date());
        }
        List<Decision> all = new ArrayList<>(decisions);
        all.add(decision);
        return new DesignationState(all, proposalsMonth, proposals);
    }

    /** This state with {@code month}'s proposals in place of the last ones. */
    public DesignationState proposing(YearMonth month, List<Proposal> latest) {
        return new DesignationState(decisions, month, latest);
    }

    /** The kinds in force at the end of {@code date}. */
    public Set<DesignationKind> inForce(LocalDate date) {
        Set<DesignationKind> kinds = EnumSet.noneOf(DesignationKind.class);
        for (Decision d : decisions) {
            if (d.date().isAfter(date)) {
                break;
            }
            if (d.action() == Decision.Action.DESIGNATE) {
                kinds.add(d.kind());
            } else {
                kinds.remove(d.kind());
            }
        }
        return kinds;
    }

    /** The decision that put {@code kind} in force on {@code date}, if it is. */
    public Optional<Decision> designation(DesignationKind kind, LocalDate date) {
        Decision last = null;
        for (Decision d : decisions) {
            if (d.date().isAfter(date)) {
                break;
            }
            if (d.kind() == kind) {
                last = d;
            }
        }
        return last != null && last.action() == Decision.Action.DESIGNATE ? Optional.of(last) : Optional.empty();
    }
}
