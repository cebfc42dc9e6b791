package dev.mvm.lifecycle;

import static dev.mvm.api.lifecycle.LifecycleState.ARCHIVED;
import static dev.mvm.api.lifecycle.LifecycleState.DEPRECATED;
import static dev.mvm.api.lifecycle.LifecycleState.DRAFT;
import static dev.mvm.api.lifecycle.LifecycleState.PRODUCTION;
import static dev.mvm.api.lifecycle.LifecycleState.STAGING;

import dev.mvm.api.error.IllegalTransitionException;
import dev.mvm.api.lifecycle.EnvironmentName;
import dev.mvm.api.lifecycle.LifecycleState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The lifecycle rules of a registry, held as data: the states, the allowed transitions between them, which
 * state a version takes when it is published to an environment or leaves it, which states may not serve,
 * and the promotion rules checked before a version enters a guarded state.
 *
 * <p>{@link #defaults()} is the table of ARCHITECTURE.md §4:
 *
 * <pre>
 * from \ to    STAGING  PRODUCTION  DEPRECATED  ARCHIVED  DRAFT
 * DRAFT        yes      no          no          yes       -
 * STAGING      -        yes         yes         yes       yes
 * PRODUCTION   yes      -           yes         no        no
 * DEPRECATED   no       no          -           yes       no
 * ARCHIVED     yes      no          no          -         no
 * </pre>
 *
 * with {@code production} mapped to {@code PRODUCTION}, a version leaving production going back to
 * {@code STAGING}, a version rolled back from going to {@code DEPRECATED}, {@code ARCHIVED} not serving, and
 * promotion rules guarding {@code PRODUCTION}.
 *
 * <p>A custom table starts from {@link #builder()}; {@link Builder#build()} checks that every state is
 * reachable from the initial one and that no edge or mapping names an unknown state.
 *
 * @since 0.1
 */
public final class LifecyclePolicy {
    private final LifecycleState initial;
    private final Map<LifecycleState, Set<LifecycleState>> edges;
    private final Map<EnvironmentName, LifecycleState> environmentStates;
    private final Map<LifecycleState, LifecycleState> afterUnpublish;
    private final @Nullable LifecycleState afterRollback;
    private final Set<LifecycleState> notServing;
    private final Set<LifecycleState> guarded;
    private final List<PromotionRule> rules;

    private LifecyclePolicy(Builder b) {
        this.initial = Objects.requireNonNull(b.initial);
        Map<LifecycleState, Set<LifecycleState>> e = new LinkedHashMap<>();
        b.edges.forEach((from, to) -> e.put(from, Collections.unmodifiableSet(new LinkedHashSet<>(to))));
        this.edges = Collections.unmodifiableMap(e);
        this.environmentStates = Collections.unmodifiableMap(new LinkedHashMap<>(b.environmentStates));
        this.afterUnpublish = Collections.unmodifiableMap(new LinkedHashMap<>(b.afterUnpublish));
        this.afterRollback = b.afterRollback;
        this.notServing = Collections.unmodifiableSet(new LinkedHashSet<>(b.notServing));
        this.guarded = Collections.unmodifiableSet(new LinkedHashSet<>(b.guarded));
        this.rules = List.copyOf(b.rules);
    }

    /** @return the default policy of ARCHITECTURE.md §4, without promotion rules */
    public static LifecyclePolicy defaults() {
        return defaultsBuilder().build();
    }

    private static Builder defaultsBuilder() {
        return builder()
                .initial(DRAFT)
                .states(DRAFT, STAGING, PRODUCTION, DEPRECATED, ARCHIVED)
                .allow(DRAFT, STAGING, ARCHIVED)
                .allow(STAGING, PRODUCTION, DEPRECATED, ARCHIVED, DRAFT)
                .allow(PRODUCTION, DEPRECATED, STAGING)
                .allow(DEPRECATED, ARCHIVED)
                .allow(ARCHIVED, STAGING)
                .environmentState(EnvironmentName.PRODUCTION, PRODUCTION)
                .afterUnpublish(PRODUCTION, STAGING)
                .afterRollback(DEPRECATED)
                .notServing(ARCHIVED)
                .guard(PRODUCTION);
    }

    /** @return an empty builder for a custom table; declare the states, the initial one and the edges */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this policy, to add rules or change mappings */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.initial = initial;
        edges.forEach((from, to) -> b.edges.put(from, new LinkedHashSet<>(to)));
        b.environmentStates.putAll(environmentStates);
        b.afterUnpublish.putAll(afterUnpublish);
        b.afterRollback = afterRollback;
        b.notServing.addAll(notServing);
        b.guarded.addAll(guarded);
        b.rules.addAll(rules);
        return b;
    }

    /** @return the state every new version starts in */
    public LifecycleState initial() {
        return initial;
    }

    /** @return every state, in declaration order */
    public Set<LifecycleState> states() {
        return edges.keySet();
    }

    /**
     * @param from a state
     * @return the states {@code from} may move to, in declaration order; empty for an unknown state
     */
    public List<LifecycleState> allowedTargets(LifecycleState from) {
        return List.copyOf(edges.getOrDefault(from, Set.of()));
    }

    /**
     * @param from the current state
     * @param to the requested state
     * @return whether the table has that edge
     */
    public boolean allows(LifecycleState from, LifecycleState to) {
        return edges.getOrDefault(from, Set.of()).contains(to);
    }

    /**
     * Checks one move against the table.
     *
     * @param subject the version, for the message, e.g. {@code fraud@1.2.0}
     * @param from its current state
     * @param to the requested state
     * @throws IllegalTransitionException naming the current state and every allowed target
     */
    public void check(String subject, LifecycleState from, LifecycleState to) {
        if (!allows(from, to)) {
            throw new IllegalTransitionException(subject, from.name(), to.name(),
                    allowedTargets(from).stream().map(LifecycleState::name).toList());
        }
    }

    /**
     * The shortest sequence of allowed moves from one state to another, e.g. {@code PRODUCTION} to
     * {@code ARCHIVED} goes {@code [DEPRECATED, ARCHIVED]} in the default table.
     *
     * @param from the start
     * @param to the goal
     * @return the states visited after {@code from}, ending with {@code to}; empty if {@code from == to} or
     *     if there is no path
     */
    public List<LifecycleState> path(LifecycleState from, LifecycleState to) {
        Map<LifecycleState, LifecycleState> cameFrom = new HashMap<>();
        Deque<LifecycleState> queue = new ArrayDeque<>(List.of(from));
        Set<LifecycleState> seen = new LinkedHashSet<>(List.of(from));
        while (!queue.isEmpty()) {
            LifecycleState s = queue.removeFirst();
            if (s.equals(to) && !s.equals(from)) {
                List<LifecycleState> path = new ArrayList<>();
                for (LifecycleState at = s; !at.equals(from); at = cameFrom.get(at)) {
                    path.add(0, at);
                }
                return path;
            }
            for (LifecycleState next : edges.getOrDefault(s, Set.of())) {
                if (seen.add(next)) {
                    cameFrom.put(next, s);
                    queue.addLast(next);
                }
            }
        }
        return List.of();
    }

    /**
     * @param environment an environment
     * @return the state a version takes when it is published there, if the environment has one
     *     ({@code production} → {@code PRODUCTION} by default; other environments leave the state alone)
     */
    public Optional<LifecycleState> environmentState(EnvironmentName environment) {
        return Optional.ofNullable(environmentStates.get(environment));
    }

    /** @return every environment that sets a state, with that state */
    public Map<EnvironmentName, LifecycleState> environmentStates() {
        return environmentStates;
    }

    /**
     * @param state a state that an environment sets
     * @return the state a version takes when no environment of that kind points to it any more
     *     ({@code PRODUCTION} → {@code STAGING} by default)
     */
    public Optional<LifecycleState> afterUnpublish(LifecycleState state) {
        return Optional.ofNullable(afterUnpublish.get(state));
    }

    /**
     * @return the state the rolled-back-from version takes ({@code DEPRECATED} by default), if any
     */
    public Optional<LifecycleState> afterRollback() {
        return Optional.ofNullable(afterRollback);
    }

    /**
     * @param state a state
     * @return whether a version in that state may be published or rolled back to ({@code ARCHIVED} may not)
     */
    public boolean mayServe(LifecycleState state) {
        return !notServing.contains(state);
    }

    /**
     * @param target a state
     * @return whether the promotion rules are checked before a version enters it
     */
    public boolean guards(LifecycleState target) {
        return guarded.contains(target);
    }

    /** @return the promotion rules, in declaration order */
    public List<PromotionRule> rules() {
        return rules;
    }

    @Override
    public String toString() {
        return "LifecyclePolicy[initial=" + initial + ", edges=" + edges + ", environments=" + environmentStates
                + ", rules=" + rules.size() + "]";
    }

    /**
     * Builds a {@link LifecyclePolicy}. Setters check their arguments; {@link #build()} checks the whole.
     *
     * @since 0.1
     */
    public static final class Builder {
        private @Nullable LifecycleState initial;
        private final Map<LifecycleState, Set<LifecycleState>> edges = new LinkedHashMap<>();
        private final Set<LifecycleState> undeclared = new LinkedHashSet<>();
        private final Map<EnvironmentName, LifecycleState> environmentStates = new LinkedHashMap<>();
        private final Map<LifecycleState, LifecycleState> afterUnpublish = new LinkedHashMap<>();
        private @Nullable LifecycleState afterRollback;
        private final Set<LifecycleState> notServing = new LinkedHashSet<>();
        private final Set<LifecycleState> guarded = new LinkedHashSet<>();
        private final List<PromotionRule> rules = new ArrayList<>();

        private Builder() {
        }

        /**
         * @param states states to declare
         * @return this
         */
        public Builder states(LifecycleState... states) {
            for (LifecycleState s : states) {
                edges.putIfAbsent(Objects.requireNonNull(s, "state"), new LinkedHashSet<>());
                undeclared.remove(s);
            }
            return this;
        }

        /**
         * @param state the state new versions start in; must be declared
         * @return this
         */
        public Builder initial(LifecycleState state) {
            this.initial = Objects.requireNonNull(state, "state");
            return this;
        }

        /**
         * Adds edges. Both ends must be declared with {@link #states} by the time {@link #build()} runs.
         *
         * @param from the source state
         * @param to the states it may move to
         * @return this
         */
        public Builder allow(LifecycleState from, LifecycleState... to) {
            Objects.requireNonNull(from, "from");
            if (!edges.containsKey(from)) {
                undeclared.add(from);
            }
            Set<LifecycleState> targets = edges.computeIfAbsent(from, k -> new LinkedHashSet<>());
            for (LifecycleState t : to) {
                if (t.equals(from)) {
                    throw new IllegalArgumentException("A state cannot move to itself: " + from);
                }
                targets.add(t);
            }
            return this;
        }

        /**
         * Removes an edge.
         *
         * @param from the source state
         * @param to the target state
         * @return this
         */
        public Builder forbid(LifecycleState from, LifecycleState to) {
            Set<LifecycleState> targets = edges.get(from);
            if (targets != null) {
                targets.remove(to);
            }
            return this;
        }

        /**
         * @param environment an environment, e.g. {@code prod-eu}
         * @param state the state a version takes when published there, e.g. {@code PRODUCTION}
         * @return this
         */
        public Builder environmentState(EnvironmentName environment, LifecycleState state) {
            environmentStates.put(Objects.requireNonNull(environment), Objects.requireNonNull(state));
            return this;
        }

        /**
         * @param environment an environment name
         * @param state the state a version takes when published there
         * @return this
         */
        public Builder environmentState(String environment, LifecycleState state) {
            return environmentState(EnvironmentName.of(environment), state);
        }

        /**
         * @param state a state an environment sets
         * @param then the state a version takes when it no longer serves there; the edge must exist
         * @return this
         */
        public Builder afterUnpublish(LifecycleState state, LifecycleState then) {
            afterUnpublish.put(Objects.requireNonNull(state), Objects.requireNonNull(then));
            return this;
        }

        /**
         * @param state the state the rolled-back-from version takes, or {@code null} to leave it to
         *     {@link #afterUnpublish}
         * @return this
         */
        public Builder afterRollback(@Nullable LifecycleState state) {
            this.afterRollback = state;
            return this;
        }

        /**
         * @param states states whose versions may not be published or rolled back to
         * @return this
         */
        public Builder notServing(LifecycleState... states) {
            notServing.addAll(List.of(states));
            return this;
        }

        /**
         * @param states states whose entry the promotion rules guard ({@code PRODUCTION} by default)
         * @return this
         */
        public Builder guard(LifecycleState... states) {
            guarded.addAll(List.of(states));
            return this;
        }

        /**
         * @param rule a rule checked before a version enters a guarded state
         * @return this
         */
        public Builder promotionRule(PromotionRule rule) {
            rules.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        /**
         * @return the policy
         * @throws IllegalStateException if there is no initial state, an edge or mapping names an unknown
         *     state, an after-unpublish or after-rollback move has no edge, or a state cannot be reached
         *     from the initial one
         */
        public LifecyclePolicy build() {
            if (initial == null) {
                throw new IllegalStateException("Set the initial state with initial(..)");
            }
            Set<LifecycleState> known = new LinkedHashSet<>(edges.keySet());
            known.removeAll(undeclared);
            requireKnown(known, "initial state", initial);
            edges.forEach((from, to) -> {
                requireKnown(known, "edge source", from);
                to.forEach(t -> requireKnown(known, "edge " + from + " -> " + t, t));
            });
            environmentStates.forEach((env, s) -> requireKnown(known, "state of environment " + env, s));
            afterUnpublish.forEach((s, then) -> {
                requireKnown(known, "after-unpublish state", s);
                requireKnown(known, "after-unpublish state", then);
                if (!edges.get(s).contains(then)) {
                    throw new IllegalStateException("After unpublish a version moves " + s + " -> " + then
                            + ", but the table has no such edge; allowed from " + s + ": " + edges.get(s));
                }
            });
            if (afterRollback != null) {
                requireKnown(known, "after-rollback state", afterRollback);
            }
            notServing.forEach(s -> requireKnown(known, "not-serving state", s));
            guarded.forEach(s -> requireKnown(known, "guarded state", s));
            Set<LifecycleState> reached = new LinkedHashSet<>(List.of(initial));
            Deque<LifecycleState> queue = new ArrayDeque<>(reached);
            while (!queue.isEmpty()) {
                for (LifecycleState next : edges.get(queue.removeFirst())) {
                    if (reached.add(next)) {
                        queue.addLast(next);
                    }
                }
            }
            if (!reached.containsAll(known)) {
                Set<LifecycleState> unreachable = new LinkedHashSet<>(known);
                unreachable.removeAll(reached);
                throw new IllegalStateException("States " + unreachable + " cannot be reached from the initial state "
                        + initial + "; add an edge to each or remove it");
            }
            return new LifecyclePolicy(this);
        }

        private static void requireKnown(Set<LifecycleState> known, String what, LifecycleState s) {
            if (!known.contains(s)) {
                throw new IllegalStateException("The " + what + " names the unknown state " + s
                        + "; declared states: " + known);
            }
        }
    }
}
