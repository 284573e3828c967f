package io.drugwatch.api;

import static io.drugwatch.api.Http.get;
import static io.drugwatch.api.Http.request;
import static io.drugwatch.api.Http.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(20)
class ApiServerTest {

    private ApiServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String start(ApiServer configured) {
        server = configured.start();
        return server.url();
    }

    @Test
    void passesDecodedPathAndQueryParameters() throws Exception {
        String url = start(new ApiServer("127.0.0.1", 0).route("GET", "/api/counties/{code}/series", request -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("code", request.pathParam("code"));
            body.put("days", request.query("days").orElse("none"));
            body.put("metrics", request.queries("metric"));
            body.put("q", request.query("q").orElseThrow());
            body.put("flag", request.query("flag").orElseThrow());
            body.put("missing", request.query("missing").isPresent());
            return Response.json(body);
        }));

        HttpResponse<String> response =
                get(url + "/api/counties/53%2F06+21/series?days=7&metric=arrests&metric=grams%20seized&q=a+b%26c&flag");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .isEqualTo(
                        "{\"code\":\"53/06+21\",\"days\":\"7\","
                                + "\"metrics\":[\"arrests\",\"grams seized\"],\"q\":\"a b&c\",\"flag\":\"\",\"missing\":false}");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("private, no-cache");
        assertThat(response.headers().firstValue("ETag"))
                .hasValueSatisfying(tag -> assertThat(tag).startsWith("W/\""));
    }

    @Test
    void literalSegmentsWinOverParametersAndHeadUsesTheGetRoute() throws Exception {
        String url = start(new ApiServer("127.0.0.1", 0)
                .route("GET", "/api/counties/{code}", request -> Response.json(request.pathParam("code")))
                .route("GET", "/api/counties/top", request -> Response.json("top list")));

        assertThat(get(url + "/api/counties/top").body()).isEqualTo("\"top list\"");
        assertThat(get(url + "/api/counties/530621").body()).isEqualTo("\"530621\"");
        HttpResponse<String> head = send(request(url + "/api/counties/530621")
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void refusesAmbiguousRoutes() {
        ApiServer api = new ApiServer("127.0.0.1", 0).route("GET", "/api/counties/{code}", request -> Response.json(1));

        assertThatThrownBy(() -> api.route("GET", "/api/counties/{id}", request -> Response.json(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("GET /api/counties/{id} clashes with /api/counties/{code}");
        assertThatThrownBy(() -> api.route("PUT", "/x", request -> Response.json(2)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void answersErrorsAsJson() throws Exception {
        String url = start(new ApiServer("127.0.0.1", 0)
                .route("GET", "/api/fail", request -> {
                    throw new IllegalStateException("database password is hunter2");
                })
                .route("GET", "/api/invalid", request -> {
                    throw new ApiException(422, "days must be 1, 7 or 28");
                }));

        HttpResponse<String> notFound = get(url + "/api/nothing%20here");
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.body()).isEqualTo("{\"error\":\"not found\",\"path\":\"/api/nothing here\"}");
        assertThat(notFound.headers().firstValue("Content-Type")).hasValue("application/json");

        HttpResponse<String> wrongMethod = send(request(url + "/api/fail")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.body()).isEqualTo("{\"error\":\"method not allowed\"}");
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET, HEAD");

        HttpResponse<String> failed = get(url + "/api/fail");
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.body()).isEqualTo("{\"error\":\"internal error\"}");

        HttpResponse<String> invalid = get(url + "/api/invalid");
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(invalid.body()).isEqualTo("{\"error\":\"days must be 1, 7 or 28\"}");
    }

    @Test
    void refusesBodiesOver64KiB() throws Exception {
        String url = start(new ApiServer("127.0.0.1", 0)
                .route("POST", "/api/echo-size", request -> Response.json(request.body().length)));

        HttpResponse<String> atLimit = send(request(url + "/api/echo-size")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[64 * 1024]))
                .build());
        assertThat(atLimit.statusCode()).isEqualTo(200);
        assertThat(atLimit.body()).isEqualTo("65536");

        HttpResponse<String> over = send(request(url + "/api/echo-size")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[64 * 1024 + 1]))
                .build());
        assertThat(over.statusCode()).isEqualTo(413);
        assertThat(over.body()).isEqualTo("{\"error\":\"request body too large (limit 65536 bytes)\"}");
    }

    @Test
    void refusesOversizedUrisHeadersAndQueriesWithJsonErrors() throws Exception {
        String url = start(new ApiServer("127.0.0.1", 0)
                .bearerToken("t")
                .route(
                        "GET",
                        "/api/echo",
                        request -> Response.json(request.queryParams().size())));
        String auth = "Bearer t";

        String longValue = "x".repeat(ApiServer.MAX_URI_BYTES);
        HttpResponse<String> longUri = get(url + "/api/echo?q=" + longValue, "Authorization", auth);
        assertThat(longUri.statusCode()).isEqualTo(414);
        assertThat(longUri.body()).isEqualTo("{\"error\":\"request URI too long (limit 8192 bytes)\"}");
        // checked before the token: an anonymous client cannot make the server do more work
        assertThat(get(url + "/api/echo?q=" + longValue).statusCode()).isEqualTo(414);
        assertThat(get(url + "/api/echo?q=" + "x".repeat(ApiServer.MAX_URI_BYTES - 20), "Authorization", auth)
                        .statusCode())
                .isEqualTo(200);

        HttpResponse<String> bigHeaders = get(
                url + "/api/echo",
                "Authorization",
                auth,
                "X-Padding-1",
                "p".repeat(9_000),
                "X-Padding-2",
                "p".repeat(9_000));
        assertThat(bigHeaders.statusCode()).isEqualTo(431);
        assertThat(bigHeaders.body()).isEqualTo("{\"error\":\"request headers too large (limit 16384 bytes)\"}");
        assertThat(get(url + "/api/echo", "Authorization", auth, "X-Padding-1", "p".repeat(9_000))
                        .statusCode())
                .isEqualTo(200);

        String params = String.join("&", java.util.Collections.nCopies(ApiServer.MAX_QUERY_PARAMS + 1, "a=1"));
        HttpResponse<String> tooMany = get(url + "/api/echo?" + params, "Authorization", auth);
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(tooMany.body()).isEqualTo("{\"error\":\"too many query parameters (limit 32)\"}");
        String enough = String.join("&", java.util.Collections.nCopies(ApiServer.MAX_QUERY_PARAMS, "a=1"));
        assertThat(get(url + "/api/echo?" + enough, "Authorization", auth).body())
                .isEqualTo("1");
    }

    @Test
    void jettyRefusesRequestsFarOverTheLimitsWithoutBufferingThem() throws Exception {
        String url = start(new ApiServer("127.0.0.1", 0).route("GET", "/api/echo", request -> Response.json("ok")));
        java.net.URI base = java.net.URI.create(url);

        // Jetty answers once its header buffer is full and closes the connection; the rest of the
        // request is unread, so the client may see the connection reset before it reads the answer
        String hugeHeaders = "GET /api/echo HTTP/1.1\r\nHost: x\r\n"
                + ("X-Padding: " + "p".repeat(1_000) + "\r\n").repeat(1_000) + "\r\n";
        assertThat(rawStatusLine(base, hugeHeaders)).isIn("closed", "HTTP/1.1 431 Request Header Fields Too Large");
        String hugeRequestLine = "GET /api/echo?q=" + "x".repeat(1 << 20) + " HTTP/1.1\r\nHost: x\r\n\r\n";
        assertThat(rawStatusLine(base, hugeRequestLine)).isIn("closed", "HTTP/1.1 414 URI Too Long");
        // and the server still answers
        assertThat(get(url + "/api/echo").statusCode()).isEqualTo(200);
    }

    @Test
    void answersRequestsJettyRefusesInJsonToo() throws Exception {
        String url = start(new ApiServer("127.0.0.1", 0).route("GET", "/api/echo", request -> Response.json("ok")));
        java.net.URI base = java.net.URI.create(url);

        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream()
                    .write("GET /api/echo HTTP/1.1\r\nHost: x\r\nNot a header\r\n\r\n"
                            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.shutdownOutput();
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

            assertThat(answer)
                    .startsWith("HTTP/1.1 400 ")
                    .contains("Content-Type: application/json")
                    .endsWith("{\"error\":\"bad request\"}");
        }
    }

    /** Sends raw bytes and returns the status line, or "closed" if the server hung up first. */
    private static String rawStatusLine(java.net.URI base, String request) throws IOException {
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(5_000);
            try {
                socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
            } catch (IOException e) {
                return "closed";
            }
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                    socket.getInputStream(), java.nio.charset.StandardCharsets.ISO_8859_1));
            try {
                String line = in.readLine();
                return line == null ? "closed" : line;
            } catch (IOException e) {
                return "closed";
            }
        }
    }

    @Test
    void bearerTokenGuardsEverythingButHealth() throws Exception {
        ApiServer api = new ApiServer("127.0.0.1", 0)
                .bearerToken("s3cret-token")
                .route("GET", "/api/data", request -> Response.json("data"));
        HealthChecks.register(api, () -> new ReadyState(true, "RUNNING", Map.of()));
        String url = start(api);

        HttpResponse<String> anonymous = get(url + "/api/data");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).isEqualTo("{\"error\":\"unauthorized\"}");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(get(url + "/api/data", "Authorization", "Bearer wrong").statusCode())
                .isEqualTo(401);
        assertThat(get(url + "/api/data", "Authorization", "Basic s3cret-token").statusCode())
                .isEqualTo(401);
        // an unknown path does not tell an anonymous client that it is unknown
        assertThat(get(url + "/api/unknown").statusCode()).isEqualTo(401);
        assertThat(get(url + "/ready").statusCode()).isEqualTo(401);

        HttpResponse<String> authorised = get(url + "/api/data", "Authorization", "Bearer s3cret-token");
        assertThat(authorised.statusCode()).isEqualTo(200);
        assertThat(authorised.body()).isEqualTo("\"data\"");
        assertThat(get(url + "/health").statusCode()).isEqualTo(200);
    }

    @Test
    void servesStaticFilesAndRefusesTraversal(@TempDir Path classpath) throws Exception {
        Path web = Files.createDirectories(classpath.resolve("web/static"));
        Files.writeString(classpath.resolve("web/index.html"), "<!doctype html><title>drugwatch</title>");
        Files.writeString(web.resolve("app.js"), "console.log('hi');");
        Files.writeString(web.resolve("app.css"), "body{}");
        Files.write(web.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        Files.writeString(web.resolve("notes.txt"), "not served");
        Files.writeString(classpath.resolve("secret.json"), "{\"secret\":true}");
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {classpath.toUri().toURL()}, null)) {
            String url = start(new ApiServer("127.0.0.1", 0)
                    .staticFiles(loader, "/web/")
                    .route(
                            "GET",
                            "/static/generated.js",
                            request -> Response.bytes(200, "text/javascript", new byte[0])));

            HttpResponse<String> index = get(url + "/");
            assertThat(index.statusCode()).isEqualTo(200);
            assertThat(index.body()).isEqualTo("<!doctype html><title>drugwatch</title>");
            assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(contentType(url + "/static/app.js")).isEqualTo("text/javascript; charset=utf-8");
            assertThat(contentType(url + "/static/app.css")).isEqualTo("text/css; charset=utf-8");
            HttpResponse<byte[]> png = Http.CLIENT.send(
                    request(url + "/static/logo.png").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
            assertThat(png.body()).containsExactly(0x89, 'P', 'N', 'G');
            assertThat(get(url + "/static/generated.js").statusCode())
                    .as("a route wins")
                    .isEqualTo(200);

            HttpResponse<String> missing = get(url + "/static/missing.js");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).isEqualTo("{\"error\":\"not found\",\"path\":\"/static/missing.js\"}");
            assertThat(get(url + "/static/notes.txt").statusCode()).isEqualTo(404);
            assertThat(get(url + "/static/").statusCode()).isEqualTo(400);
            for (String traversal : new String[] {
                "/static/../secret.json",
                "/static/%2e%2e/secret.json",
                "/static/..%2Fsecret.json",
                "/static/x/../../secret.json"
            }) {
                HttpResponse<String> refused = get(url + traversal);
                assertThat(refused.statusCode()).as(traversal).isEqualTo(400);
                assertThat(refused.body()).isEqualTo("{\"error\":\"invalid path\"}");
            }
        }
    }

    private static String contentType(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = get(url);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.headers().firstValue("Content-Type").orElseThrow();
    }

    @Test
    void namesTheAddressWhenThePortIsTaken() {
        server = new ApiServer("127.0.0.1", 0).start();
        int port = Integer.parseInt(server.url().substring(server.url().lastIndexOf(':') + 1));

        try (ApiServer second = new ApiServer("127.0.0.1", port)) {
            assertThatThrownBy(second::start)
                    .isInstanceOf(HttpPortInUseException.class)
                    .hasMessage("HTTP port " + port + " on 127.0.0.1 is already in use");
        }
    }

    @Test
    void reportsTheUrlToConnectTo() {
        server = new ApiServer("0.0.0.0", 0).start();

        assertThat(server.url()).matches("http://127\\.0\\.0\\.1:[1-9][0-9]*");
    }
}
