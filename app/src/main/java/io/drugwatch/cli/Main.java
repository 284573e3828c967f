package io.drugwatch.cli;

import io.drugwatch.config.ConfigException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code drugwatch} command line of app/target/drugwatch.jar, which runs the pipeline against a real cluster and
 * carries no broker. The demo build ({@code DemoMain}, demo/target/drugwatch-demo.jar) adds {@link #DEMO_COMMANDS}.
 */
@Command(
        name = "drugwatch",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Rolling per-county drug-control indicators from Kafka event streams.",
        subcommands = {
            RunCommand.class,
            IngestCommand.class,
            ReplayCommand.class,
            EvaluateCommand.class,
            TailCommand.class,
            TopicsCommand.class
        })
public final class Main {

    /** The commands that need the in-process broker or the generator: only the demo build has them. */
    static final List<String> DEMO_COMMANDS = List.of("demo", "generate", "bench");

    static final String DEMO_JAR = "demo/target/drugwatch-demo.jar";

    private Main() {}

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code: 0 ok, 1 failed, 2 bad usage. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The app's command line; {@code demo}, {@code generate} and {@code bench} only say where they are. */
    static CommandLine commandLine() {
        return commandLine(List.of());
    }

    /** The command line with the app's commands, then {@code demoCommands} (the demo build's), then help. */
    static CommandLine commandLine(List<Object> demoCommands) {
        CommandLine cli = new CommandLine(Main.class);
        demoCommands.forEach(cli::addSubcommand);
        for (String name : DEMO_COMMANDS) {
            if (!cli.getSubcommands().containsKey(name)) {
                cli.addSubcommand(name, new InDemoBuild(name));
            }
        }
        cli.addSubcommand("help", new CommandLine.HelpCommand());
        cli.getCommandSpec().usageMessage().footer(footer(!demoCommands.isEmpty()));
        cli.setUsageHelpWidth(110);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler(Main::onError);
        return cli;
    }

    private static String[] footer(boolean demoBuild) {
        List<String> lines = new ArrayList<>(List.of("", "Examples:"));
        if (demoBuild) {
            lines.add("  drugwatch demo                                  everything on this machine, no setup");
        }
        lines.addAll(List.of(
                "  drugwatch topics -c prod.properties             create or check the topics",
                "  drugwatch run -c prod.properties                the pipeline against a cluster",
                "  drugwatch replay --input history/ --output out/ back-test on files",
                ""));
        if (!demoBuild) {
            lines.add("demo, generate and bench need the in-process broker or the event generator, which this jar");
            lines.add("leaves out: they are in the demo build, java -jar " + DEMO_JAR + " demo.");
        }
        lines.add("Run 'drugwatch help COMMAND' for a command's options and examples.");
        return lines.toArray(String[]::new);
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
