package dev.mvm.mlflow.internal;

import dev.mvm.api.error.BackendUnavailableException;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** HTTP 429 or 503 from the server, with the delay its {@code Retry-After} header asked for, if any. */
public final class ThrottledException extends BackendUnavailableException {
    private static final long serialVersionUID = 1L;

    private final @Nullable Duration retryAfter;

    ThrottledException(String message, @Nullable Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** @return the delay the server asked for */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
