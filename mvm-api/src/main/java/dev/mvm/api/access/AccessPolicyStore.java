package dev.mvm.api.access;

import dev.mvm.api.error.ConflictException;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.error.ValidationException;
import java.util.List;
import java.util.Optional;

/**
 * Keeps grants and custom roles. It stores; it does not judge: whether a principal may make or revoke a grant
 * is decided by the access controller before it calls the store.
 *
 * <p>The contract:
 * <ul>
 *   <li>Grants go in and come out unchanged, expired ones included, until revoked.
 *   <li>{@link #addGrant} of a delegated grant fails with {@link ConflictException} if its source grant is no
 *       longer stored, checked in the same transaction as the insert, so a delegation never outlives a
 *       revocation that raced with it.
 *   <li>{@link #revokeGrant} removes the grant and everything delegated from it, transitively, atomically.
 *   <li>{@link #policyVersion()} changes with every successful change, also changes made by other processes,
 *       so that callers may cache the policy and notice when to reload it.
 *   <li>Implementations are thread-safe; failures surface as {@code dev.mvm.api.error} exceptions.
 * </ul>
 *
 * @since 0.1
 */
public interface AccessPolicyStore extends AutoCloseable {

    /** @return a short description for messages and logs, e.g. {@code sqlite:/srv/mvm/access.db} */
    String describe();

    /**
     * Stores a grant.
     *
     * @param grant the grant; custom roles must have been defined with {@link #defineRole}
     * @return the stored grant
     * @throws ConflictException if a grant with that id exists, or its source grant has been revoked
     * @throws ValidationException if its custom role is not defined or defined with other permissions
     */
    Grant addGrant(Grant grant);

    /**
     * Stores several grants, for imports and migrations. The default adds them one by one; implementations
     * may do it in one transaction, all or none.
     *
     * @param grants the grants, sources before the grants delegated from them
     * @return the stored grants
     * @throws ConflictException if an id exists or a source grant is missing
     * @throws ValidationException if a custom role is not defined
     */
    default List<Grant> addGrants(List<Grant> grants) {
        return grants.stream().map(this::addGrant).toList();
    }

    /**
     * Revokes a grant and every grant delegated from it, transitively, in one transaction.
     *
     * @param grantId the grant
     * @return the revoked grants, the named one first
     * @throws NotFoundException if no such grant is stored
     */
    List<Grant> revokeGrant(String grantId);

    /**
     * @param grantId a grant id
     * @return the grant, if stored
     */
    Optional<Grant> findGrant(String grantId);

    /** @return every stored grant, expired ones included, oldest first */
    List<Grant> grants();

    /**
     * Defines a custom role. Defining the same role again is a no-op; roles never change once defined, so
     * that what a grant allows stays what it allowed when it was checked and made.
     *
     * @param role the role; not a built-in one
     * @return the role
     * @throws ConflictException if a role of that name exists with other permissions
     * @throws ValidationException if it is a built-in role's name
     */
    Role defineRole(Role role);

    /** @return the custom roles, sorted by name */
    List<Role> roles();

    /**
     * A number that changes whenever grants or roles change, in this process or another.
     *
     * @return the current policy version
     */
    long policyVersion();

    /** Releases connections and files. */
    @Override
    void close();
}
