package io.fabula.app;

import java.nio.file.Files;
import java.nio.file.Path;

/** The configuration files at the root of the checkout, wherever the tests run from. */
final class RepoFiles {
    private RepoFiles() {
    }

    static Path file(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(name)) && Files.isDirectory(dir.resolve("app"))) {
                return dir.resolve(name);
            }
        }
        throw new IllegalStateException(name + " not found above " + Path.of("").toAbsolutePath());
    }
}
