package io.drugwatch.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * What {@code demo}, {@code generate} and {@code bench} do in app/target/drugwatch.jar, which leaves out the in-process
 * broker and the generator: say where they are, instead of picocli's "Unmatched argument".
 */
@Command(hidden = true)
final class InDemoBuild implements Callable<Integer> {

    private final String name;

    @Unmatched
    List<String> ignored = new ArrayList<>();

    InDemoBuild(String name) {
        this.name = name;
    }

    @Override
    public Integer call() {
        throw new Main.CommandFailure(
                "'" + name + "' is not in this jar, which runs the pipeline without the in-process"
                        + " broker; it is in the demo build: java -jar " + Main.DEMO_JAR + " " + name);
    }
}
