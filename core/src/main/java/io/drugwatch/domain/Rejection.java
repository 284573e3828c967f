package io.drugwatch.domain;

import java.util.Objects;

/** A reason code for machines and a one-line detail for people. */
public record Rejection(RejectReason reason, String detail) {
    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }
}
