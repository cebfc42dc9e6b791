package dev.mvm.cli.internal;

import java.io.PrintWriter;

/**
 * Reports how far a long operation (upload, download, migration, garbage collection) has come: a redrawn bar
 * on a terminal, a few plain lines on stderr otherwise, nothing when quiet.
 */
public interface Progress {
    /** Reports nothing. */
    Progress NONE = (label, total, unit) -> Task.NONE;

    /** What is counted. */
    enum Unit {
        /** Bytes, shown in KiB/MiB/GiB. */
        BYTES,
        /** Items such as files, versions or blobs. */
        ITEMS
    }

    /**
     * Starts a task.
     *
     * @param label what is being done, e.g. {@code upload fraud}
     * @param total how much there is to do, or 0 if unknown
     * @param unit what is counted
     * @return the task; close it when done
     */
    Task start(String label, long total, Unit unit);

    /**
     * Chooses the form of progress for where the output goes.
     *
     * @param err standard error
     * @param terminal whether the process has a terminal ({@code System.console() != null})
     * @param quiet whether nothing should be shown
     * @return the progress reporter
     */
    static Progress to(PrintWriter err, boolean terminal, boolean quiet) {
        if (quiet) {
            return NONE;
        }
        return terminal ? (label, total, unit) -> new ProgressBar(err, label, total, unit)
                : (label, total, unit) -> new ProgressLines(err, label, total, unit);
    }

    /** One running task; thread-safe. */
    interface Task extends AutoCloseable {
        /** A task that shows nothing. */
        Task NONE = new Task() {
            @Override
            public void advance(long delta) {
            }

            @Override
            public void close() {
            }

            @Override
            public void fail() {
            }
        };

        /** @param delta how much more was done */
        void advance(long delta);

        /** Shows the task as finished (unless it {@link #fail() failed}). */
        @Override
        void close();

        /** Shows the task as failed; a later {@link #close()} does nothing. */
        void fail();
    }

    /**
     * @param amount an amount
     * @param unit its unit
     * @return it for people, e.g. {@code 12.5 MiB} or {@code 42}
     */
    static String format(long amount, Unit unit) {
        if (unit == Unit.ITEMS) {
            return Long.toString(amount);
        }
        if (amount < 1024) {
            return amount + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = amount;
        int i = -1;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[i]);
    }
}
