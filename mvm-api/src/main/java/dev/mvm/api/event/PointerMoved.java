package dev.mvm.api.event;

import dev.mvm.api.lifecycle.PointerMove;
import dev.mvm.api.model.ModelName;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An environment pointer was set or removed by a publish or an unpublish.
 *
 * @param id the unique event id
 * @param at when it happened
 * @param actor who did it
 * @param move the recorded move: environment, from, to, kind, reason
 * @since 0.1
 */
public record PointerMoved(UUID id, Instant at, String actor, PointerMove move) implements RegistryEvent {
    /** Checks that no component is null. */
    public PointerMoved {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(move, "move");
    }

    @Override
    public ModelName model() {
        return move.model();
    }

    @Override
    public String target() {
        return move.model() + "#" + move.environment();
    }

    @Override
    public String type() {
        return "pointer.moved";
    }
}
