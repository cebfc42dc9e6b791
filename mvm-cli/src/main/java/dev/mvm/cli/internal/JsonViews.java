package dev.mvm.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mvm.api.access.Grant;
import dev.mvm.api.artifact.ArtifactManifest;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.audit.AuditRecord;
import dev.mvm.api.lifecycle.EnvironmentPointer;
import dev.mvm.api.lifecycle.PointerMove;
import dev.mvm.api.lifecycle.StateChange;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.VersionRef;
import dev.mvm.api.query.SearchHit;
import dev.mvm.api.query.SearchResult;
import dev.mvm.api.spi.StoredBlob;
import dev.mvm.gc.GarbageCollectionReport;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The JSON forms of the domain values that {@code --json} prints. Field names are stable: scripts read them.
 */
public final class JsonViews {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonViews() {
    }

    /** @return an empty object */
    public static ObjectNode object() {
        return NODES.objectNode();
    }

    /**
     * @param items values
     * @param view the JSON form of one
     * @param <T> their type
     * @return an array of their JSON forms
     */
    public static <T> ArrayNode array(Collection<? extends T> items, Function<? super T, ? extends JsonNode> view) {
        ArrayNode a = NODES.arrayNode();
        items.forEach(i -> a.add(view.apply(i)));
        return a;
    }

    /** @param m a model @return its JSON form */
    public static ObjectNode model(Model m) {
        ObjectNode o = object();
        o.put("name", m.name().value());
        o.put("id", m.id());
        o.put("description", m.description());
        o.put("framework", m.framework());
        o.put("task", m.task());
        o.set("metadata", Output.mapper().valueToTree(m.metadata()));
        o.set("tags", strings(m.tags()));
        o.put("owner", m.owner());
        o.put("createdAt", m.createdAt().toString());
        o.put("updatedAt", m.updatedAt().toString());
        o.put("revision", m.revision());
        return o;
    }

    /** @param v a version @return its JSON form */
    public static ObjectNode version(ModelVersion v) {
        ObjectNode o = object();
        o.put("model", v.model().value());
        o.put("version", v.version().toString());
        o.put("ref", v.ref().toString());
        o.put("state", v.state().name());
        o.put("description", v.description());
        ObjectNode files = o.putObject("artifacts");
        files.put("root", v.artifacts().root().hex());
        files.put("fileCount", v.artifacts().fileCount());
        files.put("totalBytes", v.artifacts().totalBytes());
        ObjectNode metrics = o.putObject("metrics");
        v.metrics().forEach(metrics::put);
        o.set("params", strings(v.params()));
        o.set("tags", strings(v.tags()));
        ObjectNode lineage = o.putObject("lineage");
        putNullable(lineage, "parent", v.lineage().parent());
        ArrayNode deps = lineage.putArray("dependsOn");
        v.lineage().dependsOn().forEach(d -> deps.add(d.toString()));
        putNullable(lineage, "runId", v.lineage().runId());
        putNullable(lineage, "dataset", v.lineage().dataset());
        o.put("createdBy", v.createdBy());
        o.put("createdAt", v.createdAt().toString());
        o.put("updatedAt", v.updatedAt().toString());
        o.put("revision", v.revision());
        return o;
    }

    /** @param m a manifest @return its JSON form: root, total bytes and every file */
    public static ObjectNode manifest(ArtifactManifest m) {
        ObjectNode o = object();
        o.put("root", m.root().hex());
        o.put("totalBytes", m.totalBytes());
        o.set("files", array(m.files(), JsonViews::file));
        return o;
    }

    /** @param e a file of a manifest @return its JSON form */
    public static ObjectNode file(ManifestEntry e) {
        ObjectNode o = object();
        o.put("path", e.path().value());
        o.put("size", e.size());
        o.put("sha256", e.sha256().hex());
        return o;
    }

    /** @param p an environment pointer @return its JSON form */
    public static ObjectNode pointer(EnvironmentPointer p) {
        ObjectNode o = object();
        o.put("environment", p.environment().value());
        o.put("version", p.version().toString());
        o.put("movedBy", p.movedBy());
        o.put("movedAt", p.movedAt().toString());
        return o;
    }

