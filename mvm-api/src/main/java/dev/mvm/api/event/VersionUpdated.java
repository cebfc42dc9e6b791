package dev.mvm.api.event;

import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A version's description, metrics, parameters or tags changed.
 *
 * @param id the unique event id
 * @param at when it happened
 * @param actor who did it
 * @param updated the version after the change
 * @since 0.1
 */
public record VersionUpdated(UUID id, Instant at, String actor, ModelVersion updated) implements RegistryEvent {
    /** Checks that no component is null. */
    public VersionUpdated {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(updated, "updated");
    }

    @Override
    public ModelName model() {
        return updated.model();
    }

    @Override
    public String target() {
        return updated.ref().toString();
    }

    @Override
    public String type() {
        return "version.updated";
    }
}
