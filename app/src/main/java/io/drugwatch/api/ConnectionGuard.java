package io.drugwatch.api;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps slow and greedy clients from taking the server: closes a connection that opens beyond the
 * per-address limit, and one whose request line and headers are not complete within the header
 * timeout. Jetty parses headers without holding a thread, so such connections cost a socket each
 * until they are closed here, and nothing else.
 *
 * <p>The deadline runs from the connection's start for its first request and from the first byte of
 * each later one (an idle keep-alive connection is Jetty's idle timeout's business). A sender that
 * trickles a header line every few seconds never idles, which is why this counts from the start.
 */
final class ConnectionGuard extends AbstractLifeCycle implements Connection.Listener {

    private static final Logger log = LoggerFactory.getLogger(ConnectionGuard.class);

    private final int perAddress;
    private final long headerTimeoutNanos;
    private final long sweepMillis;
    private final Map<InetAddress, AtomicInteger> byAddress = new ConcurrentHashMap<>();
    private final Map<Connection, Waiting> open = new ConcurrentHashMap<>();
    private ScheduledExecutorService sweeper;

    /**
     * Where the connection comes from (kept, for a closed socket no longer tells), and when it started
     * waiting for the head of its {@code messagesIn + 1}th request ({@code messagesIn} -1: it is not).
     */
    private record Waiting(InetAddress address, long messagesIn, long sinceNanos) {

        Waiting notWaiting() {
            return messagesIn < 0 ? this : new Waiting(address, -1, 0);
        }
    }

    ConnectionGuard(int perAddress, Duration headerTimeout) {
        this.perAddress = perAddress;
        this.headerTimeoutNanos = headerTimeout.toNanos();
        // a tenth of the timeout, so a connection lasts at most 10% over it
        this.sweepMillis = Math.max(10, headerTimeout.toMillis() / 10);
    }

    @Override
    protected void doStart() {
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "http-header-timeout");
            thread.setDaemon(true);
            return thread;
        });
        var unused = sweeper.scheduleWithFixedDelay(this::sweep, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        sweeper.shutdownNow();
    }

    @Override
    public void onOpened(Connection connection) {
        InetAddress address = address(connection);
        if (address != null
                && byAddress.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet() > perAddress) {
            log.debug("Refusing a connection from {}: {} open already", address, perAddress);
            release(address);
            connection.getEndPoint().close();
            return;
        }
        open.put(connection, new Waiting(address, 0, System.nanoTime()));
    }

    @Override
    public void onClosed(Connection connection) {
        // only the connections let in count: a refused one was released as it was refused
        Waiting counted = open.remove(connection);
        if (counted != null) {
            release(counted.address());
        }
    }

    private void release(InetAddress address) {
        if (address != null) {
            byAddress.computeIfPresent(address, (a, count) -> count.decrementAndGet() <= 0 ? null : count);
        }
    }

    /** Connections from one address open now (tests). */
    int connections(InetAddress address) {
        AtomicInteger count = byAddress.get(address);
        return count == null ? 0 : count.get();
    }

    private void sweep() {
        long now = System.nanoTime();
        open.replaceAll((connection, waiting) -> {
            if (!(connection instanceof HttpConnection http)) {
                return waiting.notWaiting();
            }
            long messages = http.getMessagesIn();
            // START with nothing read is an idle keep-alive connection, unless no request came yet
            boolean inHead =
                    http.getParser().inHeaderState() && (!http.getParser().isStart() || messages == 0);
            if (!inHead) {
                return waiting.notWaiting();
            }
            if (waiting.messagesIn() != messages) {
                return new Waiting(waiting.address(), messages, now);
            }
            if (now - waiting.sinceNanos() > headerTimeoutNanos) {
                log.debug("Closing a connection from {} that sent no whole request head in time", waiting.address());
                http.getEndPoint().close();
            }
            return waiting;
        });
    }

    private static InetAddress address(Connection connection) {
        SocketAddress remote = connection.getEndPoint().getRemoteSocketAddress();
        return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }
}
