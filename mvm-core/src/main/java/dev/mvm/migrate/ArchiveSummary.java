package dev.mvm.migrate;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * What a checked archive holds.
 *
 * @param file the archive file
 * @param source the registry it was exported from
 * @param createdAt when it was written
 * @param models how many models
 * @param versions how many versions
 * @param files how many distinct file contents
 * @param bytes their total size
 * @param grants how many grants
 * @param auditRecords how many audit records
 * @since 0.1
 */
public record ArchiveSummary(Path file, String source, Instant createdAt, long models, long versions, long files,
        long bytes, long grants, long auditRecords) {
    /** @throws NullPointerException if a component is null */
    public ArchiveSummary {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
