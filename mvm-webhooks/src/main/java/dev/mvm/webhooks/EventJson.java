package dev.mvm.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mvm.api.event.ModelDeleted;
import dev.mvm.api.event.ModelRegistered;
import dev.mvm.api.event.ModelUpdated;
import dev.mvm.api.event.PointerMoved;
import dev.mvm.api.event.RegistryEvent;
import dev.mvm.api.event.RolledBack;
import dev.mvm.api.event.StateChanged;
import dev.mvm.api.event.VersionApproved;
import dev.mvm.api.event.VersionCreated;
import dev.mvm.api.event.VersionDeleted;
import dev.mvm.api.event.VersionUpdated;
import dev.mvm.api.lifecycle.PointerMove;
import dev.mvm.api.lifecycle.StateChange;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelVersion;
import org.jspecify.annotations.Nullable;

/**
 * The wire format of an event: a stable JSON object written field by field, so it does not change when a
 * Java class gains a method.
 *
 * <pre>
 * {"id": "…uuid…", "type": "pointer.moved", "at": "2026-01-01T00:00:00Z", "actor": "user:alice",
 *  "model": "fraud", "target": "fraud#production",
 *  "data": {"environment": "production", "from": "1.0.0", "to": "1.1.0", "kind": "PUBLISH", "reason": ""}}
 * </pre>
 */
final class EventJson {
    private final ObjectMapper mapper;

    EventJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    byte[] write(RegistryEvent event) {
        ObjectNode root = mapper.createObjectNode();
        root.put("id", event.id().toString());
        root.put("type", event.type());
        root.put("at", event.at().toString());
        root.put("actor", event.actor());
        root.put("model", event.model().value());
        root.put("target", event.target());
        ObjectNode data = root.putObject("data");
        if (event instanceof ModelRegistered e) {
            model(data, e.registered());
        } else if (event instanceof ModelUpdated e) {
            model(data, e.updated());
        } else if (event instanceof ModelDeleted) {
            data.put("name", event.model().value());
        } else if (event instanceof VersionCreated e) {
            version(data, e.created());
        } else if (event instanceof VersionUpdated e) {
            version(data, e.updated());
        } else if (event instanceof VersionDeleted e) {
            data.put("version", e.deleted().version().toString());
        } else if (event instanceof StateChanged e) {
            change(data, e.change());
        } else if (event instanceof VersionApproved e) {
            change(data, e.approval());
        } else if (event instanceof PointerMoved e) {
            move(data, e.move());
        } else if (event instanceof RolledBack e) {
            move(data, e.move());
        }
        try {
            return mapper.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + event.type() + " " + event.id() + " as JSON", e);
        }
    }

    private void model(ObjectNode data, Model m) {
        data.put("name", m.name().value());
        data.put("description", m.description());
        data.put("framework", m.framework());
        data.put("task", m.task());
        data.set("tags", mapper.valueToTree(m.tags()));
        data.put("owner", m.owner());
        data.put("revision", m.revision());
    }

    private void version(ObjectNode data, ModelVersion v) {
        data.put("version", v.version().toString());
        data.put("state", v.state().name());
        data.put("description", v.description());
        data.set("metrics", mapper.valueToTree(v.metrics()));
        data.set("params", mapper.valueToTree(v.params()));
        data.set("tags", mapper.valueToTree(v.tags()));
        data.put("files", v.artifacts().fileCount());
        data.put("bytes", v.artifacts().totalBytes());
        data.put("revision", v.revision());
    }

    private static void change(ObjectNode data, StateChange c) {
        data.put("version", c.version().version().toString());
        data.put("from", c.from().name());
        data.put("to", c.to().name());
        data.put("reason", c.reason());
    }

    private static void move(ObjectNode data, PointerMove m) {
        data.put("environment", m.environment().value());
        putNullable(data, "from", m.from());
        putNullable(data, "to", m.to());
        data.put("kind", m.kind().name());
        data.put("reason", m.reason());
    }

    private static void putNullable(ObjectNode data, String field, @Nullable Object value) {
        if (value == null) {
            data.putNull(field);
        } else {
            data.put(field, value.toString());
        }
    }
}
