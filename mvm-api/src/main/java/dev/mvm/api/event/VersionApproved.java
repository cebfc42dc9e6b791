package dev.mvm.api.event;

import dev.mvm.api.lifecycle.StateChange;
import dev.mvm.api.model.ModelName;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Someone approved a version; the approval is kept in its state history (a change from its state to itself by the approver).
 *
 * @param id the unique event id
 * @param at when it happened
 * @param actor who did it
 * @param approval the recorded approval; {@code approval.actor()} is the approver
 * @since 0.1
 */
public record VersionApproved(UUID id, Instant at, String actor, StateChange approval) implements RegistryEvent {
    /** Checks that no component is null. */
    public VersionApproved {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(approval, "approval");
    }

    @Override
    public ModelName model() {
        return approval.version().model();
    }

    @Override
    public String target() {
        return approval.version().toString();
    }

    @Override
    public String type() {
        return "version.approved";
    }
}