    /** @param m a pointer move @return its JSON form */
    public static ObjectNode move(PointerMove m) {
        ObjectNode o = object();
        o.put("model", m.model().value());
        o.put("environment", m.environment().value());
        putNullable(o, "from", m.from());
        putNullable(o, "to", m.to());
        o.put("kind", m.kind().name());
        o.put("actor", m.actor());
        o.put("at", m.at().toString());
        o.put("reason", m.reason());
        return o;
    }

    /** @param c a state change @return its JSON form */
    public static ObjectNode stateChange(StateChange c) {
        ObjectNode o = object();
        o.put("ref", c.version().toString());
        o.put("from", c.from().name());
        o.put("to", c.to().name());
        o.put("actor", c.actor());
        o.put("at", c.at().toString());
        o.put("reason", c.reason());
        return o;
    }

    /** @param g a grant @return its JSON form */
    public static ObjectNode grant(Grant g) {
        ObjectNode o = object();
        o.put("id", g.id());
        o.put("principal", g.principal().toString());
        o.put("role", g.role().name());
        ArrayNode permissions = o.putArray("permissions");
        g.role().permissions().stream().map(Enum::name).sorted().forEach(permissions::add);
        o.put("scope", g.scope().toString());
        o.put("grantedBy", g.grantedBy().toString());
        o.put("grantedAt", g.grantedAt().toString());
        putNullable(o, "expiresAt", g.expiresAt());
        putNullable(o, "delegatedFrom", g.delegatedFrom());
        return o;
    }

    /** @param r an audit record @return its JSON form */
    public static ObjectNode audit(AuditRecord r) {
        ObjectNode o = object();
        o.put("sequence", r.sequence());
        o.put("timestamp", r.event().timestamp().toString());
        o.put("principal", r.event().principal().toString());
        o.put("action", r.event().action());
        o.put("target", r.event().target());
        putNullable(o, "model", r.event().model());
        putNullable(o, "version", r.event().version());
        o.put("outcome", r.event().outcome().name());
        o.put("reason", r.event().reason());
        o.set("details", strings(r.event().details()));
        o.put("requestId", r.event().requestId());
        o.put("hash", r.hash());
        return o;
    }

    /** @param r a search result @return its JSON form */
    public static ObjectNode search(SearchResult r) {
        ObjectNode o = object();
        o.put("total", r.total());
        o.put("offset", r.offset());
        o.put("pageSize", r.pageSize());
        putNullable(o, "nextCursor", r.nextCursor());
        o.set("hits", array(r.hits(), JsonViews::hit));
        return o;
    }

    private static ObjectNode hit(SearchHit h) {
        ObjectNode o = object();
        o.set("model", model(h.model()));
        o.set("version", h.version() == null ? NODES.nullNode() : version(h.version()));
        putNullable(o, "latest", h.latest() == null ? null : h.latest().version());
        putNullable(o, "production", h.production() == null ? null : h.production().version());
        o.put("relevance", h.relevance());
        return o;
    }

    /** @param r a garbage collection report @return its JSON form */
    public static ObjectNode gc(GarbageCollectionReport r) {
        ObjectNode o = object();
        o.put("dryRun", r.dryRun());
        o.put("startedAt", r.startedAt().toString());
        o.put("boundary", r.boundary().toString());
        o.put("manifestsRead", r.manifestsRead());
        o.put("blobsScanned", r.blobsScanned());
        o.put("referenced", r.referenced());
        o.put("sparedAsRecent", r.sparedAsRecent());
        o.put("bytesFreed", r.bytesFreed());
        o.set("collected", array(r.collected(), JsonViews::blob));
        return o;
    }

    private static ObjectNode blob(StoredBlob b) {
        ObjectNode o = object();
        o.put("sha256", b.sha256().hex());
        o.put("size", b.size());
        o.put("modifiedAt", b.modifiedAt().toString());
        return o;
    }

    /** @param ref a version reference @return its text as a JSON string */
    public static JsonNode ref(VersionRef ref) {
        return NODES.textNode(ref.toString());
    }

    private static ObjectNode strings(Map<String, String> map) {
        ObjectNode o = object();
        map.forEach(o::put);
        return o;
    }

    private static void putNullable(ObjectNode o, String field, @Nullable Object value) {
        if (value == null) {
            o.putNull(field);
        } else {
            o.put(field, value.toString());
        }
    }
}
