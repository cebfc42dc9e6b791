package dev.mvm.backup;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What an online backup wrote.
 *
 * @param source the registry directory backed up
 * @param target the backup directory
 * @param startedAt when the backup started
 * @param databases the database files snapshotted, e.g. {@code registry.db}, {@code audit.db}
 * @param versions the versions in the snapshot, every one with its files in the backup
 * @param blobsCopied file contents and manifests copied (each distinct content once)
 * @param bytesCopied their total size
 * @since 0.1
 */
public record BackupReport(Path source, Path target, Instant startedAt, List<String> databases, long versions,
        long blobsCopied, long bytesCopied) {
    /** Copies the list. */
    public BackupReport {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(startedAt, "startedAt");
        databases = List.copyOf(databases);
    }
}
