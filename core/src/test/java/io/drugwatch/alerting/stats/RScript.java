package io.drugwatch.alerting.stats;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs R as the reference implementation of the statistics: Debian's {@code r-base-core} and
 * {@code r-cran-surveillance}, which .ci/run installs. Without R the cross-check tests are skipped with
 * {@link #INSTALL_HINT}, except on CI, where they fail.
 */
final class RScript {

    static final String INSTALL_HINT = "R is not installed: apt-get install r-base-core r-cran-surveillance";
    private static final Path RSCRIPT = Path.of("/usr/bin/Rscript");

    private RScript() {}

    static boolean installedOrCi() {
        return Files.isExecutable(RSCRIPT) || "true".equals(System.getenv("CI"));
    }

    /** Runs {@code code} with {@code Rscript --vanilla} and returns the lines it printed (warnings go elsewhere). */
    static List<String> run(String code) throws IOException, InterruptedException {
        if (!Files.isExecutable(RSCRIPT)) {
            fail(INSTALL_HINT);
        }
        Path script = Files.createTempFile("drugwatch-check", ".R");
        Path errors = Files.createTempFile("drugwatch-check", ".err");
        try {
            Files.writeString(script, code, StandardCharsets.UTF_8);
            Process r = new ProcessBuilder(RSCRIPT.toString(), "--vanilla", script.toString())
                    .redirectError(errors.toFile())
                    .start();
            String out = new String(r.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!r.waitFor(120, TimeUnit.SECONDS) || r.exitValue() != 0) {
                fail("R failed:\n" + out + Files.readString(errors, StandardCharsets.UTF_8));
            }
            return out.lines().filter(l -> !l.isBlank()).toList();
        } finally {
            Files.deleteIfExists(script);
            Files.deleteIfExists(errors);
        }
    }
}
