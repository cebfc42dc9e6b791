package dev.mvm.api.lifecycle;

import dev.mvm.api.error.ValidationException;
import dev.mvm.api.model.Limits;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.SemanticVersion;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One move of an environment pointer, as requested and as kept in the pointer history. As a request it is
 * conditional: it applies only if the pointer still points to {@link #from()} (absent when {@code null}).
 *
 * @param model the model
 * @param environment the environment
 * @param from the version the pointer pointed to before, {@code null} if it was unset
 * @param to the version it points to after, {@code null} if the move removes it
 * @param kind why it moved
 * @param actor who moved it
 * @param at when
 * @param reason why, in words, possibly empty
 * @since 0.1
 */
public record PointerMove(ModelName model, EnvironmentName environment, @Nullable SemanticVersion from,
        @Nullable SemanticVersion to, Kind kind, String actor, Instant at, String reason) {

    /** What kind of move. */
    public enum Kind {
        /** A version was published to the environment. */
        PUBLISH,
        /** The environment was moved back to an earlier version. */
        ROLLBACK,
        /** The pointer was removed. */
        UNPUBLISH
    }

    /** Validates the combination and the free texts. */
    public PointerMove {
        Limits.shortText("actor", actor);
        Limits.text("reason", reason, Limits.MAX_DESCRIPTION_LENGTH);
        if ((to == null) != (kind == Kind.UNPUBLISH)) {
            throw new ValidationException("to", "A pointer move has no target exactly when it is an UNPUBLISH");
        }
    }

    /** @return the version before, if the pointer was set */
    public Optional<SemanticVersion> previous() {
        return Optional.ofNullable(from);
    }

    /** @return the version after, unless the move removed the pointer */
    public Optional<SemanticVersion> target() {
        return Optional.ofNullable(to);
    }
}
