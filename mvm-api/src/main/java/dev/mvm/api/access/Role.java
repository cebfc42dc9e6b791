package dev.mvm.api.access;

import dev.mvm.api.error.ValidationException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A named set of permissions, the unit that is granted. Five roles are built in, each including the one
 * before:
 * <table>
 *   <caption>Built-in roles</caption>
 *   <tr><th>role</th><th>adds</th></tr>
 *   <tr><td>{@code viewer}</td><td>READ, DOWNLOAD</td></tr>
 *   <tr><td>{@code contributor}</td><td>CREATE_MODEL, CREATE_VERSION, UPDATE</td></tr>
 *   <tr><td>{@code publisher}</td><td>TRANSITION</td></tr>
 *   <tr><td>{@code owner}</td><td>RESTORE, DELETE, MANAGE_PERMISSIONS, READ_AUDIT</td></tr>
 *   <tr><td>{@code admin}</td><td>ADMINISTER (every permission)</td></tr>
 * </table>
 * Custom roles are any other name with any non-empty set of permissions, e.g. an {@code auditor} with READ and
 * READ_AUDIT; they are defined in the {@link AccessPolicyStore} before they are granted.
 *
 * @param name lowercase letters, digits, {@code _} and {@code -}, starting with a letter, at most 64 characters
 * @param permissions what the role allows, never empty
 * @since 0.1
 */
public record Role(String name, Set<Permission> permissions) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

    /** READ and DOWNLOAD: consumers such as serving fleets. */
    public static final Role VIEWER = new Role("viewer", EnumSet.of(Permission.READ, Permission.DOWNLOAD));
    /** Viewer plus CREATE_MODEL, CREATE_VERSION and UPDATE: training pipelines and model authors. */
    public static final Role CONTRIBUTOR = new Role("contributor", with(VIEWER, Permission.CREATE_MODEL,
            Permission.CREATE_VERSION, Permission.UPDATE));
    /** Contributor plus TRANSITION: release managers who promote, publish and roll back. */
    public static final Role PUBLISHER = new Role("publisher", with(CONTRIBUTOR, Permission.TRANSITION));
    /** Publisher plus RESTORE, DELETE, MANAGE_PERMISSIONS and READ_AUDIT: the team that owns the models. */
    public static final Role OWNER = new Role("owner", with(PUBLISHER, Permission.RESTORE, Permission.DELETE,
            Permission.MANAGE_PERMISSIONS, Permission.READ_AUDIT));
    /** Every permission, ADMINISTER included: the platform team. */
    public static final Role ADMIN = new Role("admin", EnumSet.allOf(Permission.class));

    private static final List<Role> BUILT_IN = List.of(VIEWER, CONTRIBUTOR, PUBLISHER, OWNER, ADMIN);

    /**
     * @throws ValidationException if the name is invalid or the permission set is empty
     */
    public Role {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ValidationException("role", "Invalid role name '" + name + "': use 1 to 64 lowercase"
                    + " letters, digits, '_' and '-', starting with a letter");
        }
        if (permissions == null || permissions.isEmpty()) {
            throw new ValidationException("role", "Role '" + name + "' has no permissions; give it at least one of "
                    + EnumSet.allOf(Permission.class));
        }
        permissions = Collections.unmodifiableSet(EnumSet.copyOf(permissions));
    }

    /**
     * A custom role.
     *
     * @param name the role name; not the name of a built-in role
     * @param permissions what it allows
     * @return the role
     * @throws ValidationException if the name is invalid or taken by a built-in role, or no permission is given
     */
    public static Role of(String name, Set<Permission> permissions) {
        if (builtIn(name).isPresent()) {
            throw new ValidationException("role", "Role name '" + name + "' is taken by a built-in role; built-in"
                    + " roles are " + BUILT_IN.stream().map(Role::name).toList());
        }
        return new Role(name, permissions);
    }

    /** @return the built-in roles, narrowest first */
    public static List<Role> builtIns() {
        return BUILT_IN;
    }

    /**
     * @param name a role name
     * @return the built-in role of that name, if there is one
     */
    public static Optional<Role> builtIn(String name) {
        for (Role r : BUILT_IN) {
            if (r.name.equals(name)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** @return whether this is one of the built-in roles */
    public boolean isBuiltIn() {
        return builtIn(name).map(this::equals).orElse(false);
    }

    /**
     * @param permission a permission
     * @return whether the role allows it
     */
    public boolean allows(Permission permission) {
        return permissions.contains(permission);
    }

    /** @return the permissions as a bit mask of {@link Permission#bit()} values */
    public long bits() {
        long bits = 0;
        for (Permission p : permissions) {
            bits |= p.bit();
        }
        return bits;
    }

    private static Set<Permission> with(Role base, Permission... more) {
        EnumSet<Permission> set = EnumSet.copyOf(base.permissions());
        set.addAll(List.of(more));
        return set;
    }

    @Override
    public String toString() {
        return name + permissions;
    }
}
