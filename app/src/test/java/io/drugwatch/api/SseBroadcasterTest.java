package io.drugwatch.api;

import static io.drugwatch.api.Http.await;
import static io.drugwatch.api.Http.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class SseBroadcasterTest {

    private static final Duration NO_HEARTBEAT_IN_TEST = Duration.ofMinutes(10);

    record Note(String county, String note) {}

    private ApiServer server;
    private SseBroadcaster events;

    @AfterEach
    void stop() {
        if (events != null) {
            events.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private String start(Duration heartbeat, int queueCapacity) {
        events = new SseBroadcaster(new ObjectMapper(), heartbeat, queueCapacity, 10);
        server = new ApiServer("127.0.0.1", 0)
                .route("GET", "/api/stream", events.handler())
                .start();
        return server.url() + "/api/stream";
    }

    private static HttpResponse<InputStream> connect(String url) throws IOException, InterruptedException {
        return Http.CLIENT.send(request(url).build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** Reads up to and including the blank line that ends an event or comment. */
    private static String readMessage(InputStream in) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        int previous = -1;
        int b;
        while ((b = in.read()) >= 0) {
            message.write(b);
            if (b == '\n' && previous == '\n') {
                break;
            }
            previous = b;
        }
        return message.toString(StandardCharsets.UTF_8);
    }

    @Test
    void sendsPublishedEventsInTheWireFormat() throws Exception {
        String url = start(NO_HEARTBEAT_IN_TEST, 1_000);
        HttpResponse<InputStream> response = connect(url);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        // subscribed before the headers were sent: nothing to wait for
        assertThat(events.publish("alert", new Note("530621", "line\nbreak"))).isEqualTo(1);
        try (InputStream in = response.body()) {
            assertThat(readMessage(in))
                    .isEqualTo("event: alert\ndata: {\"county\":\"530621\",\"note\":\"line\\nbreak\"}\n\n");
        }
    }

    @Test
    void sendsOnlyTheEventsAClientAskedFor() throws Exception {
        String url = start(NO_HEARTBEAT_IN_TEST, 1_000);
        HttpResponse<InputStream> filtered = connect(url + "?events=alert,%20heartbeat&events=other");
        HttpResponse<InputStream> everything = connect(url);

        assertThat(events.publish("indicator", 1)).isEqualTo(1);
        assertThat(events.publish("alert", 2)).isEqualTo(2);
        try (InputStream in = filtered.body()) {
            assertThat(readMessage(in)).isEqualTo("event: alert\ndata: 2\n\n");
        }
        try (InputStream in = everything.body()) {
            assertThat(readMessage(in)).isEqualTo("event: indicator\ndata: 1\n\n");
            assertThat(readMessage(in)).isEqualTo("event: alert\ndata: 2\n\n");
        }
    }

    @Test
    void dropsAClientThatWentAway() throws Exception {
        String url = start(NO_HEARTBEAT_IN_TEST, 1_000);
        connect(url).body().close();
        assertThat(events.clientCount()).isEqualTo(1);

        // the first write after the client left may still succeed; a later one fails
        await("the closed client is dropped", () -> {
            events.publish("indicator", "x");
            return events.clientCount() == 0;
        });
    }

    @Test
    void sendsHeartbeatComments() throws Exception {
        String url = start(Duration.ofMillis(50), 1_000);

        try (InputStream in = connect(url).body()) {
            assertThat(readMessage(in)).isEqualTo(": ping\n\n");
            assertThat(readMessage(in)).isEqualTo(": ping\n\n");
        }
    }

    @Test
    void disconnectsAClientThatFallsBehindWithoutSlowingThePublisher() throws Exception {
        String url = start(NO_HEARTBEAT_IN_TEST, 4);
        URI uri = URI.create(url);
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
            OutputStream out = stalled.getOutputStream();
            out.write(("GET " + uri.getPath() + " HTTP/1.1\r\nHost: test\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await("the client is connected", () -> events.clientCount() == 1);

            // the socket buffers fill, then the queue of 4, then the client is dropped
            String big = "x".repeat(256 * 1024);
            long started = System.nanoTime();
            for (int i = 0; i < 1_000 && events.clientCount() > 0; i++) {
                events.publish("indicator", big);
            }

            assertThat(events.clientCount()).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void closingDisconnectsEveryClientAndRefusesNewOnes() throws Exception {
        String url = start(NO_HEARTBEAT_IN_TEST, 1_000);
        HttpResponse<InputStream> first = connect(url);
        HttpResponse<InputStream> second = connect(url);
        assertThat(events.clientCount()).isEqualTo(2);

        events.close();

        assertThat(events.clientCount()).isZero();
        for (HttpResponse<InputStream> response : List.of(first, second)) {
            try (InputStream in = response.body()) {
                assertThat(endOfStream(in)).isTrue();
            }
        }
        HttpResponse<String> refused = Http.get(url);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).isEqualTo("{\"error\":\"event stream closed\"}");
    }

    @Test
    void closingTheServerEndsOpenStreamsAtOnce() throws Exception {
        String url = start(NO_HEARTBEAT_IN_TEST, 1_000);
        HttpResponse<InputStream> open = connect(url);
        assertThat(events.clientCount()).isEqualTo(1);

        long started = System.nanoTime();
        server.close();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        try (InputStream in = open.body()) {
            assertThat(endOfStream(in)).isTrue();
        }
    }

    private static boolean endOfStream(InputStream in) {
        try {
            return in.read() < 0;
        } catch (IOException cutOff) {
            return true;
        }
    }
}
