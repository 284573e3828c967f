package io.drugwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoMainTest {

    @Test
    void theDemoBuildHasTheAppsCommandsAndItsOwn() {
        assertThat(DemoMain.commandLine().getSubcommands().keySet())
                .containsAll(Main.commandLine().getSubcommands().keySet())
                .containsAll(Main.DEMO_COMMANDS);
        CliRun help = CliRun.in(DemoMain::commandLine, "--help");
        assertThat(help.out())
                .contains("  demo ", "  generate ", "  bench ", "  run ")
                .doesNotContain("demo build");
        for (String command : Main.DEMO_COMMANDS) {
            CliRun r = CliRun.in(DemoMain::commandLine, command, "--help");
            assertThat(r.code()).as(command).isZero();
            assertThat(r.out())
                    .as(command)
                    .contains("Usage: drugwatch " + command)
                    .contains("Examples:");
        }
    }
}
