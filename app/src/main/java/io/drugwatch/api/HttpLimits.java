package io.drugwatch.api;

import io.drugwatch.config.DrugwatchConfig;
import java.time.Duration;

/**
 * How much of the server one client, or one kind of request, may take.
 *
 * @param threads                the most request threads; requests waiting for their headers and open
 *                               event streams hold none
 * @param headerTimeout          a connection that has not sent a whole request line and headers within
 *                               this long of starting them (or of connecting) is closed
 * @param connectionsPerAddress  connections one remote address may hold open; a further one is closed
 *                               as soon as it is accepted
 * @param streams                open event streams (counted by the broadcaster) beyond which 503
 * @param heavyConcurrency       heavy requests (routes registered with {@link ApiServer#heavyRoute})
 *                               run at once, on threads of their own
 * @param heavyQueue             heavy requests that may wait for one of those; beyond, 503
 */
public record HttpLimits(
        int threads,
        Duration headerTimeout,
        int connectionsPerAddress,
        int streams,
        int heavyConcurrency,
        int heavyQueue) {

    /** Jetty needs threads for its acceptor and selectors before any request runs. */
    public static final int MIN_THREADS = 16;

    public static final HttpLimits DEFAULTS = new HttpLimits(200, Duration.ofSeconds(10), 1_024, 1_000, 2, 64);

    /** The {@code drugwatch.http.*} settings. */
    public static HttpLimits of(DrugwatchConfig config) {
        return new HttpLimits(
                config.httpThreads(),
                config.httpHeaderTimeout(),
                config.httpConnectionsPerAddress(),
                config.httpStreamsMax(),
                config.httpHeavyConcurrency(),
                config.httpHeavyQueue());
    }

    public HttpLimits {
        if (threads < MIN_THREADS) {
            throw new IllegalArgumentException("threads must be at least " + MIN_THREADS + ", got " + threads);
        }
        if (headerTimeout.isNegative() || headerTimeout.isZero()) {
            throw new IllegalArgumentException("header timeout must be positive, got " + headerTimeout);
        }
        if (connectionsPerAddress < 1 || streams < 1 || heavyConcurrency < 1 || heavyQueue < 0) {
            throw new IllegalArgumentException("connection, stream and heavy request limits must be positive");
        }
    }

    public HttpLimits withThreads(int value) {
        return new HttpLimits(value, headerTimeout, connectionsPerAddress, streams, heavyConcurrency, heavyQueue);
    }

    public HttpLimits withHeaderTimeout(Duration value) {
        return new HttpLimits(threads, value, connectionsPerAddress, streams, heavyConcurrency, heavyQueue);
    }

    public HttpLimits withConnectionsPerAddress(int value) {
        return new HttpLimits(threads, headerTimeout, value, streams, heavyConcurrency, heavyQueue);
    }

    public HttpLimits withStreams(int value) {
        return new HttpLimits(threads, headerTimeout, connectionsPerAddress, value, heavyConcurrency, heavyQueue);
    }

    public HttpLimits withHeavy(int concurrency, int queue) {
        return new HttpLimits(threads, headerTimeout, connectionsPerAddress, streams, concurrency, queue);
    }
}
