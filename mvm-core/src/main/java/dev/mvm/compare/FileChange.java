package dev.mvm.compare;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One added, removed or changed file, compared by path, size and SHA-256 digest.
 *
 * @param path the file's path inside the version
 * @param kind added, removed or changed (different digest)
 * @param oldSize the older size, {@code null} when added
 * @param newSize the newer size, {@code null} when removed
 * @param oldSha256 the older digest in hex, {@code null} when added
 * @param newSha256 the newer digest in hex, {@code null} when removed
 * @since 0.1
 */
public record FileChange(String path, ChangeKind kind, @Nullable Long oldSize, @Nullable Long newSize,
        @Nullable String oldSha256, @Nullable String newSha256) {
    /** Checks for nulls. */
    public FileChange {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
    }
}
