package io.drugwatch.alerting;

import io.drugwatch.model.AlertRule;
import java.util.Objects;

/**
 * Whether a rule could judge a county's subject on a day. A county too sparse for a rule, or whose
 * baseline has not been observed long enough, is {@link Status#INSUFFICIENT_DATA}: not a silent pass.
 *
 * @param reason why not, for INSUFFICIENT_DATA; null when judged
 */
public record Coverage(AlertRule rule, String subject, Status status, String reason) {

    public enum Status {
        JUDGED,
        INSUFFICIENT_DATA
    }

    public Coverage {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(status, "status");
    }

    public static Coverage judged(AlertRule rule, String subject) {
        return new Coverage(rule, subject, Status.JUDGED, null);
    }

    public static Coverage insufficient(AlertRule rule, String subject, String reason) {
        return new Coverage(rule, subject, Status.INSUFFICIENT_DATA, reason);
    }
}
