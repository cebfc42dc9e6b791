package dev.mvm.access;

import dev.mvm.api.access.Grant;
import dev.mvm.api.access.Principal;
import dev.mvm.api.access.Role;
import dev.mvm.api.access.Scope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An immutable in-memory index of grants by principal and scope, answering permission checks without
 * touching the store. A check looks at most three small arrays per principal (global, namespace, model).
 */
final class GrantIndex {
    static final GrantIndex EMPTY = new GrantIndex(List.of(), Map.of(), -1);

    /** One grant reduced to what a check needs. */
    record Slot(long bits, long expiresAtMillis, Grant grant) {
        boolean allows(long mask, long nowMillis) {
            return (bits & mask) == mask && nowMillis < expiresAtMillis;
        }
    }

    /** The grants of one principal, by scope. */
    static final class Holder {
        Slot[] global = new Slot[0];
        final Map<String, Slot[]> namespaces = new HashMap<>();
        final Map<String, Slot[]> models = new HashMap<>();

        Slot @Nullable [] at(Scope scope) {
            return switch (scope.kind()) {
                case GLOBAL -> global;
                case NAMESPACE -> namespaces.get(scope.name());
                case MODEL -> models.get(scope.name());
            };
        }
    }

    private final List<Grant> grants;
    private final Map<String, Grant> byId;
    private final Map<Principal, Holder> byPrincipal;
    private final Map<String, Role> customRoles;
    private final long version;

    private GrantIndex(List<Grant> grants, Map<String, Role> customRoles, long version) {
        this.grants = List.copyOf(grants);
        this.customRoles = Map.copyOf(customRoles);
        this.version = version;
        this.byId = new HashMap<>();
        this.byPrincipal = new HashMap<>();
        for (Grant g : grants) {
            byId.put(g.id(), g);
            Holder h = byPrincipal.computeIfAbsent(g.principal(), p -> new Holder());
            Slot slot = new Slot(g.role().bits(),
                    g.expiresAt() == null ? Long.MAX_VALUE : g.expiresAt().toEpochMilli(), g);
            switch (g.scope().kind()) {
                case GLOBAL -> h.global = append(h.global, slot);
                case NAMESPACE -> h.namespaces.merge(g.scope().name(), new Slot[] {slot}, GrantIndex::concat);
                case MODEL -> h.models.merge(g.scope().name(), new Slot[] {slot}, GrantIndex::concat);
                default -> throw new IllegalStateException("unreachable");
            }
        }
    }

    static GrantIndex of(List<Grant> grants, List<Role> customRoles, long version) {
        Map<String, Role> roles = new HashMap<>();
        for (Role r : customRoles) {
            roles.put(r.name(), r);
        }
        return new GrantIndex(grants, roles, version);
    }

    private static Slot[] append(Slot[] slots, Slot slot) {
        Slot[] out = Arrays.copyOf(slots, slots.length + 1);
        out[slots.length] = slot;
        return out;
    }

    private static Slot[] concat(Slot[] a, Slot[] b) {
        Slot[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    long version() {
        return version;
    }

    List<Grant> grants() {
        return grants;
    }

    @Nullable Grant grant(String id) {
        return byId.get(id);
    }

    @Nullable Role customRole(String name) {
        return customRoles.get(name);
    }

    @Nullable Holder holder(Principal principal) {
        return byPrincipal.get(principal);
    }

    /**
     * @param holder a principal's grants
     * @param mask the permission bits wanted
     * @param model the model name
     * @param namespaceEnd the index of {@code /} in the model name, or -1
     * @param now the current time in epoch milliseconds
     * @return whether an active grant on the model, its namespace or globally allows every bit of the mask
     */
    static boolean allowsOnModel(Holder holder, long mask, String model, int namespaceEnd, long now) {
        if (any(holder.global, mask, now)) {
            return true;
        }
        if (namespaceEnd > 0 && !holder.namespaces.isEmpty()
                && any(holder.namespaces.get(model.substring(0, namespaceEnd)), mask, now)) {
            return true;
        }
        return !holder.models.isEmpty() && any(holder.models.get(model), mask, now);
    }

    static boolean allowsAt(Holder holder, long mask, Scope scope, long now) {
        for (Scope s : scope.andWider()) {
            if (any(holder.at(s), mask, now)) {
                return true;
            }
        }
        return false;
    }

    /** @return every slot of the holder that applies at the scope (its own or a wider one), active or not */
    static List<Slot> applicable(Holder holder, Scope scope) {
        List<Slot> out = new ArrayList<>();
        for (Scope s : scope.andWider()) {
            Slot[] slots = holder.at(s);
            if (slots != null) {
                out.addAll(Arrays.asList(slots));
            }
        }
        return out;
    }

    private static boolean any(Slot @Nullable [] slots, long mask, long now) {
        if (slots == null) {
            return false;
        }
        for (Slot s : slots) {
            if (s.allows(mask, now)) {
                return true;
            }
        }
        return false;
    }
}
