package dev.mvm.api.error;

/**
 * Bytes read back do not match their recorded SHA-256 digest or size. Whatever was being written from
 * them has been removed.
 *
 * @since 0.1
 */
public class IntegrityException extends MvmException {
    private static final long serialVersionUID = 1L;

    /** @param message which file, what was expected and what was found */
    public IntegrityException(String message) {
        super(message);
    }
}
