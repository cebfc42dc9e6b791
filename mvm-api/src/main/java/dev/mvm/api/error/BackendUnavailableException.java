package dev.mvm.api.error;

import org.jspecify.annotations.Nullable;

/**
 * The backend could not be reached or refused for now (connection refused or reset, timeout, HTTP 429 or
 * 5xx, a locked database). Always retryable.
 *
 * @since 0.1
 */
public class BackendUnavailableException extends StorageException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what could not be reached
     * @param cause the backend exception behind it
     */
    public BackendUnavailableException(String message, @Nullable Throwable cause) {
        super(message, cause, true);
    }
}
