package io.drugwatch.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code drugwatch run} in its own JVM, so that it can be killed like a real process. */
final class ChildPipeline implements AutoCloseable {

    private static final Pattern STARTED =
            Pattern.compile("pipeline running [0-9.,]+ s after start; ([0-9]+) records restored");
    private static final Pattern API = Pattern.compile("HTTP API listening on (http://[0-9.:]+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern RUNNING_AGAIN =
            Pattern.compile("pipeline running again after a rebalance; ([0-9]+) records restored");

    private final Process process;
    private final Path log;

    private ChildPipeline(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code run} with every setting as a {@code -D} flag; stdout and stderr go to {@code log}. */
    static ChildPipeline start(Map<String, String> settings, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-cp",
                System.getProperty("java.class.path"),
                "io.drugwatch.cli.Main",
                "run",
                "--http-port",
                "0"));
        settings.forEach((key, value) -> {
            command.add("-D");
            command.add(key + "=" + value);
        });
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new ChildPipeline(builder.start(), log);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /**
     * drugwatch's and Kafka Streams' own WARN and ERROR lines and the pipeline's state changes, the
     * last 60, for a failure message: the kept log of a failed CI run cannot be read afterwards. The
     * clients' retries while a broker is down would drown them.
     */
    String warnings() {
        List<String> lines = log().lines()
                .filter(l -> l.contains("io.drugwatch") || l.contains("i.d.") || l.contains("o.a.k.s."))
                .filter(l -> l.contains(" WARN ") || l.contains(" ERROR ") || l.contains("pipeline "))
                .map(l -> l.length() > 300 ? l.substring(0, 300) + "…" : l)
                .toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    /** Fails with the child's output if it has exited. */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new AssertionError("drugwatch run exited with " + process.exitValue() + ":\n" + log());
        }
    }

    /**
     * What the log says of the pipeline's first start, once it has reached RUNNING: the records
     * restored into the state stores.
     */
    Optional<StartUp> startUp() {
        Matcher m = STARTED.matcher(log());
        return m.find() ? Optional.of(new StartUp(Long.parseLong(m.group(1)))) : Optional.empty();
    }

    record StartUp(long restored) {}

    /** Records restored at each return to RUNNING after a rebalance, in order. */
    List<Long> rebalanceRestores() {
        Matcher m = RUNNING_AGAIN.matcher(log());
        List<Long> restored = new ArrayList<>();
        while (m.find()) {
            restored.add(Long.parseLong(m.group(1)));
        }
        return restored;
    }

    /**
     * How far the child's furthest-behind local store, active or standby, is from the end of its
     * changelog, as its {@code /ready} reports it; empty while it is not RUNNING or not yet listening.
     */
    Optional<Long> maxStoreLag() throws IOException, InterruptedException {
        Matcher url = API.matcher(log());
        if (!url.find()) {
            return Optional.empty();
        }
        HttpResponse<String> ready = HTTP.send(
                HttpRequest.newBuilder(URI.create(url.group(1) + "/ready"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode lag = JSON.readTree(ready.body()).path("details").path("maxStoreLag");
        return lag.isNumber() ? Optional.of(lag.asLong()) : Optional.empty();
    }

    /** SIGTERM, and the exit code once the JVM has exited; fails if it has not within {@code bound}. */
    int terminate(Duration bound) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("drugwatch run still running " + bound + " after SIGTERM:\n" + log());
        }
        return process.exitValue();
    }

    /** SIGKILL on Linux: no shutdown hook, no clean close of Kafka Streams. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the shutdown hook closes the pipeline cleanly. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
