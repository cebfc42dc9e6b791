package dev.mvm.retention;

import dev.mvm.api.model.Limits;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Which versions a registry keeps, and what happens to the others. Immutable; built with {@link #builder()}.
 *
 * <p>A version is kept when any of these holds, otherwise it is archived or deleted ({@link #action()}):
 * <ul>
 *   <li>it is one of the last {@link #keepLast()} versions of its model by semantic-version precedence;
 *   <li>it is in {@code PRODUCTION}, or its state history shows it left {@code PRODUCTION} within
 *       {@link #keepProductionWithin()} (when set);
 *   <li>an environment pointer points to it (always);
 *   <li>a kept version's lineage names it as parent or dependency (always, transitively).
 * </ul>
 *
 * <pre>{@code
 * RetentionPolicy policy = RetentionPolicy.builder()
 *         .keepLast(5)
 *         .keepProductionWithin(Duration.ofDays(90))
 *         .action(RetentionAction.ARCHIVE)
 *         .build();
 * }</pre>
 *
 * @since 0.1
 */
public final class RetentionPolicy {
    /** The reason recorded on archived or deleted versions unless another is configured. */
    public static final String DEFAULT_REASON = "retention policy";

    private final int keepLast;
    private final @Nullable Duration keepProductionWithin;
    private final RetentionAction action;
    private final String reason;

    private RetentionPolicy(Builder b) {
        this.keepLast = b.keepLast;
        this.keepProductionWithin = b.keepProductionWithin;
        this.action = b.action;
        this.reason = b.reason;
    }

    /** @return a builder; {@link Builder#keepLast(int)} is required, the action defaults to ARCHIVE */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this policy's values */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.keepLast = keepLast;
        b.keepProductionWithin = keepProductionWithin;
        b.action = action;
        b.reason = reason;
        return b;
    }

    /** @return how many of each model's latest versions are kept */
    public int keepLast() {
        return keepLast;
    }

    /** @return how long after leaving {@code PRODUCTION} a version is still kept, if set */
    public Optional<Duration> keepProductionWithin() {
        return Optional.ofNullable(keepProductionWithin);
    }

    /** @return what happens to versions not kept */
    public RetentionAction action() {
        return action;
    }

    /** @return the reason recorded on each state change or deletion */
    public String reason() {
        return reason;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RetentionPolicy p && keepLast == p.keepLast
                && Objects.equals(keepProductionWithin, p.keepProductionWithin) && action == p.action
                && reason.equals(p.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keepLast, keepProductionWithin, action, reason);
    }

    @Override
    public String toString() {
        return "RetentionPolicy[keepLast=" + keepLast
                + (keepProductionWithin == null ? "" : ", keepProductionWithin=" + keepProductionWithin)
                + ", action=" + action + "]";
    }

    /**
     * Builds a {@link RetentionPolicy}.
     *
     * @since 0.1
     */
    public static final class Builder {
        private int keepLast = -1;
        private @Nullable Duration keepProductionWithin;
        private RetentionAction action = RetentionAction.ARCHIVE;
        private String reason = DEFAULT_REASON;

        private Builder() {
        }

        /**
         * @param versions how many of each model's latest versions to keep; at least 0
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder keepLast(int versions) {
            if (versions < 0) {
                throw new IllegalArgumentException("keepLast must be at least 0, not " + versions);
            }
            this.keepLast = versions;
            return this;
        }

        /**
         * Keeps every version that is in {@code PRODUCTION} or left it less than {@code period} ago.
         *
         * @param period a positive duration, e.g. 90 days
         * @return this
         * @throws IllegalArgumentException if not positive
         */
        public Builder keepProductionWithin(Duration period) {
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("keepProductionWithin must be positive, not " + period);
            }
            this.keepProductionWithin = period;
            return this;
        }

        /**
         * @param action what to do with versions not kept; default {@link RetentionAction#ARCHIVE}
         * @return this
         */
        public Builder action(RetentionAction action) {
            this.action = Objects.requireNonNull(action, "action");
            return this;
        }

        /**
         * @param reason recorded with each archive or deletion; default {@value #DEFAULT_REASON}
         * @return this
         * @throws IllegalArgumentException if it is too long or contains control characters
         */
        public Builder reason(String reason) {
            try {
                this.reason = Limits.text("reason", reason, Limits.MAX_DESCRIPTION_LENGTH);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            return this;
        }

        /**
         * @return the policy
         * @throws IllegalStateException if {@link #keepLast(int)} was not set
         */
        public RetentionPolicy build() {
            if (keepLast < 0) {
                throw new IllegalStateException("A retention policy needs keepLast(n): how many of each model's"
                        + " latest versions to keep (0 keeps only what pointers, production and lineage protect)");
            }
            return new RetentionPolicy(this);
        }
    }
}
