package dev.mvm.access;

import dev.mvm.api.access.AccessPolicyStore;
import dev.mvm.api.access.Grant;
import dev.mvm.api.access.GroupResolver;
import dev.mvm.api.access.Permission;
import dev.mvm.api.access.Principal;
import dev.mvm.api.access.Role;
import dev.mvm.api.access.Scope;
import dev.mvm.api.error.AccessDeniedException;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.error.ValidationException;
import dev.mvm.api.model.ModelName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a principal may do something, and manages grants with the rules of delegation.
 *
 * <p>It runs in one of two modes:
 * <ul>
 *   <li><b>local owner</b> ({@link #localOwner()}): everything is allowed to everyone. This is the mode of a
 *       registry on a developer's machine, where whoever runs the code also holds the files; the principal
 *       given to the registry only labels audit records. Grants cannot be managed.
 *   <li><b>RBAC</b> ({@link #rbac(AccessPolicyStore)}): nothing is allowed without an active grant. A grant
 *       applies to its principal, or to every member of its group as told by the {@link GroupResolver}, at its
 *       scope and every narrower one (global, then namespace, then model), until it expires on the injected
 *       {@link Clock}.
 * </ul>
 *
 * <p>Checks read an immutable in-memory index of all grants, rebuilt whenever this controller changes a grant
 * and, for changes made by other processes, when the store's policy version has moved; the store is asked
 * at most once per refresh interval (default one second), so a grant or revocation made elsewhere takes
 * effect here within that interval. A check costs a few hash lookups, independent of the number of grants.
 *
 * <p><b>Delegation.</b> A principal may grant a role at a scope only if one of its own active grants (direct or
 * through a group) applies at that scope and includes {@link Permission#MANAGE_PERMISSIONS} and every
 * permission of the role. The new grant records that grant as its source and cannot outlive it; revoking a
 * grant revokes everything delegated from it, transitively. A principal may revoke grants it made, and grants
 * it could have made itself.
 *
 * @since 0.1
 */
public final class AccessController {
    /** The grantor recorded on grants made by setup code through {@link #grantAsSystem}. */
    public static final Principal SYSTEM = Principal.service("mvm-system");

    private static final Duration DEFAULT_REFRESH = Duration.ofSeconds(1);

    private final @Nullable AccessPolicyStore store;
    private final GroupResolver groups;
    private final Clock clock;
    private final long refreshNanos;
    private final ReentrantLock rebuild = new ReentrantLock();
    private volatile GrantIndex index = GrantIndex.EMPTY;
    private volatile long lastRefresh;

    private AccessController(@Nullable AccessPolicyStore store, GroupResolver groups, Clock clock, Duration refresh) {
        this.store = store;
        this.groups = groups;
        this.clock = clock;
        this.refreshNanos = refresh.toNanos();
        if (store != null) {
            reload();
        }
    }

    /**
     * The single-owner mode of {@code ModelRegistry.local()}: every check passes.
     *
     * @return a controller that allows everything
     */
    public static AccessController localOwner() {
        return new AccessController(null, GroupResolver.none(), Clock.systemUTC(), DEFAULT_REFRESH);
    }

    /**
     * Role-based access control over a policy store: nothing is allowed without a grant.
     *
     * @param store where grants and custom roles are kept; not closed by the controller
     * @return a builder for the controller
     */
    public static Builder rbac(AccessPolicyStore store) {
        return new Builder(Objects.requireNonNull(store, "store"));
    }

    /**
     * @return the store of grants and roles, absent in the local owner mode; calls on it bypass the rules of
     *     delegation, so only operator tools (migration, backup) use it, then call {@link #refresh()}
     * @since 0.1
     */
    public java.util.Optional<AccessPolicyStore> policyStore() {
        return java.util.Optional.ofNullable(store);
    }

    /** @return whether checks are enforced (RBAC), as opposed to the local owner mode */
    public boolean enforcing() {
        return store != null;
    }

    /**
     * @param principal who acts
     * @param permission what it wants to do
     * @param model on which model
     * @return whether an active grant allows it
     */
    public boolean isAllowed(Principal principal, Permission permission, ModelName model) {
        if (store == null) {
            return true;
        }
        GrantIndex idx = current();
        long now = clock.millis();
        long mask = permission.bit();
        String name = model.value();
        int slash = name.indexOf('/');
        GrantIndex.Holder own = idx.holder(principal);
        if (own != null && GrantIndex.allowsOnModel(own, mask, name, slash, now)) {
            return true;
        }
        if (principal.kind() == Principal.Kind.GROUP) {
            return false;
        }
        for (Principal g : groups.groupsOf(principal)) {
            GrantIndex.Holder h = idx.holder(g);
            if (h != null && GrantIndex.allowsOnModel(h, mask, name, slash, now)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param principal who acts
     * @param permission what it wants to do
     * @param scope where: a model, a namespace or the whole registry
     * @return whether an active grant at that scope or a wider one allows it
     */
    public boolean isAllowed(Principal principal, Permission permission, Scope scope) {
        if (store == null) {
            return true;
        }
        if (scope.kind() == Scope.Kind.MODEL) {
            return isAllowed(principal, permission, ModelName.of(scope.name()));
        }
        GrantIndex idx = current();
        long now = clock.millis();
        for (Principal p : principalAndGroups(principal)) {
            GrantIndex.Holder h = idx.holder(p);
            if (h != null && GrantIndex.allowsAt(h, permission.bit(), scope, now)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param principal who acts
     * @param permission what it wants to do
     * @param model on which model
     * @throws AccessDeniedException naming the principal, the permission and the model, if not allowed
     */
    public void check(Principal principal, Permission permission, ModelName model) {
        if (!isAllowed(principal, permission, model)) {
            throw denial(principal, permission, Scope.model(model));
        }
    }

    /**
     * @param principal who acts
     * @param permission what it wants to do
     * @param scope where
     * @throws AccessDeniedException naming the principal, the permission and the scope, if not allowed
     */
    public void check(Principal principal, Permission permission, Scope scope) {
        if (!isAllowed(principal, permission, scope)) {
            throw denial(principal, permission, scope);
        }
    }

    /**
     * Explains why a check fails: the exception {@link #check} throws.
     *
     * @param principal who acts
     * @param permission what it wanted
     * @param scope where
     * @return the exception, with a message naming principal, permission and target and what the principal holds
     */
    public AccessDeniedException denial(Principal principal, Permission permission, Scope scope) {
        StringBuilder sb = new StringBuilder("Access denied: ").append(principal).append(" lacks ")
                .append(permission).append(" on ").append(describe(scope));
        Set<Permission> held = permissions(principal, scope);
        List<Principal> who = principalAndGroups(principal);
        if (held.isEmpty()) {
            sb.append("; no active grant to ").append(who.size() == 1 ? principal.toString() : who.toString())
                    .append(" applies at ").append(scope.andWider().stream().map(Scope::toString)
                            .collect(Collectors.joining(", ")));
        } else {
            sb.append("; it holds ").append(held).append(" there");
        }
        Instant now = clock.instant();
        GrantIndex idx = current();
        for (Principal p : who) {
            GrantIndex.Holder h = idx.holder(p);
            if (h == null) {
                continue;
            }
            for (GrantIndex.Slot s : GrantIndex.applicable(h, scope)) {
                if (!s.grant().isActiveAt(now) && s.grant().role().allows(permission)) {
                    sb.append("; grant ").append(s.grant().id()).append(" (").append(s.grant().role().name())
                            .append(" at ").append(s.grant().scope()).append(") expired at ")
                            .append(s.grant().expiresAt());
                }
            }
        }
        if (store == null) {
            sb.append("; access control is off");
        }
        return new AccessDeniedException(sb.toString());
    }

    private static String describe(Scope scope) {
        return switch (scope.kind()) {
            case GLOBAL -> "the whole registry (global)";
            case NAMESPACE -> "namespace '" + scope.name() + "'";
            case MODEL -> "model '" + scope.name() + "'";
        };
    }

    /**
     * @param principal who acts
     * @param scope where
     * @return every permission its active grants (direct and through groups) give it at that scope
     */
    public Set<Permission> permissions(Principal principal, Scope scope) {
        if (store == null) {
            return EnumSet.allOf(Permission.class);
        }
        EnumSet<Permission> out = EnumSet.noneOf(Permission.class);
        long now = clock.millis();
        for (GrantIndex.Slot s : activeSlots(principal, scope, now)) {
            out.addAll(s.grant().role().permissions());
        }
        return out;
    }

    private List<GrantIndex.Slot> activeSlots(Principal principal, Scope scope, long now) {
        GrantIndex idx = current();
        List<GrantIndex.Slot> out = new ArrayList<>();
        for (Principal p : principalAndGroups(principal)) {
            GrantIndex.Holder h = idx.holder(p);
            if (h != null) {
                for (GrantIndex.Slot s : GrantIndex.applicable(h, scope)) {
                    if (now < s.expiresAtMillis()) {
                        out.add(s);
                    }
                }
            }
        }
        return out;
    }

    private List<Principal> principalAndGroups(Principal principal) {
        List<Principal> out = new ArrayList<>();
        out.add(principal);
        if (principal.kind() != Principal.Kind.GROUP) {
            out.addAll(groups.groupsOf(principal));
        }
        return out;
    }

    /**
     * Grants a role from the grantor's own rights (delegation).
     *
     * @param grantor who grants
     * @param grantee who receives the role
     * @param role the role; a custom role must be defined first
     * @param scope where it applies
     * @param expiresAt when it stops applying, or {@code null} to last as long as the grantor's source grant
     * @return the stored grant, recording its source grant
     * @throws AccessDeniedException if no active grant of the grantor at that scope includes MANAGE_PERMISSIONS and
     *     every permission of the role, or the expiry is later than that grant's
     * @throws ValidationException if the custom role is not defined or the expiry is not in the future
     * @throws IllegalStateException in the local owner mode
     */
    public Grant grant(Principal grantor, Principal grantee, Role role, Scope scope, @Nullable Instant expiresAt) {
        AccessPolicyStore s = requireStore("grant roles");
        Role resolved = resolveRole(role);
        Instant now = now();
        checkExpiry(expiresAt, now);
        GrantIndex.Slot source = delegationSource(grantor, resolved, scope, now.toEpochMilli());
        if (source == null) {
            throw new AccessDeniedException("Access denied: " + grantor + " cannot grant " + resolved.name() + " "
                    + resolved.permissions() + " at " + scope + ": granting needs one active grant at " + scope
                    + " or wider with MANAGE_PERMISSIONS and every permission of the role; " + grantor + " holds "
                    + permissions(grantor, scope) + " there");
        }
        Instant sourceExpiry = source.grant().expiresAt();
        Instant expiry = expiresAt;
        if (sourceExpiry != null) {
            if (expiry == null) {
                expiry = sourceExpiry;
            } else if (expiry.isAfter(sourceExpiry)) {
                throw new AccessDeniedException("Access denied: " + grantor + " cannot grant " + resolved.name()
                        + " at " + scope + " until " + expiry + ": its own grant " + source.grant().id()
                        + " expires at " + sourceExpiry + ", and a delegated grant cannot outlive its source");
            }
        }
        Grant grant = new Grant(UUID.randomUUID().toString(), grantee, resolved, scope, grantor, now, expiry,
                source.grant().id());
        return addAndReload(s, grant);
    }

    /**
     * Grants a role without any check, as the system: for the embedding application's setup code, to create
     * the first administrators. The grant has no source, so no revocation cascades into it.
     *
     * @param grantee who receives the role
     * @param role the role
     * @param scope where it applies
     * @param expiresAt when it stops applying, or {@code null} for never
     * @return the stored grant
     * @throws IllegalStateException in the local owner mode
     */
    public Grant grantAsSystem(Principal grantee, Role role, Scope scope, @Nullable Instant expiresAt) {
        AccessPolicyStore s = requireStore("grant roles");
        Role resolved = resolveRole(role);
        Instant now = now();
        checkExpiry(expiresAt, now);
        return addAndReload(s, new Grant(UUID.randomUUID().toString(), grantee, resolved, scope, SYSTEM, now,
                expiresAt, null));
    }

    /**
     * Revokes a grant and everything delegated from it, transitively.
     *
     * @param revoker who revokes: the grant's grantor, or a principal that could have made the grant itself
     * @param grantId the grant
     * @return every revoked grant, the named one first
     * @throws NotFoundException if there is no such grant
     * @throws AccessDeniedException if the revoker may not revoke it
     * @throws IllegalStateException in the local owner mode
     */
    public List<Grant> revoke(Principal revoker, String grantId) {
        AccessPolicyStore s = requireStore("revoke grants");
        Grant grant = s.findGrant(grantId).orElseThrow(() -> new NotFoundException("No grant with id " + grantId
                + " exists; it may have been revoked"));
        if (!revoker.equals(grant.grantedBy())
                && delegationSource(revoker, grant.role(), grant.scope(), clock.millis()) == null) {
            throw new AccessDeniedException("Access denied: " + revoker + " cannot revoke grant " + grantId + " ("
                    + grant.role().name() + " to " + grant.principal() + " at " + grant.scope() + "): only its grantor "
                    + grant.grantedBy() + " or a holder of MANAGE_PERMISSIONS and every permission of the role at "
                    + grant.scope() + " or wider may; " + revoker + " holds " + permissions(revoker, grant.scope()));
        }
        try {
            return s.revokeGrant(grantId);
        } finally {
            reload();
        }
    }

    /**
     * Defines a custom role so that it can be granted.
     *
     * @param actor who defines it; needs {@link Permission#ADMINISTER} globally
     * @param role the role
     * @return the role as stored
     * @throws AccessDeniedException if the actor lacks ADMINISTER globally
     * @throws dev.mvm.api.error.ConflictException if a role of that name exists with other permissions
     * @throws IllegalStateException in the local owner mode
     */
    public Role defineRole(Principal actor, Role role) {
        AccessPolicyStore s = requireStore("define roles");
        check(actor, Permission.ADMINISTER, Scope.global());
        try {
            return s.defineRole(role);
        } finally {
            reload();
        }
    }

    /** @return every grant, expired ones included, oldest first; empty in the local owner mode */
    public List<Grant> grants() {
        return current().grants();
    }

    /**
     * @param principal a principal
     * @return its own grants (not those of its groups), oldest first
     */
    public List<Grant> grantsOf(Principal principal) {
        return current().grants().stream().filter(g -> g.principal().equals(principal)).toList();
    }

    /** Reloads the grants from the store now, instead of waiting for the refresh interval. */
    public void refresh() {
        if (store != null) {
            reload();
        }
    }

    private GrantIndex.@Nullable Slot delegationSource(Principal grantor, Role role, Scope scope, long now) {
        long needed = role.bits() | Permission.MANAGE_PERMISSIONS.bit();
        return activeSlots(grantor, scope, now).stream()
                .filter(s -> (s.bits() & needed) == needed)
                .min(Comparator.comparingLong((GrantIndex.Slot s) -> -s.expiresAtMillis())
                        .thenComparing(s -> s.grant().grantedAt()))
                .orElse(null);
    }

    private Role resolveRole(Role role) {
        if (role.isBuiltIn()) {
            return role;
        }
        Role defined = current().customRole(role.name());
        if (defined == null) {
            throw new ValidationException("role", "Role '" + role.name() + "' is not defined; built-in roles are "
                    + Role.builtIns().stream().map(Role::name).toList() + ", custom ones must be defined first");
        }
        if (!defined.equals(role)) {
            throw new ValidationException("role", "Role '" + role.name() + "' is defined with permissions "
                    + defined.permissions() + ", not " + role.permissions());
        }
        return defined;
    }

    private static void checkExpiry(@Nullable Instant expiresAt, Instant now) {
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new ValidationException("expiresAt", "Invalid expiry " + expiresAt + ": it must be after now ("
                    + now + ")");
        }
    }

    private Grant addAndReload(AccessPolicyStore s, Grant grant) {
        try {
            return s.addGrant(grant);
        } finally {
            reload();
        }
    }

    private AccessPolicyStore requireStore(String what) {
        if (store == null) {
            throw new IllegalStateException("Cannot " + what + ": access control is in the local owner mode, where"
                    + " everything is allowed; build the registry with AccessController.rbac(store) to use grants");
        }
        return store;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private GrantIndex current() {
        if (store != null && refreshNanos >= 0 && System.nanoTime() - lastRefresh >= refreshNanos
                && rebuild.tryLock()) {
            try {
                if (System.nanoTime() - lastRefresh >= refreshNanos) {
                    long version = store.policyVersion();
                    lastRefresh = System.nanoTime();
                    if (version != index.version()) {
                        loadIndex();
                    }
                }
            } finally {
                rebuild.unlock();
            }
        }
        return index;
    }

    private void reload() {
        rebuild.lock();
        try {
            loadIndex();
        } finally {
            rebuild.unlock();
        }
    }

    private void loadIndex() {
        AccessPolicyStore s = Objects.requireNonNull(store);
        long version = s.policyVersion();
        index = GrantIndex.of(s.grants(), s.roles(), version);
        lastRefresh = System.nanoTime();
    }

    @Override
    public String toString() {
        return store == null ? "AccessController[local owner]" : "AccessController[rbac over " + store.describe() + "]";
    }

    /**
     * Builds an RBAC {@link AccessController}.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final AccessPolicyStore store;
        private GroupResolver groups = GroupResolver.none();
        private Clock clock = Clock.systemUTC();
        private Duration refresh = DEFAULT_REFRESH;

        private Builder(AccessPolicyStore store) {
            this.store = store;
        }

        /**
         * @param groups who belongs to which group; default: nobody to any
         * @return this
         */
        public Builder groups(GroupResolver groups) {
            this.groups = Objects.requireNonNull(groups, "groups");
            return this;
        }

        /**
         * @param clock the time against which grant expiry is checked (tests inject their own)
         * @return this
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How often to ask the store whether another process changed the policy.
         *
         * @param interval zero to ask on every check; default one second
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder refreshInterval(Duration interval) {
            if (interval.isNegative()) {
                throw new IllegalArgumentException("Invalid refresh interval " + interval + ": zero or more");
            }
            this.refresh = interval;
            return this;
        }

        /**
         * @return the controller, with the grants loaded
         * @throws dev.mvm.api.error.StorageException if the store cannot be read
         */
        public AccessController build() {
            return new AccessController(store, groups, clock, refresh);
        }
    }
}
