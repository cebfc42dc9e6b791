package dev.mvm.lifecycle;

import static dev.mvm.api.lifecycle.LifecycleState.PRODUCTION;
import static dev.mvm.api.lifecycle.LifecycleState.STAGING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mvm.ModelRegistry;
import dev.mvm.api.error.ConflictException;
import dev.mvm.api.lifecycle.EnvironmentPointer;
import dev.mvm.api.lifecycle.PointerMove;
import dev.mvm.api.lifecycle.StateChange;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.testing.ChildJvm;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Concurrent publishing to one environment")
class ConcurrentPublishTest {
    @TempDir
    Path tmp;

    static void stage(ModelRegistry registry, String model, List<String> versions) {
        for (String v : versions) {
            registry.model(model).newVersion().version(v).register();
            registry.model(model).version(v).transition(STAGING, "candidate");
        }
    }

    /**
     * The pointer history is one unbroken chain ending at the pointer; exactly the served version is in
     * PRODUCTION; every state history is an unbroken chain too.
     */
    static void assertConsistent(ModelRegistry registry, String model, int expectedMoves) {
        List<PointerMove> history = registry.model(model).pointerHistory("production");
        assertThat(history).hasSize(expectedMoves);
        SemanticVersion previous = null;
        for (PointerMove m : history) {
            assertThat(m.from()).as("move %s starts where the previous one ended", m).isEqualTo(previous);
            previous = m.to();
        }
        EnvironmentPointer pointer = registry.model(model).pointer("production").orElseThrow();
        assertThat(pointer.version()).isEqualTo(previous);
        for (ModelVersion v : registry.model(model).versions()) {
            assertThat(v.state()).as("state of %s", v.ref())
                    .isEqualTo(v.version().equals(pointer.version()) ? PRODUCTION : STAGING);
            List<StateChange> states = registry.model(model).version(v.version()).stateHistory();
            for (int i = 1; i < states.size(); i++) {
                assertThat(states.get(i).from()).isEqualTo(states.get(i - 1).to());
            }
            assertThat(states.get(states.size() - 1).to()).isEqualTo(v.state());
        }
    }

    @Test
    @DisplayName("8 threads per round: exactly one wins, the others get ConflictException; the pointer is never lost")
    void threads() throws Exception {
        int threads = 8;
        int rounds = 6;
        try (ModelRegistry registry = ModelRegistry.local(tmp)) {
            registry.models().register("fraud");
            List<String> versions = new ArrayList<>();
            for (int i = 1; i <= threads + 1; i++) {
                versions.add("1." + i + ".0");
            }
            stage(registry, "fraud", versions);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                for (int round = 1; round <= rounds; round++) {
                    String current = registry.model("fraud").pointer("production")
                            .map(p -> p.version().toString()).orElse(null);
                    List<String> contenders = versions.stream().filter(v -> !v.equals(current)).limit(threads).toList();
                    CountDownLatch start = new CountDownLatch(1);
                    List<Future<String>> results = new ArrayList<>();
                    for (String v : contenders) {
                        results.add(pool.submit(() -> {
                            start.await();
                            try {
                                registry.model("fraud").version(v).publishIfCurrent("production", current, "race");
                                return "WON " + v;
                            } catch (ConflictException e) {
                                return "LOST " + e.getMessage();
                            }
                        }));
                    }
                    start.countDown();
                    List<String> outcomes = new ArrayList<>();
                    for (Future<String> f : results) {
                        outcomes.add(f.get());
                    }
                    assertThat(outcomes).as("round %d", round).filteredOn(o -> o.startsWith("WON")).hasSize(1);
                    assertThat(outcomes).filteredOn(o -> o.startsWith("LOST")).hasSize(threads - 1);
                    String winner = outcomes.stream().filter(o -> o.startsWith("WON")).findFirst().orElseThrow()
                            .substring(4);
                    assertThat(registry.model("fraud").resolve("production").info().version()).hasToString(winner);
                    assertConsistent(registry, "fraud", round);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    @DisplayName("two JVMs publishing to one environment: every win is one move, the chain is unbroken")
    void twoJvms() throws Exception {
        Path dir = tmp.resolve("registry");
        int rounds = 25;
        try (ModelRegistry registry = ModelRegistry.local(dir)) {
            registry.models().register("fraud");
            stage(registry, "fraud", List.of("1.0.0", "1.1.0", "1.2.0", "2.0.0", "2.1.0", "2.2.0"));
        }
        Path gate = tmp.resolve("gate.lock");
        try (RandomAccessFile file = new RandomAccessFile(gate.toFile(), "rw");
                FileLock held = file.getChannel().lock()) {
            try (ChildJvm a = ChildJvm.start(PublishWorker.class, dir.toString(), gate.toString(), "1.0.0,1.1.0,1.2.0",
                    String.valueOf(rounds));
                    ChildJvm b = ChildJvm.start(PublishWorker.class, dir.toString(), gate.toString(),
                            "2.0.0,2.1.0,2.2.0", String.valueOf(rounds))) {
                a.awaitLine("READY", Duration.ofSeconds(60));
                b.awaitLine("READY", Duration.ofSeconds(60));
                held.release();
                assertThat(a.awaitExit(Duration.ofSeconds(120))).as("child a: %s", a.output()).isZero();
                assertThat(b.awaitExit(Duration.ofSeconds(120))).as("child b: %s", b.output()).isZero();
                long wins = a.output().stream().filter(l -> l.startsWith("WON")).count()
                        + b.output().stream().filter(l -> l.startsWith("WON")).count();
                long losses = a.output().stream().filter(l -> l.startsWith("LOST")).count()
                        + b.output().stream().filter(l -> l.startsWith("LOST")).count();
                assertThat(wins + losses).isEqualTo(2L * rounds);
                assertThat(wins).isPositive();
                try (ModelRegistry registry = ModelRegistry.local(dir)) {
                    assertConsistent(registry, "fraud", (int) wins);
                    List<String> wonVersions = new ArrayList<>();
                    a.output().stream().filter(l -> l.startsWith("WON")).forEach(l -> wonVersions.add(l.substring(4)));
                    b.output().stream().filter(l -> l.startsWith("WON")).forEach(l -> wonVersions.add(l.substring(4)));
                    assertThat(registry.model("fraud").pointerHistory("production")).extracting(m -> Objects
                            .requireNonNull(m.to()).toString()).containsExactlyInAnyOrderElementsOf(wonVersions);
                }
            }
        }
    }
}
