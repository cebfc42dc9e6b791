package dev.mvm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvm.api.model.Bump;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.testing.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Concurrent registration")
class ConcurrentRegistrationTest {
    @TempDir
    Path tmp;

    @Test
    @DisplayName("8 threads bumping one model get unique, gap-free versions")
    void threads() throws Exception {
        int threads = 8;
        int perThread = 6;
        try (ModelRegistry registry = ModelRegistry.local(tmp)) {
            registry.models().register("fraud");
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<List<SemanticVersion>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    List<SemanticVersion> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        mine.add(registry.model("fraud").newVersion().bump(Bump.MINOR)
                                .content("w.bin", ("t" + id + "i" + i).getBytes(StandardCharsets.UTF_8))
                                .register().version());
                    }
                    return mine;
                }));
            }
            start.countDown();
            List<SemanticVersion> created = new ArrayList<>();
            for (Future<List<SemanticVersion>> f : futures) {
                created.addAll(f.get());
            }
            pool.shutdown();
            List<SemanticVersion> expected = IntStream.rangeClosed(1, threads * perThread)
                    .mapToObj(i -> SemanticVersion.of(0, i, 0)).toList();
            Collections.sort(created);
            assertThat(created).containsExactlyElementsOf(expected);
            assertThat(registry.model("fraud").versions()).extracting(ModelVersion::version)
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    @DisplayName("2 JVMs and the test JVM bumping one model at once get unique, gap-free versions")
    void processes() throws Exception {
        try (ModelRegistry registry = ModelRegistry.local(tmp)) {
            registry.models().register("fraud");
        }
        int childThreads = 4;
        int perThread = 5;
        List<String> created = Collections.synchronizedList(new ArrayList<>());
        try (ChildJvm a = ChildJvm.start(BumpWorker.class, tmp.toString(), "fraud", "" + childThreads, "" + perThread);
                ChildJvm b = ChildJvm.start(BumpWorker.class, tmp.toString(), "fraud", "" + childThreads, "" + perThread);
                ModelRegistry registry = ModelRegistry.local(tmp)) {
            a.awaitLine("READY", Duration.ofSeconds(60));
            b.awaitLine("READY", Duration.ofSeconds(60));
            for (int i = 0; i < perThread; i++) {
                created.add(registry.model("fraud").newVersion().bump(Bump.PATCH)
                        .content("w.bin", ("parent " + i).getBytes(StandardCharsets.UTF_8)).register().version().toString());
            }
            assertThat(a.awaitExit(Duration.ofMinutes(3))).as("child a: %s", a.output()).isZero();
            assertThat(b.awaitExit(Duration.ofMinutes(3))).as("child b: %s", b.output()).isZero();
            for (ChildJvm c : List.of(a, b)) {
                c.output().stream().filter(l -> l.startsWith("CREATED ")).map(l -> l.substring(8)).forEach(created::add);
            }
            int total = 2 * childThreads * perThread + perThread;
            List<SemanticVersion> expected = IntStream.rangeClosed(1, total).mapToObj(i -> SemanticVersion.of(0, 0, i)).toList();
            assertThat(created.stream().map(SemanticVersion::parse).sorted().toList()).containsExactlyElementsOf(expected);
            assertThat(registry.model("fraud").versions()).extracting(ModelVersion::version).containsExactlyElementsOf(expected);
        }
    }

    @Test
    @DisplayName("8 threads updating one model's metadata while versions are created lose no update")
    void concurrentModelUpdates() throws Exception {
        int threads = 8;
        int rounds = 40;
        try (ModelRegistry registry = ModelRegistry.local(tmp)) {
            registry.models().register("shared");
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String key = "client-" + t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int round = 1; round <= rounds; round++) {
                        int value = round;
                        registry.model("shared").update(m -> m.metadata(key, value));
                    }
                    return null;
                }));
            }
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 10; i++) {
                    registry.model("shared").newVersion().bump(Bump.PATCH).register();
                }
                return null;
            }));
            start.countDown();
            for (Future<?> f : futures) {
                f.get(2, java.util.concurrent.TimeUnit.MINUTES);
            }
            pool.shutdown();
            Map<String, Object> metadata = registry.model("shared").info().metadata();
            for (int t = 0; t < threads; t++) {
                assertThat(((Number) metadata.get("client-" + t)).intValue()).as("client %d", t).isEqualTo(rounds);
            }
            assertThat(registry.model("shared").info().revision()).isGreaterThanOrEqualTo(1 + threads * rounds);
        }
    }

}
