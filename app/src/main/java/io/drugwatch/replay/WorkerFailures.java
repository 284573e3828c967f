package io.drugwatch.replay;

import java.io.IOException;

/** Hands a failure of a replay's worker thread on to the thread that reads its results. */
final class WorkerFailures {

    private WorkerFailures() {}

    /** Throws {@code failure} as it was, unless it is null; a checked one other than IOException is wrapped. */
    static void rethrow(Throwable failure) throws IOException {
        if (failure instanceof IOException io) {
            throw io;
        } else if (failure instanceof RuntimeException re) {
            throw re;
        } else if (failure instanceof Error err) {
            throw err;
        } else if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }
}
