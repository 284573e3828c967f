package io.drugwatch.assessment;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Drug users detected at a checkpoint (an inspection with outcome USER_DETECTED): persons, each a 查
 * person-time. Whether they are new or relapsed users is not known at the checkpoint.
 */
public record CheckpointUsers(LocalDate date, int persons) {

    public CheckpointUsers {
        Objects.requireNonNull(date, "date");
        if (persons < 1) {
            throw new IllegalArgumentException("persons must be at least 1: " + persons);
        }
    }
}
