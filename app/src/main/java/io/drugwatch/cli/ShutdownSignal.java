package io.drugwatch.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * SIGTERM and Ctrl-C as a request to stop, which the command answers by closing what it runs. The
 * JVM exits as soon as its shutdown hooks return, whatever its other threads are doing, so the hook
 * holds it until the command has closed everything ({@link #close()}), or until {@code bound} has
 * passed.
 */
final class ShutdownSignal implements AutoCloseable {

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private ShutdownSignal(Duration bound) {
        hook = new Thread(
                () -> {
                    requested.countDown();
                    try {
                        if (!finished.await(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                            System.err.println(
                                    "error: did not stop within " + bound.toSeconds() + " s; exiting anyway");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "drugwatch-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    static ShutdownSignal install(Duration bound) {
        return new ShutdownSignal(bound);
    }

    /** Counted down by SIGTERM or Ctrl-C. */
    CountDownLatch requested() {
        return requested;
    }

    /** Everything is closed: the JVM may exit. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running, and returns now
        }
    }
}
