package dev.mvm.migrate;

import java.util.Objects;

/**
 * How far a migration, export or import has come, for progress bars. Counts are monotonic within a stage.
 *
 * @param stage what is being copied
 * @param itemsDone items of the stage done (copied or found already present)
 * @param itemsTotal items of the stage in all
 * @param bytesDone bytes of file content done (copied or found already present); in the audit stage, 0
 * @param bytesTotal bytes of file content in all
 * @param current what is being copied now, e.g. {@code fraud@1.2.0}, or empty
 * @since 0.1
 */
public record MigrationProgress(Stage stage, long itemsDone, long itemsTotal, long bytesDone, long bytesTotal,
        String current) {

    /** The stages of a run, in order. */
    public enum Stage {
        /** Models and versions: metadata, files, state histories and environment pointers; items are versions. */
        VERSIONS,
        /** Custom roles and grants; items are grants. */
        GRANTS,
        /** Audit records; items are records. */
        AUDIT
    }

    /** @throws IllegalArgumentException if a count is negative */
    public MigrationProgress {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(current, "current");
        if (itemsDone < 0 || itemsTotal < 0 || bytesDone < 0 || bytesTotal < 0) {
            throw new IllegalArgumentException("Progress counts must not be negative");
        }
    }

    /** @return the fraction of bytes done in the versions stage, else of items, from 0 to 1 */
    public double fraction() {
        if (stage == Stage.VERSIONS && bytesTotal > 0) {
            return Math.min(1.0, (double) bytesDone / bytesTotal);
        }
        return itemsTotal == 0 ? 1.0 : Math.min(1.0, (double) itemsDone / itemsTotal);
    }
}
