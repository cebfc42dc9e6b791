package dev.mvm.audit;

import dev.mvm.api.access.Principal;
import dev.mvm.api.audit.AuditEvent;
import dev.mvm.api.audit.AuditOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A child JVM that appends audit records: {@code <db file> <principal name> <count> <go file>}. It prints
 * {@code READY}, waits until the go file exists (so that several children start together), appends and prints
 * {@code DONE}.
 */
public final class AuditAppender {
    private AuditAppender() {
    }

    /**
     * @param args database file, principal name, record count, go file
     */
    public static void main(String[] args) {
        Path db = Path.of(args[0]);
        Principal who = Principal.service(args[1]);
        int count = Integer.parseInt(args[2]);
        Path go = Path.of(args[3]);
        try (SqliteAuditLog log = SqliteAuditLog.open(db)) {
            System.out.println("READY");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(go)) {
                if (System.nanoTime() > deadline) {
                    System.out.println("TIMEOUT");
                    System.exit(2);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            for (int i = 0; i < count; i++) {
                log.append(new AuditEvent(Instant.now(), who, "version.download", "model:m", "m", null,
                        AuditOutcome.ALLOWED, "", Map.of("i", Integer.toString(i)), args[1] + "-" + i));
            }
        }
        System.out.println("DONE");
    }
}
