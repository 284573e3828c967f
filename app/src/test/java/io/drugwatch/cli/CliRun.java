package io.drugwatch.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import picocli.CommandLine;

/** One run of the command line with its exit code and everything it printed (commands print to System.out). */
record CliRun(int code, String out, String err) {

    /** Runs the app's command line. */
    static CliRun of(String... args) {
        return in(Main::commandLine, args);
    }

    /**
     * Runs the command line that {@code root} makes, such as the demo build's. It is made here, after System.out is
     * redirected: picocli's execution strategy keeps the System.out of its creation and prefers it to setOut's.
     */
    static synchronized CliRun in(Supplier<CommandLine> root, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StringWriter cliOut = new StringWriter();
        StringWriter cliErr = new StringWriter();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            CommandLine cli = root.get();
            cli.setOut(new PrintWriter(cliOut, true));
            cli.setErr(new PrintWriter(cliErr, true));
            int code = cli.execute(args);
            return new CliRun(
                    code, out.toString(StandardCharsets.UTF_8) + cliOut, err.toString(StandardCharsets.UTF_8) + cliErr);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
