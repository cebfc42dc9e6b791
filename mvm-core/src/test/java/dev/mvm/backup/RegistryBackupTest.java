package dev.mvm.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvm.ModelRegistry;
import dev.mvm.api.error.IntegrityException;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.error.ValidationException;
import dev.mvm.api.lifecycle.LifecycleState;
import dev.mvm.api.model.ModelVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Online backup of the embedded registry")
class RegistryBackupTest {
    @TempDir
    Path tmp;

    static byte[] bytes(int size, int seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    @DisplayName("a backup taken while a writer registers versions opens, and every version in it verifies")
    void consistentWhileWriting() throws Exception {
        Path live = tmp.resolve("live");
        Path backup = tmp.resolve("backup");
        try (ModelRegistry registry = ModelRegistry.local(live)) {
            registry.models().register("fraud");
            registry.model("fraud").newVersion().version("0.1.0").content("shared.bin", bytes(40_000, 1)).register();
            registry.model("fraud").version("0.1.0").transition(LifecycleState.STAGING, "eval");
            registry.model("fraud").version("0.1.0").publish("production");
            CountDownLatch started = new CountDownLatch(3);
            AtomicBoolean stop = new AtomicBoolean();
            CompletableFuture<Integer> writer = CompletableFuture.supplyAsync(() -> {
                int n = 0;
                while (!stop.get() && n < 500) {
                    n++;
                    registry.model("fraud").newVersion().version("1." + n + ".0")
                            .content("shared.bin", bytes(40_000, 1)).content("weights.bin", bytes(20_000 + n, 100 + n))
                            .register();
                    started.countDown();
                }
                return n;
            });
            assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();

            BackupReport report = RegistryBackup.create(live, backup);

            stop.set(true);
            int written = writer.get(60, TimeUnit.SECONDS);
            assertThat(report.databases()).containsExactly("registry.db", "audit.db");
            assertThat(report.versions()).isGreaterThanOrEqualTo(4).isLessThanOrEqualTo(written + 1);
            assertThat(report.blobsCopied()).isGreaterThan(report.versions()); // files plus manifests
            assertThat(report.source()).isEqualTo(live);
        }

        BackupVerification check = RegistryBackup.verify(backup);
        assertThat(check.problems()).isEmpty();
        assertThat(check.sound()).isTrue();
        try (ModelRegistry restored = ModelRegistry.local(backup)) {
            List<ModelVersion> versions = restored.model("fraud").versions();
            assertThat(versions).hasSizeGreaterThanOrEqualTo(4);
            assertThat(check.versions()).isEqualTo(versions.size());
            for (ModelVersion v : versions) {
                assertThat(restored.model("fraud").version(v.version())
                        .download(tmp.resolve("dl").resolve(v.version().toString())).manifest().root())
                        .isEqualTo(v.artifacts().root());
            }
            assertThat(restored.model("fraud").resolve("production").info().version().toString()).isEqualTo("0.1.0");
            assertThat(restored.audit().verify().violation()).isNull();
        }
    }

    @Test
    @DisplayName("restore verifies the backup and writes a new registry directory; damage is found and refused")
    void restoreAndDamage() throws IOException {
        Path live = tmp.resolve("live");
        try (ModelRegistry registry = ModelRegistry.local(live)) {
            registry.models().register("fraud");
            registry.model("fraud").newVersion().version("1.0.0").content("w.bin", bytes(10_000, 7)).register();
        }
        Path backup = tmp.resolve("backup");
        RegistryBackup.create(live, backup);
        Path restored = tmp.resolve("restored");

        BackupVerification check = RegistryBackup.restore(backup, restored);

        assertThat(check.versions()).isEqualTo(1);
        assertThat(check.files()).isEqualTo(1);
        assertThat(check.bytes()).isEqualTo(10_000);
        try (ModelRegistry r = ModelRegistry.local(restored)) {
            assertThat(r.model("fraud").version("1.0.0").download(tmp.resolve("dl")).bytesTransferred()).isEqualTo(10_000);
        }
        assertThatThrownBy(() -> RegistryBackup.restore(backup, restored)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("not empty");
        assertThatThrownBy(() -> RegistryBackup.create(live, backup)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> RegistryBackup.create(tmp.resolve("nothing"), tmp.resolve("b2")))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> RegistryBackup.verify(tmp.resolve("nothing"))).isInstanceOf(NotFoundException.class);

        try (Stream<Path> blobs = Files.walk(backup.resolve("artifacts/blobs"))) {
            Path weights = blobs.filter(Files::isRegularFile).filter(p -> p.toFile().length() == 10_000).findFirst()
                    .orElseThrow();
            byte[] b = Files.readAllBytes(weights);
            b[5000] ^= 1;
            Files.write(weights, b);
        }
        BackupVerification damaged = RegistryBackup.verify(backup);
        assertThat(damaged.sound()).isFalse();
        assertThat(damaged.problems()).singleElement().asString().contains("fraud@1.0.0:w.bin");
        assertThatThrownBy(() -> RegistryBackup.restore(backup, tmp.resolve("again")))
                .isInstanceOf(IntegrityException.class).hasMessageContaining("nothing was restored");
        assertThat(tmp.resolve("again")).doesNotExist();
    }
}
