package dev.mvm.api.access;

import dev.mvm.api.error.ValidationException;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A role given to a principal at a scope, as stored. Grants made by a principal from its own rights record
 * the grant those rights came from ({@link #delegatedFrom()}), so revoking that grant revokes this one too.
 *
 * @param id the grant's unique id
 * @param principal who receives the role
 * @param role the role
 * @param scope where it applies
 * @param grantedBy who made the grant
 * @param grantedAt when
 * @param expiresAt when it stops applying (exclusive), or {@code null} if it does not expire
 * @param delegatedFrom the id of the granting principal's grant this one derives from, or {@code null} for a
 *     grant made by the system (setup code, a registry administrator bootstrapping access)
 * @since 0.1
 */
public record Grant(String id, Principal principal, Role role, Scope scope, Principal grantedBy, Instant grantedAt,
        @Nullable Instant expiresAt, @Nullable String delegatedFrom) {

    /**
     * @throws ValidationException if the id is blank or the expiry is not after the grant time
     */
    public Grant {
        if (id == null || id.isBlank() || id.length() > 64) {
            throw new ValidationException("grant.id", "Invalid grant id '" + id + "': 1 to 64 characters");
        }
        if (principal == null || role == null || scope == null || grantedBy == null || grantedAt == null) {
            throw new ValidationException("grant", "A grant needs a principal, role, scope, grantor and time");
        }
        if (expiresAt != null && !expiresAt.isAfter(grantedAt)) {
            throw new ValidationException("grant.expiresAt", "Grant " + id + " would expire at " + expiresAt
                    + ", not after it is granted at " + grantedAt);
        }
    }

    /** @return when the grant stops applying, if it expires */
    public Optional<Instant> expiry() {
        return Optional.ofNullable(expiresAt);
    }

    /** @return the id of the grant this one was delegated from, if any */
    public Optional<String> source() {
        return Optional.ofNullable(delegatedFrom);
    }

    /**
     * @param now the current time
     * @return whether the grant applies at {@code now} (it has not expired)
     */
    public boolean isActiveAt(Instant now) {
        return expiresAt == null || now.isBefore(expiresAt);
    }
}
