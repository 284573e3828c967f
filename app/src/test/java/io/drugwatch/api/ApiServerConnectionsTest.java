package io.drugwatch.api;

import static io.drugwatch.api.Http.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Slow, silent, garbage and greedy clients against a real server over real sockets (issue 15): none
 * of them may take {@code /health} off the air. The server runs on the fewest threads Jetty allows,
 * so that a client holding a thread each would show at once.
 */
@Timeout(60)
class ApiServerConnectionsTest {

    /** A cheap request must answer within this, however the server is loaded. */
    private static final Duration PROMPT = Duration.ofSeconds(1);

    private static final HttpLimits FEW_THREADS = HttpLimits.DEFAULTS.withThreads(HttpLimits.MIN_THREADS);

    private final List<Socket> sockets = new ArrayList<>();
    private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
    private ApiServer server;
    private SseBroadcaster events;
    private URI base;

    @AfterEach
    void stop() throws IOException {
        trickle.shutdownNow();
        for (Socket socket : sockets) {
            socket.close();
        }
        if (events != null) {
            events.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(ApiServer api) {
        server = api.route("GET", "/health", r -> Response.json(Map.of("status", "UP")))
                .start();
        base = URI.create(server.url());
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        sockets.add(socket);
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
        socket.setSoTimeout(5_000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** A request line and one header, then nothing. */
    private Socket silent() throws IOException {
        Socket socket = connect();
        send(socket, "GET /health HTTP/1.1\r\nHost: test\r\n");
        return socket;
    }

    /** A request line, then a header line every {@code every}, never the blank line that ends them. */
    private Socket slow(Duration every) throws IOException {
        Socket socket = silent();
        AtomicInteger line = new AtomicInteger();
        trickle.scheduleAtFixedRate(
                () -> {
                    try {
                        send(socket, "X-Slow-" + line.incrementAndGet() + ": 1\r\n");
                    } catch (IOException closed) {
                        // the server closed it, which is what the test waits for
                    }
                },
                every.toMillis(),
                every.toMillis(),
                TimeUnit.MILLISECONDS);
        return socket;
    }

    /** Whether the server has closed the socket: its input ends (after any answer) within 5 s. */
    private static boolean closedByServer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            while (in.read() >= 0) {
                // an answer such as 400 or 408 may come before the end
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /**
     * The head of a GET on a connection of its own (a pooled one would skip the accept path under
     * test), which must come within {@link #PROMPT}.
     */
    private String promptly(String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), (int) PROMPT.toMillis());
            socket.setSoTimeout((int) PROMPT.toMillis());
            send(socket, "GET " + path + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
            return readHead(socket.getInputStream());
        }
    }

    @Test
    void silentAndSlowConnectionsDoNotHoldAThreadEach() throws Exception {
        start(new ApiServer("127.0.0.1", 0).limits(FEW_THREADS));
        for (int i = 0; i < 100; i++) {
            silent();
        }
        for (int i = 0; i < 20; i++) {
            slow(Duration.ofMillis(200));
        }
        await("every connection is open", () -> server.connections(InetAddress.getLoopbackAddress()) == 120);

        for (int i = 0; i < 5; i++) {
            assertThat(promptly("/health")).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void aRequestHeadNotCompleteInTimeIsClosedEvenIfItKeepsTrickling() throws Exception {
        start(new ApiServer("127.0.0.1", 0).limits(FEW_THREADS.withHeaderTimeout(Duration.ofMillis(500))));
        Socket silent = silent();
        Socket slow = slow(Duration.ofMillis(100));
        Socket nothing = connect();

        // Jetty's own idle timeout (30 s) would close none of them within the 5 s read timeout
        assertThat(closedByServer(silent)).isTrue();
        assertThat(closedByServer(slow)).isTrue();
        assertThat(closedByServer(nothing)).isTrue();
    }

    @Test
    void aKeepAliveConnectionIsTimedPerRequestHead() throws Exception {
        start(new ApiServer("127.0.0.1", 0).limits(FEW_THREADS.withHeaderTimeout(Duration.ofMillis(500))));
        Socket socket = connect();
        send(socket, "GET /health HTTP/1.1\r\nHost: test\r\n\r\n");
        assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 200");

        // half a second later the connection answers again: the clock restarts with each request
        CompletableFuture<String> second = new CompletableFuture<>();
        trickle.schedule(
                () -> {
                    try {
                        send(socket, "GET /health HTTP/1.1\r\nHost: test\r\n\r\n");
                        second.complete(readHead(socket.getInputStream()));
                    } catch (IOException e) {
                        second.completeExceptionally(e);
                    }
                },
                700,
                TimeUnit.MILLISECONDS);
        // after the first answer's body, still unread
        assertThat(second.get(5, TimeUnit.SECONDS)).contains("HTTP/1.1 200");
    }

    @Test
    void garbageIsClosedAtOnce() throws Exception {
        start(new ApiServer("127.0.0.1", 0).limits(FEW_THREADS));
        // the start of a TLS 1.2 ClientHello, as a browser sends to https:// on the plain port
        Socket tls = connect();
        tls.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1});
        Socket random = connect();
        random.getOutputStream()
                .write(new byte[] {(byte) 0xde, (byte) 0xad, 0x00, (byte) 0xbe, (byte) 0xef, '\r', '\n'});

        assertThat(closedByServer(tls)).isTrue();
        assertThat(closedByServer(random)).isTrue();
        assertThat(promptly("/health")).startsWith("HTTP/1.1 200");
    }

    @Test
    void connectionsBeyondThePerAddressLimitAreClosedAsTheyOpen() throws Exception {
        start(new ApiServer("127.0.0.1", 0).limits(FEW_THREADS.withConnectionsPerAddress(4)));
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            held.add(silent());
        }
        await("four connections are open", () -> server.connections(InetAddress.getLoopbackAddress()) == 4);

        Socket fifth = connect();
        send(fifth, "GET /health HTTP/1.1\r\nHost: test\r\n\r\n");
        assertThat(readHead(fifth.getInputStream())).isEmpty();

        held.get(0).close();
        await("a place is free", () -> server.connections(InetAddress.getLoopbackAddress()) == 3);
        assertThat(promptly("/health")).startsWith("HTTP/1.1 200");
    }

    @Test
    void eventStreamsDoNotHoldAThreadEach() throws Exception {
        events = new SseBroadcaster(new ObjectMapper(), Duration.ofMinutes(10), 100, 500);
        start(new ApiServer("127.0.0.1", 0).limits(FEW_THREADS).route("GET", "/api/stream", events.handler()));
        List<Socket> streams = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Socket socket = connect();
            send(socket, "GET /api/stream HTTP/1.1\r\nHost: test\r\n\r\n");
            streams.add(socket);
        }
        await("every stream is subscribed", () -> events.clientCount() == 200);

        assertThat(promptly("/health")).startsWith("HTTP/1.1 200");
        events.publish("alert", Map.of("county", "530621"));
        for (Socket socket : streams) {
            assertThat(readUntil(socket.getInputStream(), "\n\n"))
                    .contains("event: alert\ndata: {\"county\":\"530621\"}");
        }
    }

    @Test
    void streamsBeyondTheCapAreRefusedWith503AndRetryAfter() throws Exception {
        events = new SseBroadcaster(new ObjectMapper(), Duration.ofMinutes(10), 100, 2);
        start(new ApiServer("127.0.0.1", 0).limits(FEW_THREADS).route("GET", "/api/stream", events.handler()));
        for (int i = 0; i < 2; i++) {
            send(connect(), "GET /api/stream HTTP/1.1\r\nHost: test\r\n\r\n");
        }
        await("two streams are open", () -> events.clientCount() == 2);

        String refused = promptly("/api/stream");
        assertThat(refused).startsWith("HTTP/1.1 503").contains("Retry-After: " + SseBroadcaster.RETRY_AFTER_SECONDS);
    }

    @Test
    void blockedHeavyRequestsDoNotDelayCheapOnes() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger entered = new AtomicInteger();
        int heavyRequests = 3 * HttpLimits.MIN_THREADS;
        start(new ApiServer("127.0.0.1", 0)
                .limits(FEW_THREADS.withHeavy(1, heavyRequests - 1))
                .heavyRoute("GET", "/api/counties", r -> {
                    entered.incrementAndGet();
                    release.await();
                    return Response.json(List.of("530621"));
                }));
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (int i = 0; i < heavyRequests; i++) {
            pending.add(Http.CLIENT.sendAsync(
                    HttpRequest.newBuilder(URI.create(base + "/api/counties")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        await("the heavy pool is full", () -> entered.get() == 1 && server.heavyWaiting() == heavyRequests - 1);
        assertThat(promptly("/api/counties")).startsWith("HTTP/1.1 503").contains("Retry-After: 1");
        assertThat(entered.get()).isEqualTo(1);

        for (int i = 0; i < 5; i++) {
            assertThat(promptly("/health")).startsWith("HTTP/1.1 200");
        }

        release.countDown();
        for (CompletableFuture<HttpResponse<String>> response : pending) {
            assertThat(response.get(10, TimeUnit.SECONDS).body()).isEqualTo("[\"530621\"]");
        }
    }

    /**
     * A request the route does not select as heavy (here, another instance's forwarded part) runs on the
     * request threads, so a full heavy pool cannot hold it up.
     */
    @Test
    void requestsARouteDoesNotSelectAsHeavySkipItsPool() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger entered = new AtomicInteger();
        start(new ApiServer("127.0.0.1", 0)
                .limits(FEW_THREADS.withHeavy(1, 0))
                .heavyRoute("GET", "/api/counties", r -> r.query("local").isEmpty(), r -> {
                    if (r.query("local").isEmpty()) {
                        entered.incrementAndGet();
                        release.await();
                    }
                    return Response.json(List.of("530621"));
                }));
        CompletableFuture<HttpResponse<String>> blocked = Http.CLIENT.sendAsync(
                HttpRequest.newBuilder(URI.create(base + "/api/counties")).build(),
                HttpResponse.BodyHandlers.ofString());
        await("the heavy pool is full", () -> entered.get() == 1);
        assertThat(promptly("/api/counties")).startsWith("HTTP/1.1 503");

        assertThat(promptly("/api/counties?local=true")).startsWith("HTTP/1.1 200");

        release.countDown();
        assertThat(blocked.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    /** The status line and headers, or empty when the connection closes first. */
    private static String readHead(InputStream in) throws IOException {
        return readUntil(in, "\r\n\r\n");
    }

    private static String readUntil(InputStream in, String end) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        int b;
        try {
            while ((b = in.read()) >= 0) {
                read.write(b);
                if (read.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
                    break;
                }
            }
        } catch (IOException reset) {
            // a refused connection may be reset rather than closed
        }
        return read.toString(StandardCharsets.ISO_8859_1);
    }
}
