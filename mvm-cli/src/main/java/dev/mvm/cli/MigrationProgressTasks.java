package dev.mvm.cli;

import dev.mvm.cli.internal.Progress;
import dev.mvm.migrate.MigrationProgress;
import dev.mvm.migrate.ProgressListener;
import org.jspecify.annotations.Nullable;

/**
 * Shows a migration, export or import as one progress task per stage: bytes while versions are copied, items
 * (grants, audit records) after.
 */
final class MigrationProgressTasks implements ProgressListener, AutoCloseable {
    private final Progress progress;
    private final String label;
    private MigrationProgress.@Nullable Stage stage;
    private Progress.Task task = Progress.Task.NONE;
    private long shown;
    private boolean byBytes;

    MigrationProgressTasks(Progress progress, String label) {
        this.progress = progress;
        this.label = label;
    }

    @Override
    public void onProgress(MigrationProgress p) {
        if (p.stage() != stage) {
            task.close();
            stage = p.stage();
            byBytes = p.stage() == MigrationProgress.Stage.VERSIONS && p.bytesTotal() > 0;
            task = progress.start(label + " " + p.stage().name().toLowerCase(java.util.Locale.ROOT),
                    byBytes ? p.bytesTotal() : p.itemsTotal(), byBytes ? Progress.Unit.BYTES : Progress.Unit.ITEMS);
            shown = 0;
        }
        long done = byBytes ? p.bytesDone() : p.itemsDone();
        if (done > shown) {
            task.advance(done - shown);
            shown = done;
        }
    }

    /** Shows the current stage as failed. */
    void fail() {
        task.fail();
    }

    @Override
    public void close() {
        task.close();
    }
}
