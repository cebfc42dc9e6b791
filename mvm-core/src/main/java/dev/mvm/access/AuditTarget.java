package dev.mvm.access;

import dev.mvm.api.access.Scope;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.SemanticVersion;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What an operation acts on, for the permission check (its {@link #scope()}) and the audit record (scope,
 * version and details).
 *
 * @param scope where the permission is checked: the model, or a namespace, or global
 * @param version the version acted on, or {@code null}
 * @param details further facts for the audit record
 * @since 0.1
 */
public record AuditTarget(Scope scope, @Nullable String version, Map<String, String> details) {

    /** Copies the details. */
    public AuditTarget {
        details = Map.copyOf(details);
    }

    /**
     * @param model a model
     * @return the model as target
     */
    public static AuditTarget model(ModelName model) {
        return new AuditTarget(Scope.model(model), null, Map.of());
    }

    /**
     * @param model a model
     * @param version one of its versions
     * @return the version as target
     */
    public static AuditTarget version(ModelName model, SemanticVersion version) {
        return new AuditTarget(Scope.model(model), version.toString(), Map.of());
    }

    /**
     * @param scope a namespace or the global scope, for registry-wide operations and grants
     * @return the scope as target
     */
    public static AuditTarget scope(Scope scope) {
        return new AuditTarget(scope, null, Map.of());
    }

    /**
     * @param key a detail key
     * @param value its value
     * @return a copy with the detail added
     */
    public AuditTarget with(String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(details);
        more.put(key, value);
        return new AuditTarget(scope, version, more);
    }

    /**
     * @param newVersion the version, once known (e.g. chosen by a bump)
     * @return a copy naming that version
     */
    public AuditTarget withVersion(String newVersion) {
        return new AuditTarget(scope, newVersion, details);
    }

    /** @return the model's name when the scope is a model, else {@code null} */
    public @Nullable String model() {
        return scope.kind() == Scope.Kind.MODEL ? scope.name() : null;
    }

    /** @return the text recorded as target, e.g. {@code version:nlp/bert@1.0.0} or {@code namespace:nlp} */
    public String text() {
        return version != null && scope.kind() == Scope.Kind.MODEL ? "version:" + scope.name() + "@" + version
                : scope.toString();
    }
}
