package io.drugwatch.fault;

import java.io.IOException;
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
import java.util.stream.Collectors;

/** {@code drugwatch run} in its own JVM, so that it can be killed like a real process. */
final class ChildPipeline implements AutoCloseable {

    private static final Pattern STARTED =
            Pattern.compile("pipeline running ([0-9.,]+) s after start; ([0-9]+) records restored");
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
     * The log's WARN and ERROR lines and its pipeline state changes, for a failure message: the kept
     * log of a failed CI run cannot be read afterwards.
     */
    String warnings() {
        return log().lines()
                .filter(l -> l.contains(" WARN ") || l.contains(" ERROR ") || l.contains("pipeline "))
                .map(l -> l.length() > 400 ? l.substring(0, 400) + "…" : l)
                .collect(Collectors.joining("\n"));
    }

    /** Fails with the child's output if it has exited. */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new AssertionError("drugwatch run exited with " + process.exitValue() + ":\n" + log());
        }
    }

    /**
     * What the log says of the pipeline's first start, once it has reached RUNNING: the seconds it took
     * and the records restored into the state stores.
     */
    Optional<StartUp> startUp() {
        Matcher m = STARTED.matcher(log());
        return m.find()
                ? Optional.of(new StartUp(Double.parseDouble(m.group(1).replace(',', '.')), Long.parseLong(m.group(2))))
                : Optional.empty();
    }

    record StartUp(double seconds, long restored) {}

    /** Records restored at each return to RUNNING after a rebalance, in order. */
    List<Long> rebalanceRestores() {
        Matcher m = RUNNING_AGAIN.matcher(log());
        List<Long> restored = new ArrayList<>();
        while (m.find()) {
            restored.add(Long.parseLong(m.group(1)));
        }
        return restored;
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
