package dev.mvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the real {@code mvm.jar} (built in {@code package}) as a separate process, in a working directory of its
 * own, with the user's home and the environment under the test's control.
 */
final class MvmProcess {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final Path workDir;
    private final Path userHome;
    private final Map<String, String> env = new LinkedHashMap<>();

    MvmProcess(Path workDir) {
        this.workDir = workDir;
        this.userHome = workDir.resolve("home");
        try {
            Files.createDirectories(userHome);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path jar() {
        String jar = System.getProperty("mvm.jar");
        assertThat(jar).as("system property mvm.jar (set by the failsafe configuration)").isNotNull();
        Path path = Path.of(jar);
        assertThat(path).as("the runnable jar built in the package phase").isRegularFile();
        return path;
    }

    /** @return the working directory of the runs */
    Path workDir() {
        return workDir;
    }

    /** @return the user's home directory of the runs ({@code -Duser.home}) */
    Path userHome() {
        return userHome;
    }

    /**
     * @param name an environment variable the runs see
     * @param value its value
     * @return this
     */
    MvmProcess env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /**
     * Runs {@code java -jar mvm.jar args...}.
     *
     * @param args the arguments
     * @return exit status, stdout and stderr
     */
    Result run(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Duser.home=" + userHome);
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        return exec(command);
    }

    /**
     * Runs any command (e.g. the launcher script) with the same directory and environment.
     *
     * @param command the command and its arguments
     * @return exit status, stdout and stderr
     */
    Result exec(List<String> command) {
        int n = RUNS.incrementAndGet();
        Path out = workDir.resolve("run-" + n + ".out");
        Path err = workDir.resolve("run-" + n + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().keySet().removeIf(k -> k.startsWith("MVM_") || k.startsWith("MLFLOW_"));
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("mvm " + command + " did not finish within 120 s");
            }
            return new Result(command, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * What one run did.
     *
     * @param command what was run
     * @param exitCode its exit status
     * @param stdout what it printed on stdout
     * @param stderr what it printed on stderr
     */
    record Result(List<String> command, int exitCode, String stdout, String stderr) {
        /** @return this, after asserting the exit status is 0 */
        Result ok() {
            return exits(0);
        }

        /**
         * @param expected the expected exit status
         * @return this
         */
        Result exits(int expected) {
            assertThat(exitCode).as("exit status of %s%nstdout:%n%s%nstderr:%n%s", command.subList(
                    Math.min(command.size(), 4), command.size()), stdout, stderr).isEqualTo(expected);
            return this;
        }

        /** @return stdout parsed as one JSON document */
        JsonNode json() {
            try {
                return JSON.readTree(stdout);
            } catch (IOException e) {
                throw new AssertionError("stdout is not one JSON document: " + stdout, e);
            }
        }

        /** @return the lines of stderr that are not progress */
        List<String> errorLines() {
            return stderr.lines().filter(l -> l.startsWith("mvm: ")).toList();
        }
    }
}
