package dev.mvm.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM running a {@code main} class from the test classpath, for tests that need real separate
 * processes: several writers on one SQLite file, or a registration killed with SIGKILL part-way.
 *
 * <p>The child's standard output is read line by line; {@link #awaitLine} blocks until a line with a given
 * prefix appears, so a test can wait for the child to reach a point and then {@link #kill()} it there.
 */
public final class ChildJvm implements AutoCloseable {
    private static final String EOF = "\u0000EOF";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());

    private ChildJvm(Process process) {
        this.process = process;
        Thread reader = new Thread(this::pump, "child-jvm-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code mainClass} in a new JVM with this JVM's classpath. Standard error goes to the parent's.
     *
     * @param mainClass a class with {@code public static void main(String[])}
     * @param args its arguments
     * @return the running child
     */
    public static ChildJvm start(Class<?> mainClass, String... args) {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.add("-Xmx256m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            return new ChildJvm(p);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start child JVM for " + mainClass.getName(), e);
        }
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                seen.add(line);
                lines.add(line);
            }
        } catch (IOException e) {
            // the child died; EOF below tells waiters
        } finally {
            lines.add(EOF);
        }
    }

    /**
     * Waits until the child prints a line starting with {@code prefix}.
     *
     * @param prefix the prefix to wait for
     * @param timeout how long to wait at most
     * @return the whole line
     * @throws AssertionError if the child exits or the time runs out first
     */
    public String awaitLine(String prefix, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError("Child printed no line starting with '" + prefix + "' within "
                            + timeout + "; output so far: " + seen);
                }
                if (line.equals(EOF)) {
                    lines.add(EOF);
                    throw new AssertionError("Child exited (" + exitCodeOrRunning() + ") before printing '"
                            + prefix + "'; output: " + seen);
                }
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for the child", e);
        }
    }

    private String exitCodeOrRunning() {
        return process.isAlive() ? "still running" : "exit code " + process.exitValue();
    }

    /**
     * Waits for the child to exit.
     *
     * @param timeout how long to wait at most
     * @return its exit code
     * @throws AssertionError if it is still running after the timeout (it is then killed)
     */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("Child still running after " + timeout + "; output: " + seen);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for the child", e);
        }
    }

    /** Kills the child with SIGKILL (no shutdown hooks, no finally blocks) and waits until it is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return every line the child printed so far */
    public List<String> output() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
