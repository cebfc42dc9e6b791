package dev.mvm.api.event;

import dev.mvm.api.model.ModelName;
import java.time.Instant;
import java.util.UUID;

/**
 * Something that changed in a registry. Every mutation emits exactly one event of a specific type; the
 * types form a closed hierarchy, so a listener can switch over them exhaustively.
 *
 * <p>Events are immutable values. {@link #id()} is unique per event (receivers use it to drop duplicate
 * deliveries); {@link #type()} is a stable dotted name such as {@code version.state_changed}, used on the
 * wire by notifiers.
 *
 * @since 0.1
 */
public sealed interface RegistryEvent permits ModelRegistered, ModelUpdated, ModelDeleted, VersionCreated,
        VersionUpdated, VersionDeleted, StateChanged, VersionApproved, PointerMoved, RolledBack {

    /** @return a unique id of this event */
    UUID id();

    /** @return when the change happened */
    Instant at();

    /** @return who made the change, e.g. {@code user:alice} */
    String actor();

    /** @return the model the change concerns */
    ModelName model();

    /**
     * @return what changed, in words: {@code fraud}, {@code fraud@1.2.0} or {@code fraud#production}
     */
    String target();

    /** @return the stable type name, e.g. {@code model.registered} or {@code pointer.moved} */
    String type();
}
