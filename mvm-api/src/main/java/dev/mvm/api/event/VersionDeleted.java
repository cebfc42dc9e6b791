package dev.mvm.api.event;

import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.VersionRef;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A version was deleted.
 *
 * @param id the unique event id
 * @param at when it happened
 * @param actor who did it
 * @param deleted the deleted version
 * @since 0.1
 */
public record VersionDeleted(UUID id, Instant at, String actor, VersionRef deleted) implements RegistryEvent {
    /** Checks that no component is null. */
    public VersionDeleted {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(deleted, "deleted");
    }

    @Override
    public ModelName model() {
        return deleted.model();
    }

    @Override
    public String target() {
        return deleted.toString();
    }

    @Override
    public String type() {
        return "version.deleted";
    }
}
