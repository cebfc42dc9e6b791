package dev.mvm.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Two JVMs creating the same semantic versions at once")
@ExtendWith(MlflowServerExtension.class)
class TwoJvmVersionRaceTest {
    private static final int VERSIONS = 15;

    @Test
    @DisplayName("each version is created exactly once: one JVM wins it, the other gets a conflict")
    void exactlyOnePerVersion(@TempDir Path tmp) throws Exception {
        ModelName model = ModelName.of("race-jvm-" + UUID.randomUUID().toString().substring(0, 8));
        String uri = MlflowServerExtension.uri();
        try (MlflowRegistryStore store = MlflowRegistryStore.builder().trackingUri(uri).build()) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            store.createModel(Model.builder(UUID.randomUUID().toString(), model).createdAt(now).updatedAt(now).build());

            Path go = tmp.resolve("go");
            List<ChildJvm> children = new ArrayList<>();
            try {
                for (String label : List.of("a", "b")) {
                    children.add(ChildJvm.start(VersionRaceMain.class, uri, model.value(), Integer.toString(VERSIONS),
                            go.toString(), label));
                }
                for (ChildJvm child : children) {
                    child.awaitLine("READY", Duration.ofSeconds(60));
                }
                Files.createFile(go);
                Map<Integer, List<String>> outcomes = new HashMap<>();
                for (ChildJvm child : children) {
                    assertThat(child.awaitExit(Duration.ofMinutes(3))).as("child output %s", child.output()).isZero();
                    for (String line : child.output()) {
                        String[] p = line.split(" ", 3);
                        if (p[0].equals("WON") || p[0].equals("LOST") || p[0].equals("ERROR")) {
                            outcomes.computeIfAbsent(Integer.parseInt(p[1]), k -> new ArrayList<>()).add(line);
                        }
                    }
                }
                for (int i = 0; i < VERSIONS; i++) {
                    assertThat(outcomes.get(i)).as("outcomes of 1.%d.0", i)
                            .containsExactlyInAnyOrder("WON " + i, "LOST " + i);
                }
            } finally {
                children.forEach(ChildJvm::close);
            }

            List<ModelVersion> versions = store.listVersions(model);
            assertThat(versions).hasSize(VERSIONS);
            Map<String, Integer> perKey = MlflowRaw.versionsPerKey(uri, model.value());
            assertThat(perKey).hasSize(VERSIONS).allSatisfy((key, n) -> assertThat(n).as(key).isEqualTo(1));
        }
    }
}
