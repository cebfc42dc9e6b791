package dev.mvm.api.error;

import org.jspecify.annotations.Nullable;

/**
 * A metadata or artifact backend failed (I/O error, SQL error, unexpected response).
 *
 * @since 0.1
 */
public class StorageException extends MvmException {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    /**
     * @param message what failed
     * @param cause the backend exception behind it
     */
    public StorageException(String message, @Nullable Throwable cause) {
        this(message, cause, false);
    }

    /**
     * @param message what failed
     * @param cause the backend exception behind it
     * @param retryable whether repeating the call may help
     */
    public StorageException(String message, @Nullable Throwable cause, boolean retryable) {
        super(message, cause);
        this.retryable = retryable;
    }

    @Override
    public boolean retryable() {
        return retryable;
    }
}
