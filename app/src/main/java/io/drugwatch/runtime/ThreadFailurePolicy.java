package io.drugwatch.runtime;

import io.drugwatch.topology.FailureKind;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * What a failed stream thread leads to. An outage replaces the thread for as long as it lasts. Any
 * other failure replaces it too, unless it is the {@code max}-th within {@code window}: a failure
 * that keeps coming back from the last commit would only loop, so the instance shuts down instead.
 */
final class ThreadFailurePolicy {

    enum Decision {
        /** A retriable failure: replace the thread, without counting it. */
        RETRY,
        /** A non-retriable failure, below the limit: replace the thread. */
        REPLACE,
        /** The limit of non-retriable failures is reached: shut the instance down. */
        SHUT_DOWN
    }

    private final int max;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final Deque<Long> recent = new ArrayDeque<>();

    ThreadFailurePolicy(int max, Duration window, LongSupplier nanoTime) {
        this.max = max;
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Called from each failing stream thread; threads may fail at once. */
    synchronized Decision onFailure(Throwable error) {
        if (FailureKind.of(error) == FailureKind.RETRIABLE) {
            return Decision.RETRY;
        }
        long now = nanoTime.getAsLong();
        recent.addLast(now);
        while (now - recent.peekFirst() > windowNanos) {
            recent.removeFirst();
        }
        return recent.size() >= max ? Decision.SHUT_DOWN : Decision.REPLACE;
    }

    /** Non-retriable failures within the window, the last one included. */
    synchronized int recentFailures() {
        return recent.size();
    }
}
