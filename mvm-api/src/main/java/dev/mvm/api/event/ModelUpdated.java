package dev.mvm.api.event;

import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A model's description, framework, task, metadata or tags changed.
 *
 * @param id the unique event id
 * @param at when it happened
 * @param actor who did it
 * @param updated the model after the change
 * @since 0.1
 */
public record ModelUpdated(UUID id, Instant at, String actor, Model updated) implements RegistryEvent {
    /** Checks that no component is null. */
    public ModelUpdated {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(updated, "updated");
    }

    @Override
    public ModelName model() {
        return updated.name();
    }

    @Override
    public String target() {
        return updated.name().value();
    }

    @Override
    public String type() {
        return "model.updated";
    }
}
