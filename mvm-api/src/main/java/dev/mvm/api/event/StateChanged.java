package dev.mvm.api.event;

import dev.mvm.api.lifecycle.StateChange;
import dev.mvm.api.model.ModelName;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A version moved to another lifecycle state.
 *
 * @param id the unique event id
 * @param at when it happened
 * @param actor who did it
 * @param change the recorded change: version, from, to, reason
 * @since 0.1
 */
public record StateChanged(UUID id, Instant at, String actor, StateChange change) implements RegistryEvent {
    /** Checks that no component is null. */
    public StateChanged {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(change, "change");
    }

    @Override
    public ModelName model() {
        return change.version().model();
    }

    @Override
    public String target() {
        return change.version().toString();
    }

    @Override
    public String type() {
        return "version.state_changed";
    }
}
