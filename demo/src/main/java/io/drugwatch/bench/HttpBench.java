package io.drugwatch.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drugwatch.api.ApiServer;
import io.drugwatch.api.HttpLimits;
import io.drugwatch.api.Response;
import io.drugwatch.api.SseBroadcaster;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * What slow, silent and garbage connections and many event streams do to the HTTP server (issue 15):
 * an {@link ApiServer} with the configured {@link HttpLimits}, a heavy county list and an event
 * stream, driven over loopback from one address by one client thread (non-blocking sockets), so
 * that every thread the process gains is the server's.
 */
public final class HttpBench {

    private static final int PROBES = 20;
    private static final int HEAVY_CLIENTS = 64;
    private static final Duration MIXED_FOR = Duration.ofSeconds(15);

    private final HttpLimits limits;
    private final int slowConnections;
    private final int streams;
    private final PrintStream out;

    public HttpBench(HttpLimits limits, int slowConnections, int streams, PrintStream out) {
        this.limits = limits;
        this.slowConnections = slowConnections;
        this.streams = streams;
        this.out = out;
    }

    /** Runs both phases and prints a table and a machine-readable {@code BENCH-HTTP} line. */
    public void run() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<Map<String, Object>> counties = new ArrayList<>();
        for (int i = 0; i < 2_848; i++) {
            counties.add(Map.of("countyCode", String.valueOf(110_101 + i), "arrests", i % 17, "seizures", i % 5));
        }
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            alerts.add(
                    Map.of("alertId", "alert-" + i, "countyCode", String.valueOf(530_621 + i), "severity", "WARNING"));
        }
        try (SseBroadcaster events = new SseBroadcaster(
                        json,
                        SseBroadcaster.DEFAULT_HEARTBEAT,
                        SseBroadcaster.DEFAULT_QUEUE_CAPACITY,
                        limits.streams());
                ApiServer server = new ApiServer("127.0.0.1", 0, json)
                        .limits(limits)
                        .route("GET", "/health", r -> Response.json(Map.of("status", "UP")))
                        .route("GET", "/api/alerts", r -> Response.json(alerts))
                        .heavyRoute("GET", "/api/counties", r -> Response.json(counties))
                        .route("GET", "/api/stream", events.handler())
                        .start();
                Selector selector = Selector.open()) {
            URI base = URI.create(server.url());
            InetSocketAddress address = new InetSocketAddress(base.getHost(), base.getPort());
            Map<String, String> figures = new java.util.LinkedHashMap<>();
            int threadsAtStart = threads();

            out.printf(
                    "HTTP server: %s, %d threads at most, header timeout %s%n",
                    base, limits.threads(), limits.headerTimeout());
            // the JIT first, so that the baseline is the server's and not the compiler's
            for (int i = 0; i < 10; i++) {
                maxMillis(address, "/health");
                maxMillis(address, "/api/counties");
            }
            out.printf(
                    "Baseline: /health max %.1f ms, /api/counties max %.1f ms (%d probes each, a connection each)%n",
                    maxMillis(address, "/health"), maxMillis(address, "/api/counties"), PROBES);

            // phase 1: slow and silent connections, and garbage
            List<SocketChannel> held = new ArrayList<>();
            long opened = System.nanoTime();
            for (int i = 0; i < slowConnections; i++) {
                SocketChannel channel = SocketChannel.open(address);
                write(channel, "GET /health HTTP/1.1\r\nHost: bench\r\n");
                held.add(channel);
            }
            double openingSeconds = (System.nanoTime() - opened) / 1e9;
            // half of them keep sending a header line every 4 s, the other half stay silent
            long trickleUntil = System.nanoTime() + limits.headerTimeout().toNanos() / 2;
            int line = 0;
            double healthMax = 0;
            double countiesMax = 0;
            while (System.nanoTime() < trickleUntil || line == 0) {
                line++;
                for (int i = 0; i < held.size(); i += 2) {
                    writeQuietly(held.get(i), "X-Slow-" + line + ": 1\r\n");
                }
                healthMax = Math.max(healthMax, maxMillis(address, "/health"));
                countiesMax = Math.max(countiesMax, maxMillis(address, "/api/counties"));
                long next = System.nanoTime() + Duration.ofSeconds(4).toNanos();
                while (System.nanoTime() < next && System.nanoTime() < trickleUntil) {
                    healthMax = Math.max(healthMax, maxMillis(address, "/health"));
                }
            }
            int serverThreadsSlow = threads() - threadsAtStart;
            double closedAfter =
                    secondsUntilClosed(held, opened, limits.headerTimeout().multipliedBy(3));
            out.printf(
                    "%d slow/silent connections (opened in %.1f s): /health max %.1f ms, /api/counties max %.1f ms, "
                            + "threads +%d; all closed %.1f s after the first opened (header timeout %s)%n",
                    slowConnections,
                    openingSeconds,
                    healthMax,
                    countiesMax,
                    serverThreadsSlow,
                    closedAfter,
                    limits.headerTimeout());
            figures.put("slow_connections", String.valueOf(slowConnections));
            figures.put("slow_health_max_ms", String.format("%.1f", healthMax));
            figures.put("slow_counties_max_ms", String.format("%.1f", countiesMax));
            figures.put("slow_closed_s", String.format("%.1f", closedAfter));

            List<SocketChannel> garbage = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                SocketChannel channel = SocketChannel.open(address);
                channel.write(ByteBuffer.wrap(
                        i % 2 == 0
                                ? new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1}
                                : new byte[] {(byte) 0xde, (byte) 0xad, 0x00, (byte) 0xbe, (byte) 0xef, '\r', '\n'}));
                garbage.add(channel);
            }
            double garbageClosed = secondsUntilClosed(garbage, System.nanoTime(), Duration.ofSeconds(10));
            out.printf("50 TLS hellos and random bytes: all closed within %.3f s%n", garbageClosed);
            figures.put("garbage_closed_ms", String.format("%.0f", garbageClosed * 1000));

            mixed(address, figures);

            // phase 3: event streams, last: the server notices a closed stream at its next write only
            int threadsBefore = threads();
            List<SocketChannel> open = new ArrayList<>();
            Map<SocketChannel, StringBuilder> received = new HashMap<>();
            for (int i = 0; i < streams; i++) {
                SocketChannel channel = SocketChannel.open(address);
                write(channel, "GET /api/stream HTTP/1.1\r\nHost: bench\r\n\r\n");
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ);
                open.add(channel);
                received.put(channel, new StringBuilder());
            }
            long subscribing = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (events.clientCount() < streams && System.nanoTime() < subscribing) {
                read(selector, received, 10);
            }
            int subscribed = events.clientCount();
            int streamThreads = threads() - threadsBefore;
            double streamHealthMax = maxMillis(address, "/health");
            // one more is refused only once the cap is reached; below it, it would be one more stream
            String beyond = subscribed >= limits.streams() ? head(address, "/api/stream") : "not asked";
            long published = System.nanoTime();
            events.publish("alert", Map.of("alertId", "bench", "severity", "WARNING"));
            long fanoutUntil = published + Duration.ofSeconds(30).toNanos();
            while (received.values().stream()
                                    .filter(b -> b.indexOf("event: alert") >= 0)
                                    .count()
                            < subscribed
                    && System.nanoTime() < fanoutUntil) {
                read(selector, received, 10);
            }
            long delivered = received.values().stream()
                    .filter(b -> b.indexOf("event: alert") >= 0)
                    .count();
            double fanoutMillis = (System.nanoTime() - published) / 1e6;
            out.printf(
                    "%d event streams open (of %d asked): threads +%d, /health max %.1f ms; one event reached %d "
                            + "of them in %.0f ms; one more stream: %s%n",
                    subscribed,
                    streams,
                    streamThreads,
                    streamHealthMax,
                    delivered,
                    fanoutMillis,
                    beyond.lines().findFirst().orElse("(closed)"));
            figures.put("streams", String.valueOf(subscribed));
            figures.put("stream_threads_added", String.valueOf(streamThreads));
            figures.put("stream_health_max_ms", String.format("%.1f", streamHealthMax));
            figures.put("fanout_ms", String.format("%.0f", fanoutMillis));
            figures.put(
                    "beyond_cap", beyond.lines().findFirst().orElse("closed").replace(' ', '_'));
            for (SocketChannel channel : open) {
                channel.close();
            }
            // the server notices a stream's client gone at its next write (a ping at the latest)
            long draining = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (events.clientCount() > 0 && System.nanoTime() < draining) {
                events.publish("bye", Map.of());
                LockSupport.parkNanos(100_000_000);
            }
            StringBuilder line2 = new StringBuilder("BENCH-HTTP");
            figures.forEach((k, v) -> line2.append(' ').append(k).append('=').append(v));
            out.println(line2);
        }
    }

    /**
     * {@link #HEAVY_CLIENTS} clients load the county list back to back for {@link #MIXED_FOR}, while
     * one client times {@code /health} and {@code /api/alerts}: the heavy pool keeps them apart.
     */
    private void mixed(InetSocketAddress address, Map<String, String> figures) throws Exception {
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(HEAVY_CLIENTS);
        java.util.concurrent.atomic.AtomicLong lists = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong refused = new java.util.concurrent.atomic.AtomicLong();
        long until = System.nanoTime() + MIXED_FOR.toNanos();
        for (int i = 0; i < HEAVY_CLIENTS; i++) {
            clients.execute(() -> {
                while (System.nanoTime() < until) {
                    try {
                        String head = head(address, "/api/counties");
                        (head.startsWith("HTTP/1.1 200") ? lists : refused).incrementAndGet();
                    } catch (IOException e) {
                        refused.incrementAndGet();
                    }
                }
            });
        }
        List<Double> health = new ArrayList<>();
        List<Double> alerts = new ArrayList<>();
        while (System.nanoTime() < until) {
            health.add(timed(address, "/health"));
            alerts.add(timed(address, "/api/alerts"));
        }
        clients.shutdown();
        clients.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
        out.printf(
                "%d clients loading /api/counties for %d s: %.1f lists/s (%d refused with 503); meanwhile "
                        + "/health p50 %.1f ms p99 %.1f ms, /api/alerts p50 %.1f ms p99 %.1f ms (%d requests each)%n",
                HEAVY_CLIENTS,
                MIXED_FOR.toSeconds(),
                lists.get() / (double) MIXED_FOR.toSeconds(),
                refused.get(),
                percentile(health, 50),
                percentile(health, 99),
                percentile(alerts, 50),
                percentile(alerts, 99),
                health.size());
        figures.put("mixed_lists_per_s", String.format("%.1f", lists.get() / (double) MIXED_FOR.toSeconds()));
        figures.put("mixed_health_p99_ms", String.format("%.1f", percentile(health, 99)));
        figures.put("mixed_alerts_p99_ms", String.format("%.1f", percentile(alerts, 99)));
    }

    /** Milliseconds to a 200, or infinity (so the slowest) for anything else, which is printed. */
    private double timed(InetSocketAddress address, String path) {
        long started = System.nanoTime();
        String head;
        try {
            head = head(address, path);
        } catch (IOException e) {
            head = e.toString();
        }
        if (!head.startsWith("HTTP/1.1 200")) {
            out.println(path + " answered " + head.lines().findFirst().orElse("nothing"));
            return Double.POSITIVE_INFINITY;
        }
        return (System.nanoTime() - started) / 1e6;
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** The slowest of {@link #PROBES} GETs, each on a fresh connection, in milliseconds. */
    private static double maxMillis(InetSocketAddress address, String path) throws IOException {
        double max = 0;
        for (int i = 0; i < PROBES; i++) {
            long started = System.nanoTime();
            String head = head(address, path);
            if (!head.startsWith("HTTP/1.1 200")) {
                throw new IllegalStateException(
                        path + " answered " + head.lines().findFirst().orElse("nothing"));
            }
            max = Math.max(max, (System.nanoTime() - started) / 1e6);
        }
        return max;
    }

    /** GET with {@code Connection: close}: the whole answer read, its head returned. */
    private static String head(InetSocketAddress address, String path) throws IOException {
        try (SocketChannel channel = SocketChannel.open(address)) {
            channel.socket().setSoTimeout(10_000);
            write(channel, "GET " + path + " HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n");
            java.io.InputStream in = channel.socket().getInputStream();
            byte[] all = in.readAllBytes();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            return end < 0 ? text : text.substring(0, end);
        }
    }

    private static void write(SocketChannel channel, String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    private static void writeQuietly(SocketChannel channel, String text) {
        try {
            write(channel, text);
        } catch (IOException closedByServer) {
            // what the header timeout does
        }
    }

    /** Seconds from {@code started} until the server has closed every channel, or the limit. */
    private static double secondsUntilClosed(List<SocketChannel> channels, long started, Duration limit)
            throws IOException {
        long until = started + limit.toNanos();
        ByteBuffer sink = ByteBuffer.allocate(4096);
        List<SocketChannel> pending = new ArrayList<>(channels);
        for (SocketChannel channel : pending) {
            channel.configureBlocking(false);
        }
        while (!pending.isEmpty() && System.nanoTime() < until) {
            pending.removeIf(channel -> {
                try {
                    sink.clear();
                    if (channel.read(sink) < 0) {
                        channel.close();
                        return true;
                    }
                    return false;
                } catch (IOException reset) {
                    return true;
                }
            });
            LockSupport.parkNanos(1_000_000);
        }
        for (SocketChannel channel : channels) {
            channel.close();
        }
        return (System.nanoTime() - started) / 1e9;
    }

    private static void read(Selector selector, Map<SocketChannel, StringBuilder> received, long millis)
            throws IOException {
        selector.select(millis);
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        for (SelectionKey key : selector.selectedKeys()) {
            SocketChannel channel = (SocketChannel) key.channel();
            buffer.clear();
            int n = channel.read(buffer);
            if (n < 0) {
                key.cancel();
            } else {
                received.get(channel).append(new String(Arrays.copyOf(buffer.array(), n), StandardCharsets.ISO_8859_1));
            }
        }
        selector.selectedKeys().clear();
    }
}
