package io.drugwatch.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files at the top of the repository (docs/, config/, deploy/, schemas/, the Dockerfile) for tests, which run in
 * their module's directory.
 */
public final class RepoFiles {

    /**
     * The repository's top directory: {@code -Ddrugwatch.root}, which surefire and failsafe set, else the nearest
     * directory above the working directory that holds {@code schemas/} and a {@code pom.xml}.
     */
    public static final Path ROOT = root();

    private RepoFiles() {}

    /** {@code first/more...} under the repository's top directory. */
    public static Path path(String first, String... more) {
        return ROOT.resolve(Path.of(first, more));
    }

    private static Path root() {
        String set = System.getProperty("drugwatch.root");
        if (set != null) {
            return Path.of(set).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("schemas")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository's top directory; set -Ddrugwatch.root");
    }
}
