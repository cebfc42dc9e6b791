package dev.mvm.mlflow;

import dev.mvm.api.error.ConflictException;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.SemanticVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Run in a child JVM by {@link TwoJvmVersionRaceTest}: waits for a start file, then tries to create versions
 * {@code 1.<i>.0} of one model and prints {@code WON i}, {@code LOST i} or {@code ERROR i ...} for each.
 */
public final class VersionRaceMain {
    private VersionRaceMain() {
    }

    /**
     * @param args tracking URI, model name, version count, start file, label
     */
    public static void main(String[] args) {
        // stderr is the parent's: keep the children's log to warnings
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        String uri = args[0];
        ModelName model = ModelName.of(args[1]);
        int count = Integer.parseInt(args[2]);
        Path go = Path.of(args[3]);
        String label = args[4];
        try (MlflowRegistryStore store = MlflowRegistryStore.builder().trackingUri(uri).build()) {
            System.out.println("READY");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.exists(go)) {
                if (System.nanoTime() > deadline) {
                    System.out.println("ERROR start file never appeared");
                    System.exit(2);
                }
                LockSupport.parkNanos(Duration.ofMillis(5).toNanos()); // poll for the start signal
            }
            for (int i = 0; i < count; i++) {
                Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                ModelVersion v = ModelVersion.builder(model, SemanticVersion.parse("1." + i + ".0+" + label))
                        .createdBy("user:" + label).createdAt(now).updatedAt(now).build();
                try {
                    store.createVersion(v);
                    System.out.println("WON " + i);
                } catch (ConflictException e) {
                    System.out.println("LOST " + i);
                } catch (RuntimeException e) {
                    System.out.println("ERROR " + i + " " + e);
                }
            }
        }
        System.out.println("DONE");
    }
}
