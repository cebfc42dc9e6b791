package dev.mvm.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvm.ModelRegistry;
import dev.mvm.api.model.Bump;
import dev.mvm.embedded.ContentAddressedBlobStore;
import dev.mvm.embedded.SqliteRegistryStore;
import dev.mvm.inspect.SafetensorsFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Comparing large models reads headers only")
class RangeReadTest {
    private static final long TWO_HUNDRED_MB = 200L * 1024 * 1024;

    @Test
    @DisplayName("comparing two versions with 200 MB weight files reads less than 64 KiB from the artifact store")
    void readsHeadersOnly(@TempDir Path dir) throws IOException {
        CountingArtifactStore counting = new CountingArtifactStore(ContentAddressedBlobStore.open(dir.resolve("artifacts")));
        try (ModelRegistry registry = ModelRegistry.builder()
                .registryStore(SqliteRegistryStore.open(dir.resolve("registry.db")))
                .artifactStore(counting).build()) {
            registry.models().register("big");
            Path v1 = dir.resolve("v1");
            SafetensorsFixture.create().metadata("step", "1")
                    .tensor("embed.weight", "F32", TWO_HUNDRED_MB / 4 / 1024, 1024).writeSparse(v1.resolve("model.safetensors"));
            Files.writeString(v1.resolve("config.json"), "{\"model_type\": \"big\", \"hidden_size\": 1024}");
            Path v2 = dir.resolve("v2");
            SafetensorsFixture.create().metadata("step", "2")
                    .tensor("embed.weight", "F32", TWO_HUNDRED_MB / 4 / 1024 - 16, 1024).tensor("head.weight", "F32", 16, 1024)
                    .writeSparse(v2.resolve("model.safetensors"));
            Files.writeString(v2.resolve("config.json"), "{\"model_type\": \"big\", \"hidden_size\": 1024}");
            assertThat(Files.size(v1.resolve("model.safetensors"))).isGreaterThan(TWO_HUNDRED_MB);
            registry.model("big").newVersion().version("1.0.0").files(v1).register();
            registry.model("big").newVersion().bump(Bump.MINOR).files(v2).register();

            counting.reset();
            Comparison c = Comparisons.of(registry).compare("big@1.0.0", "big@1.1.0");

            assertThat(counting.bytesRead.get()).as("bytes read from the artifact store").isPositive()
                    .isLessThan(64 * 1024);
            assertThat(counting.fullOpens.get()).as("whole-file opens").isZero();
            assertThat(counting.rangeReads.get()).as("range reads: length and header of each safetensors file, "
                    + "each config.json").isEqualTo(6);
            StructureDiff s = c.diffs().get(0).structure();
            assertThat(s.oldParameters()).isEqualTo(TWO_HUNDRED_MB / 4);
            assertThat(s.newParameters()).isEqualTo(TWO_HUNDRED_MB / 4);
            assertThat(s.tensors()).extracting(TensorChange::name).containsExactly("embed.weight", "head.weight");
            assertThat(c.diffs().get(0).suggestedBump().bump()).isEqualTo(Bump.MAJOR);
        }
    }
}
