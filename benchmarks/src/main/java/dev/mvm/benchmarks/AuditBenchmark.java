package dev.mvm.benchmarks;

import dev.mvm.api.access.Principal;
import dev.mvm.api.audit.AuditEvent;
import dev.mvm.api.audit.AuditOutcome;
import dev.mvm.api.audit.AuditRecord;
import dev.mvm.api.audit.AuditVerification;
import dev.mvm.audit.SqliteAuditLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The SQLite audit log: one append, sampled for percentiles (target: p99 under 2 ms), for both durability
 * settings; and {@code verify()} of a log of 1,000,000 records (target: under 5 s). The million-record file is
 * filled once and kept in {@code bench.dir} (default {@code target}) as {@code audit-1m.db} for later runs.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar AuditBenchmark
 * </pre>
 */
@Fork(1)
public class AuditBenchmark {

    static AuditEvent event(long i) {
        return new AuditEvent(Instant.now(), Principal.user("user" + (i % 500)), i % 3 == 0 ? "version.download"
                : "version.register", "version:team/model" + (i % 1000) + "@1.0." + (i % 97), "team/model" + (i % 1000),
                "1.0." + (i % 97), AuditOutcome.ALLOWED, "", Map.of("files", Long.toString(i % 13), "bytes",
                Long.toString(i * 31)), "req-" + Long.toHexString(i * 0x9E3779B97F4A7C15L));
    }

    /** A fresh log per trial for the appends. */
    @State(Scope.Benchmark)
    public static class Appending {
        @Param({"PROCESS_CRASH_SAFE", "POWER_LOSS_SAFE"})
        public SqliteAuditLog.Durability durability;
        Path dir;
        SqliteAuditLog log;
        long next;

        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", "target")).toAbsolutePath(),
                    "mvm-audit-");
            log = SqliteAuditLog.open(dir.resolve("audit.db"), durability);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            log.close();
            RegistrationBenchmark.delete(dir);
        }
    }

    /** A log of one million records, filled once. */
    @State(Scope.Benchmark)
    public static class Million {
        static final int RECORDS = 1_000_000;
        SqliteAuditLog log;

        @Setup(Level.Trial)
        public void fill() {
            Path file = Path.of(System.getProperty("bench.dir", "target")).toAbsolutePath().resolve("audit-1m.db");
            log = SqliteAuditLog.open(file);
            long have = log.verify().recordsChecked();
            long start = System.nanoTime();
            for (long i = have; i < RECORDS; i += 10_000) {
                List<AuditEvent> batch = new ArrayList<>(10_000);
                for (long j = i; j < Math.min(RECORDS, i + 10_000); j++) {
                    batch.add(event(j));
                }
                log.appendAll(batch);
            }
            if (have < RECORDS) {
                System.out.printf("# filled %,d records in %.1f s%n", RECORDS - have, (System.nanoTime() - start) / 1e9);
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            log.close();
        }
    }

    /** One append: read the head, insert the linked record, move the head, commit. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 2, time = 2)
    @Measurement(iterations = 4, time = 3)
    public AuditRecord append(Appending state) {
        return state.log.append(event(state.next++));
    }

    /** Verifying the whole chain of one million records. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public AuditVerification verifyMillion(Million state) {
        AuditVerification v = state.log.verify();
        if (!v.intact() || v.recordsChecked() != Million.RECORDS) {
            throw new IllegalStateException("Unexpected verification " + v);
        }
        return v;
    }
}
