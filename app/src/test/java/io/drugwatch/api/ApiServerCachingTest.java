package io.drugwatch.api;

import static io.drugwatch.api.Http.get;
import static io.drugwatch.api.Http.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** HTTP as browsers and proxies expect it (issue 16): gzip, ETag and 304, revalidation headers. */
@Timeout(20)
class ApiServerCachingTest {

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

    /** A list like the national county list: large and repetitive. */
    private static final List<Map<String, Object>> COUNTIES = IntStream.range(0, 500)
            .mapToObj(i -> Map.<String, Object>of("countyCode", String.valueOf(110_101 + i), "arrests", i % 7))
            .toList();

    private String start(AtomicReference<Object> answer) {
        events = new SseBroadcaster(new ObjectMapper(), Duration.ofMinutes(10), 10, 10);
        server = new ApiServer("127.0.0.1", 0)
                .route("GET", "/api/counties", r -> Response.json(answer.get()))
                .route("GET", "/api/missing", r -> {
                    throw new ApiException(404, "no such county");
                })
                .route("GET", "/api/stream", events.handler())
                .start();
        return server.url();
    }

    @Test
    void largeAnswersAreGzippedWhenTheClientAcceptsIt() throws Exception {
        String url = start(new AtomicReference<>(COUNTIES));
        String plain = get(url + "/api/counties").body();

        HttpResponse<byte[]> zipped = Http.CLIENT.send(
                request(url + "/api/counties", "Accept-Encoding", "gzip").build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(zipped.body().length).isLessThan(plain.length() / 5);
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(zipped.body()))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(plain);
        }
        assertThat(get(url + "/api/counties").headers().firstValue("Content-Encoding"))
                .isEmpty();
    }

    @Test
    void anUnchangedAnswerIsRevalidatedWith304AndAChangedOneSentAgain() throws Exception {
        AtomicReference<Object> answer = new AtomicReference<>(List.of("530621"));
        String url = start(answer);
        HttpResponse<String> first = get(url + "/api/counties");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).startsWith("W/\"");
        assertThat(first.headers().firstValue("Cache-Control")).hasValue("private, no-cache");

        HttpResponse<String> unchanged = get(url + "/api/counties", "If-None-Match", etag);
        assertThat(unchanged.statusCode()).isEqualTo(304);
        assertThat(unchanged.body()).isEmpty();
        assertThat(unchanged.headers().firstValue("ETag")).hasValue(etag);
        // the strong form and a list match too (If-None-Match compares weakly)
        assertThat(get(url + "/api/counties", "If-None-Match", "\"x\", " + etag.substring(2))
                        .statusCode())
                .isEqualTo(304);

        answer.set(List.of("530621", "530622"));
        HttpResponse<String> changed = get(url + "/api/counties", "If-None-Match", etag);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).isEqualTo("[\"530621\",\"530622\"]");
        assertThat(changed.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);
    }

    @Test
    void errorsAreNeitherValidatedNorCached() throws Exception {
        String url = start(new AtomicReference<>(List.of()));
        HttpResponse<String> missing = get(url + "/api/missing", "If-None-Match", "*");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("ETag")).isEmpty();
        assertThat(missing.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void eventStreamsAreNeitherCompressedNorValidated() throws Exception {
        URI url = URI.create(start(new AtomicReference<>(List.of())));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 5_000);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /api/stream HTTP/1.1\r\nHost: test\r\nAccept-Encoding: gzip\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = readUntil(socket.getInputStream(), "\r\n\r\n");
            assertThat(head).startsWith("HTTP/1.1 200").contains("Cache-Control: no-store");
            assertThat(head).doesNotContain("Content-Encoding").doesNotContain("ETag");

            Http.await("the client is subscribed", () -> events.clientCount() == 1);
            events.publish("alert", COUNTIES);
            assertThat(readUntil(socket.getInputStream(), "\n\n")).contains("event: alert\ndata: [{");
        }
    }

    private static String readUntil(InputStream in, String end) throws IOException {
        StringBuilder read = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            read.append((char) b);
            if (read.length() >= end.length() && read.indexOf(end, read.length() - end.length()) >= 0) {
                break;
            }
        }
        return read.toString();
    }
}
