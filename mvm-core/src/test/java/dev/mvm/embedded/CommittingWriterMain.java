package dev.mvm.embedded;

import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.SemanticVersion;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

/**
 * A writer process for the crash test: registers a model, then creates versions {@code 1.0.0, 1.0.1, …}
 * without end, printing {@code COMMITTED <version>} right after each create returned. The test kills it with
 * SIGKILL at some point and checks that every version it reported is there.
 *
 * <p>Arguments: database file, model name.
 */
public final class CommittingWriterMain {
    private CommittingWriterMain() {
    }

    public static void main(String[] args) {
        ModelName model = ModelName.of(args[1]);
        SqliteRegistryStore store = SqliteRegistryStore.open(Path.of(args[0]));
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        store.createModel(Model.builder(UUID.randomUUID().toString(), model).createdAt(start).updatedAt(start)
                .build());
        for (long patch = 0; ; patch++) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            SemanticVersion version = SemanticVersion.of(1, 0, patch);
            store.createVersion(ModelVersion.builder(model, version).metrics(Map.of("patch", (double) patch))
                    .createdBy("process:crash-test").createdAt(now).updatedAt(now).build());
            System.out.println("COMMITTED " + version);
            System.out.flush();
        }
    }
}
