package dev.mvm.api.lifecycle;

import dev.mvm.api.model.Limits;
import dev.mvm.api.model.VersionRef;
import java.time.Instant;

/**
 * One recorded lifecycle transition of a version.
 *
 * @param version the version that moved
 * @param from the state before
 * @param to the state after
 * @param actor who moved it, e.g. {@code user:alice}
 * @param at when
 * @param reason why, possibly empty
 * @since 0.1
 */
public record StateChange(VersionRef version, LifecycleState from, LifecycleState to, String actor, Instant at,
        String reason) {
    /** Validates the free texts. */
    public StateChange {
        Limits.shortText("actor", actor);
        Limits.text("reason", reason, Limits.MAX_DESCRIPTION_LENGTH);
    }
}
