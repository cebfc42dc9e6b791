package dev.mvm.api.error;

import org.jspecify.annotations.Nullable;

/**
 * The model, version, environment pointer or blob asked for does not exist.
 *
 * @since 0.1
 */
public class NotFoundException extends MvmException {
    private static final long serialVersionUID = 1L;

    /** @param message what was not found */
    public NotFoundException(String message) {
        super(message);
    }

    /**
     * @param message what was not found
     * @param cause the backend exception behind it
     */
    public NotFoundException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
