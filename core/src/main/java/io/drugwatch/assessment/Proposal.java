package io.drugwatch.assessment;

import java.time.YearMonth;
import java.util.List;

/**
 * What the monthly evaluation proposes for one kind of designation, with its evidence. A proposal
 * decides nothing: people do, and record it as a {@link Decision}.
 *
 * @param month the month evaluated, the last of the evidence
 */
public record Proposal(YearMonth month, DesignationKind kind, Action action, List<Evidence> evidence) {

    public enum Action {
        /** Put the area on the list. */
        DESIGNATE,
        /** Put the area on a list more severe than every one it is on. */
        ESCALATE,
        /** Take the area off the list (摘帽). */
        LIFT
    }

    public Proposal {
        evidence = List.copyOf(evidence);
    }
}
