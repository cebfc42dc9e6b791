package dev.mvm.retention;

import dev.mvm.api.model.VersionRef;
import java.util.Objects;

/**
 * A version a retention run meant to remove but could not, e.g. because it was published meanwhile or the
 * acting principal lacks the permission.
 *
 * @param version the version
 * @param message what went wrong
 * @since 0.1
 */
public record RetentionFailure(VersionRef version, String message) {
    /** @throws NullPointerException if a component is null */
    public RetentionFailure {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(message, "message");
    }
}
