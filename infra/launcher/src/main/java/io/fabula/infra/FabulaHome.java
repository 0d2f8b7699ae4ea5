package io.fabula.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The checkout the servers are started from: the {@code infra/*-server} modules' built classpaths,
 * the Milvus launcher script and the Python that runs it.
 *
 * <p>Found from the {@code fabula.home} system property, the {@code FABULA_HOME} variable, or by
 * walking up from the working directory to the folder that holds {@code infra/launcher}.
 */
public final class FabulaHome {
    private final Path root;

    private FabulaHome(Path root) {
        this.root = root;
    }

    public static FabulaHome at(Path root) {
        return new FabulaHome(root.toAbsolutePath().normalize());
    }

    public static FabulaHome locate() {
        Optional<String> configured = Optional.ofNullable(System.getProperty("fabula.home"))
                .or(() -> Optional.ofNullable(System.getenv("FABULA_HOME")));
        if (configured.isPresent()) {
            return at(Path.of(configured.get()));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("infra/launcher"))) {
                return at(dir);
            }
        }
        throw new IllegalStateException("cannot find the Fabula checkout: set -Dfabula.home or FABULA_HOME "
                + "to the folder that holds infra/launcher");
    }

    public Path root() {
        return root;
    }

    /** {@code infra/<name>-server/target/classes} plus every jar copied to its {@code target/server-lib}. */
    String serverClasspath(String name) {
        Path module = root.resolve("infra").resolve(name + "-server").resolve("target");
        Path classes = module.resolve("classes");
        Path lib = module.resolve("server-lib");
        if (!Files.isDirectory(classes) || !Files.isDirectory(lib)) {
            throw new IllegalStateException("the " + name + " server is not built: " + lib + " is missing. "
                    + "Run `mvn -B package -DskipTests` (or ./fabula build) first.");
        }
        return NativeServers.classpath(List.of(classes.toString(), lib + "/*"));
    }

    Path milvusLauncher() {
        return root.resolve("infra/milvus/milvus_server.py");
    }

    /** The Python with the Milvus package: {@code FABULA_PYTHON}, else the checkout's {@code .venv}, else python3. */
    String python() {
        String configured = System.getenv("FABULA_PYTHON");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        Path venv = root.resolve(".venv/bin/python");
        return Files.isExecutable(venv) ? venv.toString() : "python3";
    }

    String redisServer() {
        for (String candidate : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "redis-server";
    }
}
