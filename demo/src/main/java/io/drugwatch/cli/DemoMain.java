package io.drugwatch.cli;

import java.util.List;
import picocli.CommandLine;

/**
 * The {@code drugwatch} command line of demo/target/drugwatch-demo.jar: the app's commands plus demo, generate and
 * bench, which need the in-process broker, the schema registry or the event generator of this module.
 */
public final class DemoMain {

    private DemoMain() {}

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return Main.commandLine(
                List.of(new DemoCommand(), new GenerateCommand(), new BenchCommand(), new HttpBenchCommand()));
    }
}
