package dev.mvm.api.error;

import org.jspecify.annotations.Nullable;

/**
 * The write lost a race or would break a uniqueness rule: the thing already exists, or it changed since it
 * was read (a stale revision). Re-read and decide again; nothing was written.
 *
 * @since 0.1
 */
public class ConflictException extends MvmException {
    private static final long serialVersionUID = 1L;

    /** @param message what conflicted */
    public ConflictException(String message) {
        super(message);
    }

    /**
     * @param message what conflicted
     * @param cause the backend exception behind it
     */
    public ConflictException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
