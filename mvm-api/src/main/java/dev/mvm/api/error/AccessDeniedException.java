package dev.mvm.api.error;

import org.jspecify.annotations.Nullable;

/**
 * The principal lacks the permission for the operation, either in MVM's own access control or in the
 * backend (MLflow basic-auth, S3 IAM).
 *
 * @since 0.1
 */
public class AccessDeniedException extends MvmException {
    private static final long serialVersionUID = 1L;

    /** @param message who was denied what on which target */
    public AccessDeniedException(String message) {
        super(message);
    }

    /**
     * @param message who was denied what on which target
     * @param cause the backend exception behind it
     */
    public AccessDeniedException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
