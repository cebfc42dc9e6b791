package dev.mvm.api.event;

import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A version was registered.
 *
 * @param id the unique event id
 * @param at when it happened
 * @param actor who did it
 * @param created the version as stored
 * @since 0.1
 */
public record VersionCreated(UUID id, Instant at, String actor, ModelVersion created) implements RegistryEvent {
    /** Checks that no component is null. */
    public VersionCreated {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(created, "created");
    }

    @Override
    public ModelName model() {
        return created.model();
    }

    @Override
    public String target() {
        return created.ref().toString();
    }

    @Override
    public String type() {
        return "version.created";
    }
}
