package dev.mvm.migrate;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mvm.api.access.Grant;
import dev.mvm.api.access.Permission;
import dev.mvm.api.access.Principal;
import dev.mvm.api.access.Role;
import dev.mvm.api.access.Scope;
import dev.mvm.api.artifact.ArtifactSummary;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.audit.AuditEvent;
import dev.mvm.api.audit.AuditOutcome;
import dev.mvm.api.audit.AuditRecord;
import dev.mvm.api.lifecycle.EnvironmentName;
import dev.mvm.api.lifecycle.EnvironmentPointer;
import dev.mvm.api.lifecycle.LifecycleState;
import dev.mvm.api.lifecycle.PointerMove;
import dev.mvm.api.lifecycle.StateChange;
import dev.mvm.api.model.Lineage;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.api.model.VersionRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The JSON form of registry values in an archive. Readers throw on anything missing or malformed. */
final class ArchiveJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT_MAP = new TypeReference<>() { };
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };
    private static final TypeReference<Map<String, Double>> DOUBLE_MAP = new TypeReference<>() { };

    private ArchiveJson() {
    }

    // ---------------------------------------------------------------- models

    static ObjectNode model(Model m) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", m.id());
        n.put("name", m.name().value());
        n.put("description", m.description());
        n.put("framework", m.framework());
        n.put("task", m.task());
        n.set("metadata", MAPPER.valueToTree(m.metadata()));
        n.set("tags", MAPPER.valueToTree(m.tags()));
        n.put("owner", m.owner());
        n.put("createdAt", m.createdAt().toString());
        n.put("updatedAt", m.updatedAt().toString());
        return n;
    }

    static Model model(JsonNode n) {
        return Model.builder(text(n, "id"), ModelName.of(text(n, "name")))
                .description(text(n, "description")).framework(text(n, "framework")).task(text(n, "task"))
                .metadata(MAPPER.convertValue(required(n, "metadata"), OBJECT_MAP))
                .tags(MAPPER.convertValue(required(n, "tags"), STRING_MAP))
                .owner(text(n, "owner")).createdAt(instant(n, "createdAt")).updatedAt(instant(n, "updatedAt"))
                .build();
    }

    // ---------------------------------------------------------------- versions

    static ObjectNode version(ModelVersion v) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("model", v.model().value());
        n.put("version", v.version().toString());
        n.put("state", v.state().name());
        n.put("description", v.description());
        ObjectNode a = n.putObject("artifacts");
        a.put("root", v.artifacts().root().hex());
        a.put("fileCount", v.artifacts().fileCount());
        a.put("totalBytes", v.artifacts().totalBytes());
        n.set("metrics", MAPPER.valueToTree(v.metrics()));
        n.set("params", MAPPER.valueToTree(v.params()));
        n.set("tags", MAPPER.valueToTree(v.tags()));
        ObjectNode l = n.putObject("lineage");
        putNullable(l, "parent", v.lineage().parent() == null ? null : v.lineage().parent().toString());
        ArrayNode deps = l.putArray("dependsOn");
        v.lineage().dependsOn().forEach(d -> deps.add(d.toString()));
        putNullable(l, "runId", v.lineage().runId());
        putNullable(l, "dataset", v.lineage().dataset());
        n.put("createdBy", v.createdBy());
        n.put("createdAt", v.createdAt().toString());
        n.put("updatedAt", v.updatedAt().toString());
        return n;
    }

    static ModelVersion version(JsonNode n) {
        JsonNode a = required(n, "artifacts");
        JsonNode l = required(n, "lineage");
        List<VersionRef> deps = new ArrayList<>();
        for (JsonNode d : required(l, "dependsOn")) {
            deps.add(VersionRef.parse(d.asText()));
        }
        String parent = nullableText(l, "parent");
        return ModelVersion.builder(ModelName.of(text(n, "model")), SemanticVersion.parse(text(n, "version")))
                .state(new LifecycleState(text(n, "state"))).description(text(n, "description"))
                .artifacts(new ArtifactSummary(Sha256.parse(text(a, "root")), required(a, "fileCount").asInt(),
                        required(a, "totalBytes").asLong()))
                .metrics(MAPPER.convertValue(required(n, "metrics"), DOUBLE_MAP))
                .params(MAPPER.convertValue(required(n, "params"), STRING_MAP))
                .tags(MAPPER.convertValue(required(n, "tags"), STRING_MAP))
                .lineage(new Lineage(parent == null ? null : SemanticVersion.parse(parent), deps,
                        nullableText(l, "runId"), nullableText(l, "dataset")))
                .createdBy(text(n, "createdBy")).createdAt(instant(n, "createdAt"))
                .updatedAt(instant(n, "updatedAt")).build();
    }

    static ObjectNode stateChange(StateChange c) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("from", c.from().name());
        n.put("to", c.to().name());
        n.put("actor", c.actor());
        n.put("at", c.at().toString());
        n.put("reason", c.reason());
        return n;
    }

    static StateChange stateChange(VersionRef ref, JsonNode n) {
        return new StateChange(ref, new LifecycleState(text(n, "from")), new LifecycleState(text(n, "to")),
                text(n, "actor"), instant(n, "at"), text(n, "reason"));
    }

    // ---------------------------------------------------------------- pointers

    static ObjectNode pointer(EnvironmentPointer p) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("environment", p.environment().value());
        n.put("version", p.version().toString());
        n.put("movedBy", p.movedBy());
        n.put("movedAt", p.movedAt().toString());
        return n;
    }

    static EnvironmentPointer pointer(ModelName model, JsonNode n) {
        return new EnvironmentPointer(model, new EnvironmentName(text(n, "environment")),
                SemanticVersion.parse(text(n, "version")), text(n, "movedBy"), instant(n, "movedAt"));
    }

    static ObjectNode move(PointerMove m) {
        ObjectNode n = MAPPER.createObjectNode();
        putNullable(n, "from", m.from() == null ? null : m.from().toString());
        putNullable(n, "to", m.to() == null ? null : m.to().toString());
        n.put("kind", m.kind().name());
        n.put("actor", m.actor());
        n.put("at", m.at().toString());
        n.put("reason", m.reason());
        return n;
    }

    static PointerMove move(ModelName model, EnvironmentName env, JsonNode n) {
        String from = nullableText(n, "from");
        String to = nullableText(n, "to");
        return new PointerMove(model, env, from == null ? null : SemanticVersion.parse(from),
                to == null ? null : SemanticVersion.parse(to), PointerMove.Kind.valueOf(text(n, "kind")),
                text(n, "actor"), instant(n, "at"), text(n, "reason"));
    }

    // ---------------------------------------------------------------- access

    static ObjectNode role(Role r) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("name", r.name());
        ArrayNode p = n.putArray("permissions");
        r.permissions().forEach(x -> p.add(x.name()));
        return n;
    }

    static Role role(JsonNode n) {
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        for (JsonNode p : required(n, "permissions")) {
            permissions.add(Permission.valueOf(p.asText()));
        }
        return new Role(text(n, "name"), permissions);
    }

    static ObjectNode grant(Grant g) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", g.id());
        n.put("principal", g.principal().toString());
        n.set("role", role(g.role()));
        n.put("scope", g.scope().toString());
        n.put("grantedBy", g.grantedBy().toString());
        n.put("grantedAt", g.grantedAt().toString());
        putNullable(n, "expiresAt", g.expiresAt() == null ? null : g.expiresAt().toString());
        putNullable(n, "delegatedFrom", g.delegatedFrom());
        return n;
    }

    static Grant grant(JsonNode n) {
        String expires = nullableText(n, "expiresAt");
        return new Grant(text(n, "id"), Principal.parse(text(n, "principal")), role(required(n, "role")),
                Scope.parse(text(n, "scope")), Principal.parse(text(n, "grantedBy")), instant(n, "grantedAt"),
                expires == null ? null : Instant.parse(expires), nullableText(n, "delegatedFrom"));
    }

    // ---------------------------------------------------------------- audit

    static ObjectNode auditRecord(AuditRecord r) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("sequence", r.sequence());
        n.put("previousHash", r.previousHash());
        n.put("hash", r.hash());
        AuditEvent e = r.event();
        ObjectNode ev = n.putObject("event");
        ev.put("timestamp", e.timestamp().toString());
        ev.put("principal", e.principal().toString());
        ev.put("action", e.action());
        ev.put("target", e.target());
        putNullable(ev, "model", e.model());
        putNullable(ev, "version", e.version());
        ev.put("outcome", e.outcome().name());
        ev.put("reason", e.reason());
        ev.set("details", MAPPER.valueToTree(e.details()));
        ev.put("requestId", e.requestId());
        return n;
    }

    static AuditRecord auditRecord(JsonNode n) {
        JsonNode e = required(n, "event");
        AuditEvent event = new AuditEvent(instant(e, "timestamp"), Principal.parse(text(e, "principal")),
                text(e, "action"), text(e, "target"), nullableText(e, "model"), nullableText(e, "version"),
                AuditOutcome.valueOf(text(e, "outcome")), text(e, "reason"),
                MAPPER.convertValue(required(e, "details"), STRING_MAP), text(e, "requestId"));
        return new AuditRecord(required(n, "sequence").asLong(), event, text(n, "previousHash"), text(n, "hash"));
    }

    // ---------------------------------------------------------------- helpers

    static JsonNode required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return v;
    }

    static String text(JsonNode n, String field) {
        JsonNode v = required(n, field);
        if (!v.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' is not a string");
        }
        return v.asText();
    }

    static @Nullable String nullableText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static Instant instant(JsonNode n, String field) {
        return Instant.parse(text(n, field));
    }

    private static void putNullable(ObjectNode n, String field, @Nullable String value) {
        if (value == null) {
            n.putNull(field);
        } else {
            n.put(field, value);
        }
    }

    static Map<String, Object> orderedCopy(Map<String, Object> m) {
        return new LinkedHashMap<>(m);
    }
}
