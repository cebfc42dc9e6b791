package dev.mvm.embedded.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.sqlite.BusyHandler;

/**
 * Waits for another process's lock in short, jittered steps (0.1 to 2 ms) until the busy timeout.
 *
 * <p>SQLite's built-in busy timeout backs off to 100 ms between attempts (to whole seconds where it was
 * built without {@code usleep}), so a process that keeps writing can starve another one for long stretches.
 * Short random steps let a waiting process catch the gaps between the other's transactions. One handler
 * belongs to one connection, which one thread uses at a time.
 */
final class ShortStepBusyHandler extends BusyHandler {
    private static final long MAX_STEP_NANOS = 2_000_000;

    private final long timeoutNanos;
    private long episodeStart;

    ShortStepBusyHandler(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    /**
     * @param previousCalls how often SQLite called this handler for the current lock attempt
     * @return non-zero to try again, zero to give up with {@code SQLITE_BUSY}
     */
    @Override
    protected int callback(int previousCalls) {
        long now = System.nanoTime();
        if (previousCalls == 0) {
            episodeStart = now;
        }
        if (now - episodeStart >= timeoutNanos) {
            return 0;
        }
        long step = Math.min(MAX_STEP_NANOS, 100_000L << Math.min(previousCalls, 5));
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(step / 2, step + 1));
        return 1;
    }
}
