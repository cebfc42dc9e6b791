package dev.mvm;

import dev.mvm.access.AccessController;
import dev.mvm.access.AuditTarget;
import dev.mvm.access.Operation;
import dev.mvm.api.access.Grant;
import dev.mvm.api.access.Principal;
import dev.mvm.api.access.Role;
import dev.mvm.api.access.Scope;
import dev.mvm.api.error.AccessDeniedException;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Grants and roles, administered as the registry's principal: every change is checked (a holder of
 * {@code MANAGE_PERMISSIONS} may grant at most what it holds itself) and audited. Obtained from
 * {@link ModelRegistry#access()}.
 *
 * @since 0.1
 */
public final class AccessAdministration {
    private final ModelRegistry registry;

    AccessAdministration(ModelRegistry registry) {
        this.registry = registry;
    }

    private AccessController controller() {
        return registry.audited().access();
    }

    /**
     * Grants a role at a scope, delegated from one of the acting principal's own grants.
     *
     * @param grantee who receives it: a user, group or service account
     * @param role the role
     * @param scope global, a namespace or a model
     * @param expiresAt when it lapses, or {@code null} for never (a delegated grant never outlives its source)
     * @return the grant
     * @throws AccessDeniedException if the principal may not grant this (audited as a denial)
     */
    public Grant grant(Principal grantee, Role role, Scope scope, @Nullable Instant expiresAt) {
        AuditTarget target = AuditTarget.scope(scope).with("role", role.name()).with("grantee", grantee.toString());
        return registry.guarded(Operation.ACCESS_GRANT, target,
                () -> controller().grant(registry.principal(), grantee, role, scope, expiresAt),
                (t, g) -> t.with("grant", g.id()));
    }

    /**
     * Revokes a grant and, transitively, every grant delegated from it.
     *
     * @param grantId the grant's id
     * @return every grant revoked
     * @throws AccessDeniedException if the principal may not revoke it
     */
    public List<Grant> revoke(String grantId) {
        Scope scope = controller().grants().stream().filter(g -> g.id().equals(grantId)).map(Grant::scope)
                .findFirst().orElse(Scope.global());
        return registry.guarded(Operation.ACCESS_REVOKE, AuditTarget.scope(scope).with("grant", grantId),
                () -> controller().revoke(registry.principal(), grantId));
    }

    /**
     * Defines a custom role.
     *
     * @param role the role: a name and its permissions
     * @return the role as stored
     * @throws AccessDeniedException without {@code ADMINISTER}
     */
    public Role defineRole(Role role) {
        return registry.guarded(Operation.ROLE_DEFINE, AuditTarget.scope(Scope.global()).with("role", role.name()),
                () -> controller().defineRole(registry.principal(), role));
    }

    /**
     * @param principal a principal
     * @return its grants, including expired ones
     * @throws AccessDeniedException without {@code MANAGE_PERMISSIONS} globally, unless asking about itself
     */
    public List<Grant> grantsOf(Principal principal) {
        if (!principal.equals(registry.principal())) {
            controller().check(registry.principal(), dev.mvm.api.access.Permission.MANAGE_PERMISSIONS, Scope.global());
        }
        return controller().grantsOf(principal);
    }
}
