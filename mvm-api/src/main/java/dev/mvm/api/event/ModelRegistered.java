package dev.mvm.api.event;

import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A model was registered.
 *
 * @param id the unique event id
 * @param at when it happened
 * @param actor who did it
 * @param registered the model as stored
 * @since 0.1
 */
public record ModelRegistered(UUID id, Instant at, String actor, Model registered) implements RegistryEvent {
    /** Checks that no component is null. */
    public ModelRegistered {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(registered, "registered");
    }

    @Override
    public ModelName model() {
        return registered.name();
    }

    @Override
    public String target() {
        return registered.name().value();
    }

    @Override
    public String type() {
        return "model.registered";
    }
}
