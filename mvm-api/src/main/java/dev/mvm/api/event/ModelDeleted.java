package dev.mvm.api.event;

import dev.mvm.api.model.ModelName;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A model was deleted with all its versions.
 *
 * @param id the unique event id
 * @param at when it happened
 * @param actor who did it
 * @param deleted the deleted model's name
 * @since 0.1
 */
public record ModelDeleted(UUID id, Instant at, String actor, ModelName deleted) implements RegistryEvent {
    /** Checks that no component is null. */
    public ModelDeleted {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(deleted, "deleted");
    }

    @Override
    public ModelName model() {
        return deleted;
    }

    @Override
    public String target() {
        return deleted.value();
    }

    @Override
    public String type() {
        return "model.deleted";
    }
}
