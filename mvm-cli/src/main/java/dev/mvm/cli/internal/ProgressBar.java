package dev.mvm.cli.internal;

import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;

/** A progress bar redrawn in place on a terminal's stderr, at most ten times a second. */
final class ProgressBar implements Progress.Task {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final PrintWriter err;
    private final String label;
    private final long total;
    private final Progress.Unit unit;
    private long done;
    private long lastDraw;
    private boolean closed;

    ProgressBar(PrintWriter err, String label, long total, Progress.Unit unit) {
        this.err = err;
        this.label = label;
        this.total = total;
        this.unit = unit;
        draw();
    }

    @Override
    public synchronized void advance(long delta) {
        if (closed) {
            return;
        }
        done += delta;
        long now = System.nanoTime();
        if (now - lastDraw >= REDRAW_NANOS) {
            draw();
        }
    }

    private void draw() {
        lastDraw = System.nanoTime();
        StringBuilder line = new StringBuilder("\r").append(label).append(' ');
        if (total > 0) {
            long shown = Math.min(done, total);
            int filled = (int) (WIDTH * shown / total);
            line.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ")
                    .append(100 * shown / total).append("% ")
                    .append(Progress.format(shown, unit)).append(" / ").append(Progress.format(total, unit));
        } else {
            line.append(Progress.format(done, unit));
        }
        err.print(line.append("   "));
        err.flush();
    }

    @Override
    public synchronized void fail() {
        if (closed) {
            return;
        }
        closed = true;
        err.println(" failed");
        err.flush();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        if (total > 0) {
            done = Math.max(done, total);
        }
        draw();
        err.println();
        err.flush();
        closed = true;
    }
}
