package dev.mvm.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvm.api.access.Principal;
import dev.mvm.api.audit.AuditEvent;
import dev.mvm.api.audit.AuditOutcome;
import dev.mvm.api.audit.AuditQuery;
import dev.mvm.api.audit.AuditRecord;
import dev.mvm.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("SqliteAuditLog with several processes and threads appending at once")
class ConcurrentAuditAppendTest {
    static final int PER_CHILD = 300;
    static final int THREADS = 4;
    static final int PER_THREAD = 100;

    @TempDir
    Path dir;

    @Test
    @DisplayName("two JVMs and four threads: unique, gap-free sequence numbers and an intact chain")
    void manyWriters() throws Exception {
        Path db = dir.resolve("audit.db");
        Path go = dir.resolve("go");
        try (SqliteAuditLog log = SqliteAuditLog.open(db);
                ChildJvm a = ChildJvm.start(AuditAppender.class, db.toString(), "child-a", "" + PER_CHILD, go.toString());
                ChildJvm b = ChildJvm.start(AuditAppender.class, db.toString(), "child-b", "" + PER_CHILD, go.toString())) {
            a.awaitLine("READY", Duration.ofSeconds(60));
            b.awaitLine("READY", Duration.ofSeconds(60));
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                String name = "thread-" + t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < PER_THREAD; i++) {
                        log.append(new AuditEvent(Instant.now(), Principal.service(name), "version.download",
                                "model:m", "m", null, AuditOutcome.ALLOWED, "", Map.of(), name + "-" + i));
                    }
                    return null;
                }));
            }
            Files.createFile(go);
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            a.awaitLine("DONE", Duration.ofSeconds(120));
            b.awaitLine("DONE", Duration.ofSeconds(120));
            assertThat(a.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(b.awaitExit(Duration.ofSeconds(30))).isZero();

            int total = 2 * PER_CHILD + THREADS * PER_THREAD;
            List<AuditRecord> all = new ArrayList<>();
            AuditQuery q = AuditQuery.builder().limit(AuditQuery.MAX_LIMIT).build();
            all.addAll(log.query(q));
            assertThat(all).hasSize(total);
            for (int i = 0; i < all.size(); i++) {
                assertThat(all.get(i).sequence()).isEqualTo(i + 1L);
            }
            Map<String, Long> perWriter = all.stream().collect(Collectors.groupingBy(
                    r -> r.event().principal().name(), Collectors.counting()));
            assertThat(perWriter).containsEntry("child-a", (long) PER_CHILD).containsEntry("child-b", (long) PER_CHILD)
                    .containsEntry("thread-0", (long) PER_THREAD).hasSize(2 + THREADS);
            assertThat(log.verify().intact()).isTrue();
            assertThat(log.verify().recordsChecked()).isEqualTo(total);
        }
    }
}
