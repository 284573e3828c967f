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

        HttpResponse<String> response = get(url
                + "/api/counties/53%2F06+21/series?days=7&metric=arrests&metric=grams%20seized&q=a+b%26c&flag");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"code\":\"53/06+21\",\"days\":\"7\","
                + "\"metrics\":[\"arrests\",\"grams seized\"],\"q\":\"a b&c\",\"flag\":\"\",\"missing\":false}");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void literalSegmentsWinOverParametersAndHeadUsesTheGetRoute() throws Exception {
        String url = start(new ApiServer("127.0.0.1", 0)
                .route("GET", "/api/counties/{code}", request -> Response.json(request.pathParam("code")))
                .route("GET", "/api/counties/top", request -> Response.json("top list")));

        assertThat(get(url + "/api/counties/top").body()).isEqualTo("\"top list\"");
        assertThat(get(url + "/api/counties/530621").body()).isEqualTo("\"530621\"");
        HttpResponse<String> head = send(request(url + "/api/counties/530621")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
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
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
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
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[64 * 1024])).build());
        assertThat(atLimit.statusCode()).isEqualTo(200);
        assertThat(atLimit.body()).isEqualTo("65536");

        HttpResponse<String> over = send(request(url + "/api/echo-size")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[64 * 1024 + 1])).build());
        assertThat(over.statusCode()).isEqualTo(413);
        assertThat(over.body()).isEqualTo("{\"error\":\"request body too large (limit 65536 bytes)\"}");
    }

    @Test
    void bearerTokenGuardsEverythingButHealth() throws Exception {
        ApiServer api = new ApiServer("127.0.0.1", 0).bearerToken("s3cret-token")
                .route("GET", "/api/data", request -> Response.json("data"));
        HealthChecks.register(api, () -> new ReadyState(true, "RUNNING", Map.of()));
        String url = start(api);

        HttpResponse<String> anonymous = get(url + "/api/data");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).isEqualTo("{\"error\":\"unauthorized\"}");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(get(url + "/api/data", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(get(url + "/api/data", "Authorization", "Basic s3cret-token").statusCode()).isEqualTo(401);
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
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classpath.toUri().toURL()}, null)) {
            String url = start(new ApiServer("127.0.0.1", 0).staticFiles(loader, "/web/")
                    .route("GET", "/static/generated.js", request -> Response.bytes(200, "text/javascript", new byte[0])));

            HttpResponse<String> index = get(url + "/");
            assertThat(index.statusCode()).isEqualTo(200);
            assertThat(index.body()).isEqualTo("<!doctype html><title>drugwatch</title>");
            assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(contentType(url + "/static/app.js")).isEqualTo("text/javascript; charset=utf-8");
            assertThat(contentType(url + "/static/app.css")).isEqualTo("text/css; charset=utf-8");
            HttpResponse<byte[]> png = Http.CLIENT.send(request(url + "/static/logo.png").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
            assertThat(png.body()).containsExactly(0x89, 'P', 'N', 'G');
            assertThat(get(url + "/static/generated.js").statusCode()).as("a route wins").isEqualTo(200);

            HttpResponse<String> missing = get(url + "/static/missing.js");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).isEqualTo("{\"error\":\"not found\",\"path\":\"/static/missing.js\"}");
            assertThat(get(url + "/static/notes.txt").statusCode()).isEqualTo(404);
            assertThat(get(url + "/static/").statusCode()).isEqualTo(400);
            for (String traversal : new String[] {"/static/../secret.json", "/static/%2e%2e/secret.json",
                    "/static/..%2Fsecret.json", "/static/x/../../secret.json"}) {
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
