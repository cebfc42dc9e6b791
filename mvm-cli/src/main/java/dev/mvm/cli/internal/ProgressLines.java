package dev.mvm.cli.internal;

import java.io.PrintWriter;

/** Progress as plain lines on stderr, for logs and pipes: a line when another quarter is done, and one at the end. */
final class ProgressLines implements Progress.Task {
    private final PrintWriter err;
    private final String label;
    private final long total;
    private final Progress.Unit unit;
    private long done;
    private int quartersShown;
    private boolean closed;

    ProgressLines(PrintWriter err, String label, long total, Progress.Unit unit) {
        this.err = err;
        this.label = label;
        this.total = total;
        this.unit = unit;
        err.println(label + ": started" + (total > 0 ? ", " + Progress.format(total, unit) : ""));
        err.flush();
    }

    @Override
    public synchronized void advance(long delta) {
        if (closed) {
            return;
        }
        done += delta;
        if (total > 0 && done < total) {
            int quarters = (int) Math.min(3, 4 * done / total);
            if (quarters > quartersShown) {
                quartersShown = quarters;
                err.println(label + ": " + (25 * quarters) + "% (" + Progress.format(done, unit) + ")");
                err.flush();
            }
        }
    }

    @Override
    public synchronized void fail() {
        if (closed) {
            return;
        }
        closed = true;
        err.println(label + ": failed after " + Progress.format(done, unit));
        err.flush();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        err.println(label + ": done, " + Progress.format(total > 0 ? Math.max(done, total) : done, unit));
        err.flush();
    }
}
