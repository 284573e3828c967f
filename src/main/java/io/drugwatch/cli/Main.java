package io.drugwatch.cli;

import io.drugwatch.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code drugwatch} command line. */
@Command(
        name = "drugwatch",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Rolling per-county drug-control indicators from Kafka event streams.",
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            GenerateCommand.class,
            IngestCommand.class,
            ReplayCommand.class,
            EvaluateCommand.class,
            TailCommand.class,
            TopicsCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Examples:",
            "  drugwatch demo                                  everything on this machine, no setup",
            "  drugwatch topics -c prod.properties             create or check the topics",
            "  drugwatch run -c prod.properties                the pipeline against a cluster",
            "  drugwatch replay --input history/ --output out/ back-test on files",
            "",
            "Run 'drugwatch help COMMAND' for a command's options and examples."
        })
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code: 0 ok, 1 failed, 2 bad usage. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(Main.class);
        cli.setUsageHelpWidth(110);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler(Main::onError);
        return cli;
    }

    /** Errors are one line a person can act on; DRUGWATCH_DEBUG=1 adds the stack trace. */
    private static int onError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        err.println("error: " + message(e));
        if (System.getenv("DRUGWATCH_DEBUG") != null) {
            e.printStackTrace(err);
        }
        err.flush();
        return 1;
    }

    static String message(Throwable e) {
        if (e instanceof ConfigException
                || e instanceof IllegalArgumentException
                || e instanceof IllegalStateException
                || e instanceof CommandFailure) {
            return e.getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return text + " (DRUGWATCH_DEBUG=1 shows details)";
    }

    /** A failure already explained to the user in one line. */
    static final class CommandFailure extends RuntimeException {
        CommandFailure(String message) {
            super(message);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"drugwatch " + (v == null ? "(development build)" : v)};
        }
    }
}
