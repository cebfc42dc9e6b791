package dev.mvm.mlflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A real {@code mlflow server} on a free loopback port with a SQLite backend, run from a project-local
 * virtual environment at {@code <repo>/.mvm-test/venv-mlflow-<version>-boto3-<version>} that is created with
 * {@code python3 -m venv} and {@code pip install mlflow==<version>} the first time it is needed.
 *
 * <p>If Python, pip or the server fail, the caller gets an {@link AssertionError} naming the log to read:
 * the MLflow tests never skip.
 */
public final class MlflowTestServer implements AutoCloseable {
    /** The pinned MLflow release; the pom passes the same value as {@code mvm.mlflow.version}. */
    static final String VERSION = System.getProperty("mvm.mlflow.version", "3.17.2");

    private final Process process;
    private final String uri;
    private final Path dir;
    private final Path log;

    private MlflowTestServer(Process process, String uri, Path dir, Path log) {
        this.process = process;
        this.uri = uri;
        this.dir = dir;
        this.log = log;
    }

    /** @return the repository root (where {@code mvnw} lives) */
    static Path repoRoot() {
        String fromMaven = System.getProperty("mvm.repo.root");
        if (fromMaven != null && Files.exists(Path.of(fromMaven, "mvnw"))) {
            return Path.of(fromMaven).toAbsolutePath();
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("mvnw"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new AssertionError("Cannot find the repository root (a folder with mvnw) above "
                    + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /** The pinned boto3 release (MLflow's S3 artifact repository); the pom passes it as {@code mvm.boto3.version}. */
    static final String BOTO3_VERSION = System.getProperty("mvm.boto3.version", "1.43.11");

    /** @return the venv's folder, created and filled with MLflow (and boto3) if needed */
    static synchronized Path venv() {
        String name = "venv-mlflow-" + VERSION + "-boto3-" + BOTO3_VERSION;
        Path venv = repoRoot().resolve(".mvm-test").resolve(name);
        Path marker = venv.resolve(".mvm-installed");
        // [auth]: the basic-auth app needs Flask-WTF; boto3: MLflow reads s3:// sources with it
        List<String> requirements = List.of("mlflow[auth]==" + VERSION, "boto3==" + BOTO3_VERSION);
        String requirement = String.join(" ", requirements);
        try {
            if (Files.exists(marker) && Files.readString(marker).startsWith(requirement + " ")) {
                return venv;
            }
        } catch (IOException e) {
            throw new AssertionError("Cannot read " + marker + ": " + e, e);
        }
        Path log = venv.getParent().resolve(name + "-install.log");
        try {
            Files.createDirectories(venv.getParent());
            Instant start = Instant.now();
            System.err.println("[mlflow-test] preparing " + venv + " with " + requirement
                    + " (first run only; log: " + log + ")");
            if (!Files.exists(venv.resolve("bin/python"))) {
                run(List.of("python3", "-m", "venv", venv.toString()), log, Duration.ofMinutes(5),
                        "python3 -m venv (is python3 with the venv module installed?)");
            }
            List<String> pip = new ArrayList<>(List.of(venv.resolve("bin/python").toString(), "-m", "pip", "install",
                    "--disable-pip-version-check"));
            pip.addAll(requirements);
            run(pip, log, Duration.ofMinutes(20), "pip install " + requirement);
            Files.writeString(marker, requirement + " installed in "
                    + Duration.between(start, Instant.now()).toSeconds() + " s\n");
            System.err.println("[mlflow-test] venv ready after " + Duration.between(start, Instant.now()).toSeconds()
                    + " s");
            return venv;
        } catch (IOException e) {
            throw new AssertionError("Cannot prepare the MLflow venv at " + venv + ": " + e, e);
        }
    }

    private static void run(List<String> command, Path log, Duration timeout, String what) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(what + " did not finish within " + timeout + "; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new AssertionError("Interrupted during " + what, e);
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(what + " failed with exit code " + p.exitValue() + "; see " + log
                    + ". The MLflow tests need python3 and access to the Python package index.");
        }
    }

    /**
     * Starts a server.
     *
     * @param basicAuth whether to run MLflow's basic-auth app (admin user {@code admin} / {@link #ADMIN_PASSWORD})
     * @return the running server
     */
    public static MlflowTestServer start(boolean basicAuth) {
        Path venv = venv();
        pruneOldServerFolders();
        int port = freePort();
        Path dir;
        try {
            dir = Files.createDirectories(repoRoot().resolve(".mvm-test").resolve("mlflow-" + (basicAuth ? "auth-" : "")
                    + port + "-" + System.currentTimeMillis()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path log = dir.resolve("server.log");
        List<String> cmd = new ArrayList<>(List.of(venv.resolve("bin/mlflow").toString(), "server",
                "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--backend-store-uri", "sqlite:///" + dir.resolve("mlflow.db"),
                "--default-artifact-root", dir.resolve("artifacts").toString(),
                "--workers", "1"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("MLFLOW_"));
        if (basicAuth) {
            cmd.add("--app-name");
            cmd.add("basic-auth");
            pb.command(cmd);
            Path ini = dir.resolve("basic_auth.ini");
            try {
                Files.writeString(ini, "[mlflow]\ndefault_permission = READ\ndatabase_uri = sqlite:///"
                        + dir.resolve("basic_auth.db") + "\nadmin_username = admin\nadmin_password = "
                        + ADMIN_PASSWORD + "\nauthorization_function = mlflow.server.auth:authenticate_request_basic_auth\n",
                        StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            env.put("MLFLOW_AUTH_CONFIG_PATH", ini.toString());
            env.put("MLFLOW_FLASK_SERVER_SECRET_KEY", "mvm-test-secret");
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError("Cannot start " + cmd + ": " + e, e);
        }
        String uri = "http://127.0.0.1:" + port;
        MlflowTestServer server = new MlflowTestServer(p, uri, dir, log);
        System.err.println("[mlflow-test] mlflow " + VERSION + " server at " + uri + ", log: " + log);
        server.awaitHealthy(Duration.ofMinutes(3));
        return server;
    }

    /** The basic-auth app's admin password in the test server. */
    static final String ADMIN_PASSWORD = "mvm-admin-password-1";

    private void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("mlflow server exited with " + process.exitValue() + " before it was"
                        + " healthy; see " + log + ":\n" + tail());
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(uri + "/health").toURL().openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout(1000);
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                LockSupport.parkNanos(Duration.ofMillis(250).toNanos()); // poll until the deadline
            }
        }
        close();
        throw new AssertionError("mlflow server at " + uri + " was not healthy within " + timeout + "; see " + log
                + ":\n" + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Keeps the working folders (database, log) of the last few servers for diagnosis; removes older ones. */
    private static void pruneOldServerFolders() {
        Path root = repoRoot().resolve(".mvm-test");
        if (!Files.isDirectory(root)) {
            return;
        }
        try (var folders = Files.list(root)) {
            List<Path> old = folders.filter(p -> p.getFileName().toString().startsWith("mlflow-")
                    && Files.isDirectory(p)).sorted(java.util.Comparator.comparing((Path p) -> {
                        try {
                            return Files.getLastModifiedTime(p).toMillis();
                        } catch (IOException e) {
                            return 0L;
                        }
                    }).reversed()).skip(KEPT_SERVER_FOLDERS).toList();
            for (Path folder : old) {
                try (var tree = Files.walk(folder)) {
                    for (Path f : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(f);
                    }
                }
            }
        } catch (IOException e) {
            System.err.println("[mlflow-test] could not prune old server folders under " + root + ": " + e);
        }
    }

    private static final int KEPT_SERVER_FOLDERS = 6;

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the tracking URI */
    public String uri() {
        return uri;
    }

    /** @return the server's working folder */
    Path dir() {
        return dir;
    }

    /** @return the venv's Python */
    static Path python() {
        return venv().resolve("bin/python");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(20, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }
}
