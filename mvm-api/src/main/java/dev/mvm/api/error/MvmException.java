package dev.mvm.api.error;

import org.jspecify.annotations.Nullable;

/**
 * Root of every exception MVM throws. Unchecked: a registry call either succeeds or says precisely what
 * went wrong and what is allowed.
 *
 * @since 0.1
 */
public class MvmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong and, where it helps, what is allowed */
    public MvmException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the backend exception behind it
     */
    public MvmException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether the same call may succeed if repeated unchanged (a backend hiccup, throttling, a timeout).
     *
     * @return {@code true} when a retry can help
     */
    public boolean retryable() {
        return false;
    }
}
