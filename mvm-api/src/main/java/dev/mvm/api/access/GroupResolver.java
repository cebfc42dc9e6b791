package dev.mvm.api.access;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Tells which groups a user or service account belongs to. The embedding application supplies it from its
 * directory (LDAP, an identity provider's token claims, a database); MVM asks it on every permission check, so
 * an implementation that talks to a remote directory should cache. One level only: groups of groups are
 * the implementation's business to flatten.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface GroupResolver {

    /**
     * @param principal a user or service account
     * @return the groups it belongs to now, each of kind {@link Principal.Kind#GROUP}; empty if none
     */
    Set<Principal> groupsOf(Principal principal);

    /** @return a resolver under which nobody belongs to any group */
    static GroupResolver none() {
        return p -> Set.of();
    }

    /**
     * A fixed membership table, for tests and small deployments.
     *
     * @param memberships each member's groups
     * @return the resolver
     * @throws IllegalArgumentException if a listed group is not of kind {@link Principal.Kind#GROUP}
     */
    static GroupResolver of(Map<Principal, Set<Principal>> memberships) {
        Map<Principal, Set<Principal>> copy = new HashMap<>();
        memberships.forEach((member, groups) -> {
            for (Principal g : groups) {
                if (g.kind() != Principal.Kind.GROUP) {
                    throw new IllegalArgumentException(member + " is listed as a member of " + g
                            + ", which is not a group");
                }
            }
            copy.put(member, Set.copyOf(groups));
        });
        return p -> copy.getOrDefault(p, Set.of());
    }
}
