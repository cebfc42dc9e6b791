package dev.mvm.lifecycle;

import dev.mvm.ModelRegistry;
import dev.mvm.api.error.ConflictException;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.List;

/**
 * Child-process main for {@link ConcurrentPublishTest}: waits at a file-lock gate held by the parent, then
 * for each round reads the production pointer of {@code fraud} and publishes one of its own versions there
 * with a compare-and-set, printing {@code WON <version>} or {@code LOST}.
 */
public final class PublishWorker {
    private PublishWorker() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path gate = Path.of(args[1]);
        List<String> mine = List.of(args[2].split(","));
        int rounds = Integer.parseInt(args[3]);
        try (ModelRegistry registry = ModelRegistry.local(dir)) {
            System.out.println("READY");
            System.out.flush();
            try (RandomAccessFile file = new RandomAccessFile(gate.toFile(), "rw");
                    FileLock shared = file.getChannel().lock(0, Long.MAX_VALUE, true)) {
                shared.release();
            }
            for (int round = 0; round < rounds; round++) {
                String current = registry.model("fraud").pointer("production").map(p -> p.version().toString())
                        .orElse(null);
                String candidate = mine.get(round % mine.size());
                if (candidate.equals(current)) {
                    candidate = mine.get((round + 1) % mine.size());
                }
                try {
                    registry.model("fraud").version(candidate).publishIfCurrent("production", current, "race");
                    System.out.println("WON " + candidate);
                } catch (ConflictException e) {
                    System.out.println("LOST");
                }
                System.out.flush();
            }
        }
        System.out.println("DONE");
    }
}
