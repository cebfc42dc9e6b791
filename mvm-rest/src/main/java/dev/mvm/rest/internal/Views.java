package dev.mvm.rest.internal;

import dev.mvm.api.access.Grant;
import dev.mvm.api.audit.AuditEvent;
import dev.mvm.api.audit.AuditRecord;
import dev.mvm.api.lifecycle.EnvironmentPointer;
import dev.mvm.api.lifecycle.LifecycleState;
import dev.mvm.api.lifecycle.PointerMove;
import dev.mvm.api.lifecycle.StateChange;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.SemanticVersion;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JSON shapes of the API, with the seed's snake_case names. A model's {@code model_id} is its unique
 * name (what every path takes); its internal UUID is {@code uuid}.
 */
final class Views {
    private Views() {
    }

    static String status(LifecycleState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    static @Nullable String time(@Nullable Instant t) {
        return t == null ? null : t.toString();
    }

    static @Nullable String text(@Nullable SemanticVersion v) {
        return v == null ? null : v.toString();
    }

    static Map<String, Object> model(Model m) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("model_id", m.name().value());
        o.put("name", m.name().value());
        o.put("uuid", m.id());
        o.put("description", m.description());
        o.put("framework", m.framework());
        o.put("task", m.task());
        o.put("metadata", m.metadata());
        o.put("tags", m.tags());
        o.put("owner", m.owner());
        o.put("created_at", time(m.createdAt()));
        o.put("updated_at", time(m.updatedAt()));
        o.put("revision", m.revision());
        return o;
    }

    static Map<String, Object> version(ModelVersion v) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("model_id", v.model().value());
        o.put("version", v.version().toString());
        o.put("status", status(v.state()));
        o.put("description", v.description());
        o.put("metrics", v.metrics());
        o.put("params", v.params());
        o.put("tags", v.tags());
        Map<String, Object> files = new LinkedHashMap<>();
        files.put("count", v.artifacts().fileCount());
        files.put("total_bytes", v.artifacts().totalBytes());
        files.put("root_sha256", v.artifacts().root().hex());
        o.put("files", files);
        Map<String, Object> lineage = new LinkedHashMap<>();
        lineage.put("parent", text(v.lineage().parent()));
        lineage.put("depends_on", v.lineage().dependsOn().stream().map(Object::toString).toList());
        lineage.put("run_id", v.lineage().runId());
        lineage.put("dataset", v.lineage().dataset());
        o.put("lineage", lineage);
        o.put("created_by", v.createdBy());
        o.put("created_at", time(v.createdAt()));
        o.put("updated_at", time(v.updatedAt()));
        o.put("revision", v.revision());
        return o;
    }

    static Map<String, Object> pointer(EnvironmentPointer p) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("environment", p.environment().value());
        o.put("version", p.version().toString());
        o.put("moved_by", p.movedBy());
        o.put("moved_at", time(p.movedAt()));
        return o;
    }

    static Map<String, Object> move(PointerMove m) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("environment", m.environment().value());
        o.put("from_version", text(m.from()));
        o.put("to_version", text(m.to()));
        o.put("kind", m.kind().name().toLowerCase(Locale.ROOT));
        o.put("actor", m.actor());
        o.put("at", time(m.at()));
        o.put("reason", m.reason());
        return o;
    }

    static Map<String, Object> stateChange(StateChange c) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("from_status", status(c.from()));
        o.put("to_status", status(c.to()));
        o.put("actor", c.actor());
        o.put("at", time(c.at()));
        o.put("reason", c.reason());
        return o;
    }

    static Map<String, Object> grant(Grant g) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("grant_id", g.id());
        o.put("principal", g.principal().toString());
        o.put("role", g.role().name());
        o.put("scope", g.scope().toString());
        o.put("granted_by", g.grantedBy().toString());
        o.put("granted_at", time(g.grantedAt()));
        o.put("expires_at", time(g.expiresAt()));
        o.put("delegated_from", g.delegatedFrom());
        return o;
    }

    static Map<String, Object> audit(AuditRecord r) {
        AuditEvent e = r.event();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("sequence", r.sequence());
        o.put("timestamp", time(e.timestamp()));
        o.put("principal", e.principal().toString());
        o.put("action", e.action());
        o.put("target", e.target());
        o.put("model_id", e.model());
        o.put("version", e.version());
        o.put("outcome", e.outcome().name().toLowerCase(Locale.ROOT));
        o.put("reason", e.reason());
        o.put("details", e.details());
        o.put("request_id", e.requestId());
        o.put("hash", r.hash());
        return o;
    }
}
