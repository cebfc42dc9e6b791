package dev.mvm.migrate;

/**
 * Receives progress of a migration, export or import, on the thread that runs it: after each version, grant
 * batch and audit batch, and once at the start of every stage. Keep it quick (draw a progress bar, write a
 * line); an exception it throws aborts the run, which can be resumed by running it again.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ProgressListener {
    /** A listener that ignores progress. */
    ProgressListener NONE = p -> { };

    /** @param progress how far the run has come */
    void onProgress(MigrationProgress progress);
}
