package dev.mvm.migrate;

import dev.mvm.api.access.Grant;
import dev.mvm.api.access.Scope;
import dev.mvm.api.model.ModelName;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Which grants a run copies. */
final class GrantSelection {
    private GrantSelection() {
    }

    /**
     * Every grant without a model restriction; with one, the grants scoped to a chosen model plus, transitively,
     * the grants they are delegated from (without its source a delegated grant cannot be stored, and revoking
     * the source must still revoke it). The order of {@code all} (sources first) is kept.
     */
    static List<Grant> select(List<Grant> all, MigrationOptions options) {
        if (options.models().isEmpty()) {
            return all;
        }
        Map<String, Grant> byId = new HashMap<>();
        all.forEach(g -> byId.put(g.id(), g));
        Set<String> chosen = new LinkedHashSet<>();
        for (Grant g : all) {
            if (g.scope().kind() == Scope.Kind.MODEL && options.models().contains(ModelName.of(g.scope().name()))) {
                for (Grant at = g; at != null && chosen.add(at.id()); ) {
                    at = at.delegatedFrom() == null ? null : byId.get(at.delegatedFrom());
                }
            }
        }
        return all.stream().filter(g -> chosen.contains(g.id())).toList();
    }
}
