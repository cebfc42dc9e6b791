package dev.mvm.api.audit;

import dev.mvm.api.access.Principal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Which audit records to return: filters combined with AND, an order, a cursor and a page size.
 *
 * <p>Paging is by sequence number: pass the last record of a page to {@link #next(AuditRecord)} to get the
 * query for the following page. Pages stay stable while the log grows.
 *
 * <pre>{@code
 * AuditQuery q = AuditQuery.builder().model("fraud").outcome(AuditOutcome.DENIED).limit(50).build();
 * List<AuditRecord> page = log.query(q);
 * while (page.size() == q.limit()) {
 *     q = q.next(page.get(page.size() - 1));
 *     page = log.query(q);
 * }
 * }</pre>
 *
 * @since 0.1
 */
public final class AuditQuery {
    /** The largest page size. */
    public static final int MAX_LIMIT = 10_000;
    /** The page size when none is set. */
    public static final int DEFAULT_LIMIT = 100;

    private final @Nullable String model;
    private final @Nullable String version;
    private final @Nullable Principal principal;
    private final @Nullable String action;
    private final @Nullable AuditOutcome outcome;
    private final @Nullable Instant from;
    private final @Nullable Instant to;
    private final long cursor;
    private final boolean newestFirst;
    private final int limit;

    private AuditQuery(Builder b) {
        this.model = b.model;
        this.version = b.version;
        this.principal = b.principal;
        this.action = b.action;
        this.outcome = b.outcome;
        this.from = b.from;
        this.to = b.to;
        this.cursor = b.cursor;
        this.newestFirst = b.newestFirst;
        this.limit = b.limit;
    }

    /** @return a query for the first {@value #DEFAULT_LIMIT} records, oldest first */
    public static AuditQuery all() {
        return builder().build();
    }

    /** @return a builder without filters */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this query's settings */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.model = model;
        b.version = version;
        b.principal = principal;
        b.action = action;
        b.outcome = outcome;
        b.from = from;
        b.to = to;
        b.cursor = cursor;
        b.newestFirst = newestFirst;
        b.limit = limit;
        return b;
    }

    /**
     * @param last the last record of the current page
     * @return the query for the page after it
     */
    public AuditQuery next(AuditRecord last) {
        return toBuilder().after(last.sequence()).build();
    }

    /** @return the model filter (exact model name) */
    public Optional<String> model() {
        return Optional.ofNullable(model);
    }

    /** @return the version filter (exact version text) */
    public Optional<String> version() {
        return Optional.ofNullable(version);
    }

    /** @return the principal filter */
    public Optional<Principal> principal() {
        return Optional.ofNullable(principal);
    }

    /** @return the action filter (exact action name) */
    public Optional<String> action() {
        return Optional.ofNullable(action);
    }

    /** @return the outcome filter */
    public Optional<AuditOutcome> outcome() {
        return Optional.ofNullable(outcome);
    }

    /** @return the earliest timestamp included */
    public Optional<Instant> from() {
        return Optional.ofNullable(from);
    }

    /** @return the timestamp before which records are included (exclusive) */
    public Optional<Instant> to() {
        return Optional.ofNullable(to);
    }

    /**
     * @return the cursor: records strictly after this sequence number in the query's order; 0 when the query
     *     starts at the beginning (or, newest first, at the end)
     */
    public long cursor() {
        return cursor;
    }

    /** @return whether records come newest (highest sequence) first */
    public boolean newestFirst() {
        return newestFirst;
    }

    /** @return the most records one call returns */
    public int limit() {
        return limit;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuditQuery q && Objects.equals(model, q.model) && Objects.equals(version, q.version)
                && Objects.equals(principal, q.principal) && Objects.equals(action, q.action) && outcome == q.outcome
                && Objects.equals(from, q.from) && Objects.equals(to, q.to) && cursor == q.cursor
                && newestFirst == q.newestFirst && limit == q.limit;
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, version, principal, action, outcome, from, to, cursor, newestFirst, limit);
    }

    @Override
    public String toString() {
        return "AuditQuery[model=" + model + ", version=" + version + ", principal=" + principal + ", action="
                + action + ", outcome=" + outcome + ", from=" + from + ", to=" + to + ", cursor=" + cursor
                + ", newestFirst=" + newestFirst + ", limit=" + limit + "]";
    }

    /**
     * Builds an {@link AuditQuery}.
     *
     * @since 0.1
     */
    public static final class Builder {
        private @Nullable String model;
        private @Nullable String version;
        private @Nullable Principal principal;
        private @Nullable String action;
        private @Nullable AuditOutcome outcome;
        private @Nullable Instant from;
        private @Nullable Instant to;
        private long cursor;
        private boolean newestFirst;
        private int limit = DEFAULT_LIMIT;

        private Builder() {
        }

        /**
         * @param model only records about this model (exact name)
         * @return this
         */
        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /**
         * @param version only records about this version text, usually combined with {@link #model}
         * @return this
         */
        public Builder version(String version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /**
         * @param principal only records of this principal
         * @return this
         */
        public Builder principal(Principal principal) {
            this.principal = Objects.requireNonNull(principal, "principal");
            return this;
        }

        /**
         * @param action only records of this action, e.g. {@code version.register}
         * @return this
         */
        public Builder action(String action) {
            this.action = Objects.requireNonNull(action, "action");
            return this;
        }

        /**
         * @param outcome only records with this outcome
         * @return this
         */
        public Builder outcome(AuditOutcome outcome) {
            this.outcome = Objects.requireNonNull(outcome, "outcome");
            return this;
        }

        /**
         * @param from only records at or after this instant
         * @return this
         */
        public Builder from(Instant from) {
            this.from = Objects.requireNonNull(from, "from");
            return this;
        }

        /**
         * @param to only records before this instant
         * @return this
         */
        public Builder to(Instant to) {
            this.to = Objects.requireNonNull(to, "to");
            return this;
        }

        /**
         * @param sequence start after this sequence number, in the query's order
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder after(long sequence) {
            if (sequence < 0) {
                throw new IllegalArgumentException("Invalid cursor " + sequence + ": at least 0");
            }
            this.cursor = sequence;
            return this;
        }

        /**
         * Returns records newest first instead of oldest first.
         *
         * @return this
         */
        public Builder newestFirst() {
            this.newestFirst = true;
            return this;
        }

        /**
         * @param limit the page size, 1 to {@value #MAX_LIMIT}; default {@value #DEFAULT_LIMIT}
         * @return this
         * @throws IllegalArgumentException if outside that range
         */
        public Builder limit(int limit) {
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("Invalid limit " + limit + ": 1 to " + MAX_LIMIT);
            }
            this.limit = limit;
            return this;
        }

        /**
         * @return the query
         * @throws IllegalStateException if {@code from} is not before {@code to}
         */
        public AuditQuery build() {
            if (from != null && to != null && !from.isBefore(to)) {
                throw new IllegalStateException("Invalid time range: from " + from + " is not before to " + to);
            }
            return new AuditQuery(this);
        }
    }
}
