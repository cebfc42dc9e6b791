package dev.mvm.embedded;

import dev.mvm.api.error.ConflictException;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.SemanticVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A writer process for the multi-process tests. Prints {@code READY}, waits until the go file exists, then
 * starts {@code threads} threads that each open their own store on the same file at the same moment (racing
 * the schema migration) and make sure the model exists. It then prints {@code OPEN}, waits until the write
 * file exists (so that both processes start writing together), and each thread tries to create versions
 * {@code 1.0.0 … 1.0.<count-1>} of the model in a different order. A conflict means another thread or process created that version first: it moves on.
 * Prints {@code CREATED <version>} for each version it created, {@code ERROR …} for any other failure, and
 * {@code DONE} at the end; exits 1 if there was an error.
 *
 * <p>Arguments: database file, model name, version count, thread count, go file, write file.
 */
public final class RegistryWriterMain {
    private RegistryWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        ModelName model = ModelName.of(args[1]);
        int count = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        Path go = Path.of(args[4]);
        Path write = Path.of(args[5]);
        say("READY");
        awaitFile(go);
        AtomicBoolean failed = new AtomicBoolean();
        CyclicBarrier together = new CyclicBarrier(threads);
        CyclicBarrier opened = new CyclicBarrier(threads, () -> {
            say("OPEN");
            awaitFile(write);
        });
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t * Math.max(1, count / threads);
            Thread worker = new Thread(() -> {
                try {
                    together.await();
                    try (SqliteRegistryStore store = SqliteRegistryStore.open(db)) {
                        ensureModel(store, model);
                        opened.await();
                        for (int i = 0; i < count; i++) {
                            SemanticVersion version = SemanticVersion.of(1, 0, (i + offset) % count);
                            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                            try {
                                store.createVersion(ModelVersion.builder(model, version).createdBy("process:"
                                        + ProcessHandle.current().pid()).createdAt(now).updatedAt(now).build());
                                say("CREATED " + version);
                            } catch (ConflictException alreadyThere) {
                                // another thread or process created it first: the version exists, move on
                                continue;
                            }
                        }
                    }
                } catch (Exception | AssertionError e) {
                    failed.set(true);
                    say("ERROR " + e.getClass().getName() + ": " + e.getMessage());
                }
            }, "writer-" + t);
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        say("DONE");
        System.exit(failed.get() ? 1 : 0);
    }

    /** Polls for a file the parent creates, with a deadline. */
    private static void awaitFile(Path file) {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                say("ERROR no " + file + " within 120 s");
                System.exit(2);
            }
            LockSupport.parkNanos(200_000);
        }
    }

    private static void ensureModel(SqliteRegistryStore store, ModelName model) {
        if (store.findModel(model).isPresent()) {
            return;
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try {
            store.createModel(Model.builder(UUID.randomUUID().toString(), model).createdAt(now).updatedAt(now)
                    .build());
        } catch (ConflictException createdElsewhere) {
            // another thread or process registered the model first, which is all we need
            store.findModel(model).orElseThrow();
        }
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
