package dev.mvm;

import dev.mvm.api.model.Bump;
import dev.mvm.api.model.ModelVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Child-process main for {@link ConcurrentRegistrationTest}: opens the embedded registry in a directory and
 * registers versions of one model with automatic PATCH bumps from several threads, printing
 * {@code CREATED <version>} for each.
 */
public final class BumpWorker {
    private BumpWorker() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String model = args[1];
        int threads = Integer.parseInt(args[2]);
        int perThread = Integer.parseInt(args[3]);
        try (ModelRegistry registry = ModelRegistry.local(dir)) {
            System.out.println("READY");
            System.out.flush();
            List<Thread> workers = new ArrayList<>();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread w = new Thread(() -> {
                    try {
                        for (int i = 0; i < perThread; i++) {
                            ModelVersion v = registry.model(model).newVersion().bump(Bump.PATCH)
                                    .content("weights.bin", ("pid " + ProcessHandle.current().pid() + " thread " + id
                                            + " n " + i).getBytes(StandardCharsets.UTF_8))
                                    .register();
                            synchronized (System.out) {
                                System.out.println("CREATED " + v.version());
                                System.out.flush();
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                workers.add(w);
                w.start();
            }
            for (Thread w : workers) {
                w.join();
            }
            if (!failures.isEmpty()) {
                System.err.println("worker failed: " + failures.get(0));
                System.exit(1);
            }
        }
        System.out.println("DONE");
    }
}
