package dev.mvm.mlflow.internal;

import java.time.Duration;

/**
 * How retryable calls are repeated: exponential backoff with jitter, a cap per wait, and a cap on how long
 * a server's {@code Retry-After} is honoured.
 *
 * @param maxAttempts total attempts including the first, at least 1
 * @param initialBackoff the first wait
 * @param maxBackoff the longest computed wait
 * @param jitter the randomisation factor, 0 to 1: each wait is drawn from {@code wait * (1 +/- jitter)}
 * @param maxRetryAfter the longest {@code Retry-After} honoured
 */
public record RetrySettings(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double jitter,
        Duration maxRetryAfter) {
    /** Five attempts, 200 ms doubling to at most 10 s, 50 % jitter, Retry-After up to 60 s. */
    public static final RetrySettings DEFAULT = new RetrySettings(5, Duration.ofMillis(200), Duration.ofSeconds(10),
            0.5, Duration.ofSeconds(60));

    /** @throws IllegalArgumentException for out-of-range values */
    public RetrySettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new IllegalArgumentException("initialBackoff must be positive, not " + initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is below initialBackoff "
                    + initialBackoff);
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("jitter must be in [0, 1), not " + jitter);
        }
        if (maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("maxRetryAfter must not be negative, not " + maxRetryAfter);
        }
    }
}
