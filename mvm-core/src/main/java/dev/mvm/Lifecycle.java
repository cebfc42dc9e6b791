package dev.mvm;

import dev.mvm.api.error.ConflictException;
import dev.mvm.api.error.MvmException;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.error.PromotionRejectedException;
import dev.mvm.api.error.ValidationException;
import dev.mvm.api.event.PointerMoved;
import dev.mvm.api.event.RolledBack;
import dev.mvm.api.event.StateChanged;
import dev.mvm.api.event.VersionApproved;
import dev.mvm.api.lifecycle.EnvironmentName;
import dev.mvm.api.lifecycle.EnvironmentPointer;
import dev.mvm.api.lifecycle.LifecycleState;
import dev.mvm.api.lifecycle.PointerMove;
import dev.mvm.api.lifecycle.StateChange;
import dev.mvm.api.model.Limits;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.api.spi.RegistryStore;
import dev.mvm.lifecycle.LifecyclePolicy;
import dev.mvm.lifecycle.PromotionCandidate;
import dev.mvm.lifecycle.PromotionRule;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle operations behind {@link VersionHandle} and {@link ModelHandle}. The store has no
 * multi-step transaction, so every composite operation is ordered so that the environment pointer, which
 * says what serves, only moves once the version's state is right, and a lost race undoes the state step:
 *
 * <ol>
 *   <li>check the table, the serving rule and the promotion rules;
 *   <li>transition the version into the environment's state (compare-and-set on its revision);
 *   <li>move the pointer (compare-and-set on the version it pointed to when read);
 *   <li>if the pointer move fails, move the version back to where it was, then rethrow;
 *   <li>bring the displaced version out of the environment's state, and re-check the new one.
 * </ol>
 *
 * Step 5 and the undo are reconciliations: each reads the pointers and the version again and moves the
 * version to the state the pointers call for, so two racing operations converge.
 */
final class Lifecycle {
    static final String APPROVAL_PREFIX = "approval: ";
    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);
    private static final int MAX_ATTEMPTS = 20;

    private final ModelRegistry registry;

    Lifecycle(ModelRegistry registry) {
        this.registry = registry;
    }

    private RegistryStore store() {
        return registry.registryStore();
    }

    private LifecyclePolicy policy() {
        return registry.lifecyclePolicy();
    }

    // ---- transitions ------------------------------------------------------------------------------------

    ModelVersion transition(ModelVersion v, LifecycleState target, String reason) {
        Limits.text("reason", reason, Limits.MAX_DESCRIPTION_LENGTH);
        policy().check(v.ref().toString(), v.state(), target);
        if (policy().guards(target)) {
            EnvironmentName env = environmentOf(target);
            checkRules(v, env == null ? null : incumbent(v.model(), env), env, target);
        }
        return record(v, target, reason);
    }

    /** Records a transition that has already been judged; compare-and-set on revision and state. */
    ModelVersion record(ModelVersion v, LifecycleState target, String reason) {
        StateChange change = new StateChange(v.ref(), v.state(), target, registry.actor(), registry.now(), reason);
        ModelVersion moved = store().transition(change, v.revision());
        registry.emit(new StateChanged(UUID.randomUUID(), change.at(), change.actor(), change));
        return moved;
    }

    StateChange approve(VersionHandle handle, String approver, String comment) {
        Limits.shortText("approver", approver);
        if (approver.isBlank()) {
            throw new ValidationException("approver", "The approver must not be blank");
        }
        String reason = Limits.text("comment", APPROVAL_PREFIX + comment, Limits.MAX_DESCRIPTION_LENGTH);
        for (int attempt = 1; ; attempt++) {
            ModelVersion v = handle.info();
            StateChange approval = new StateChange(v.ref(), v.state(), v.state(), approver, registry.now(), reason);
            try {
                store().transition(approval, v.revision());
                registry.emit(new VersionApproved(UUID.randomUUID(), approval.at(), approver, approval));
                return approval;
            } catch (ConflictException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    static boolean isApproval(StateChange c) {
        return c.from().equals(c.to()) && c.reason().startsWith(APPROVAL_PREFIX);
    }

    Set<String> approvers(ModelVersion v) {
        Set<String> who = new LinkedHashSet<>();
        for (StateChange c : store().stateHistory(v.model(), v.version())) {
            if (isApproval(c)) {
                who.add(c.actor());
            }
        }
        return who;
    }

    private void checkRules(ModelVersion v, @Nullable ModelVersion incumbent, @Nullable EnvironmentName env,
            LifecycleState target) {
        List<PromotionRule> rules = policy().rules();
        if (rules.isEmpty()) {
            return;
        }
        PromotionCandidate candidate = new PromotionCandidate(v, incumbent, env, target, approvers(v));
        List<String> unmet = new ArrayList<>();
        for (PromotionRule rule : rules) {
            rule.unmet(candidate).ifPresent(unmet::add);
        }
        if (!unmet.isEmpty()) {
            throw new PromotionRejectedException(v.ref() + " to " + target
                    + (env == null ? "" : " (" + env + ")"), unmet);
        }
    }

    private @Nullable EnvironmentName environmentOf(LifecycleState state) {
        if (state.equals(policy().environmentState(EnvironmentName.PRODUCTION).orElse(null))) {
            return EnvironmentName.PRODUCTION;
        }
        return policy().environmentStates().entrySet().stream().filter(e -> e.getValue().equals(state))
                .map(java.util.Map.Entry::getKey).findFirst().orElse(null);
    }

    private @Nullable ModelVersion incumbent(ModelName model, EnvironmentName env) {
        return store().findPointer(model, env).flatMap(p -> store().findVersion(model, p.version())).orElse(null);
    }

    // ---- publish / unpublish ----------------------------------------------------------------------------

    PointerMove publish(VersionHandle handle, EnvironmentName env, String reason, boolean conditional,
            @Nullable SemanticVersion expected) {
        Limits.text("reason", reason, Limits.MAX_DESCRIPTION_LENGTH);
        ModelVersion v = handle.info();
        ModelName model = v.model();
        SemanticVersion current = store().findPointer(model, env).map(EnvironmentPointer::version).orElse(null);
        if (conditional && !samePrecedence(current, expected)) {
            throw new ConflictException("Environment '" + env + "' of model '" + model + "' points to "
                    + describe(current) + ", not " + describe(expected) + " as expected; nothing was published");
        }
        if (current != null && current.compareTo(v.version()) == 0) {
            List<PointerMove> history = store().pointerHistory(model, env);
            return history.get(history.size() - 1);
        }
        requireServing(v, "published");
        LifecycleState target = policy().environmentState(env).orElse(null);
        LifecycleState before = v.state();
        boolean transitioned = false;
        if (target != null && !v.state().equals(target)) {
            policy().check(v.ref().toString(), v.state(), target);
            if (policy().guards(target)) {
                checkRules(v, current == null ? null : store().findVersion(model, current).orElse(null), env, target);
            }
            record(v, target, reason);
            transitioned = true;
        }
        PointerMove move = new PointerMove(model, env, current, v.version(), PointerMove.Kind.PUBLISH,
                registry.actor(), registry.now(), reason);
        PointerMove recorded;
        try {
            recorded = store().movePointer(move);
        } catch (MvmException e) {
            if (transitioned) {
                reconcile(model, v.version(), before, "undo: publishing to " + env + " failed");
            }
            if (e instanceof ConflictException) {
                throw new ConflictException("Environment '" + env + "' of model '" + model + "' moved while "
                        + v.version() + " was being published (it pointed to " + describe(current)
                        + " when read); nothing was published", e);
            }
            throw e;
        }
        registry.emit(new PointerMoved(UUID.randomUUID(), recorded.at(), recorded.actor(), recorded));
        if (current != null) {
            reconcile(model, current, null, "replaced in " + env + " by " + v.version());
        }
        reconcile(model, v.version(), null, "serves " + env);
        return recorded;
    }

    PointerMove unpublish(VersionHandle handle, EnvironmentName env, String reason) {
        Limits.text("reason", reason, Limits.MAX_DESCRIPTION_LENGTH);
        ModelVersion v = handle.info();
        SemanticVersion current = store().findPointer(v.model(), env).map(EnvironmentPointer::version).orElse(null);
        if (current == null || current.compareTo(v.version()) != 0) {
            throw new ConflictException("Cannot unpublish " + v.ref() + " from '" + env + "': it points to "
                    + describe(current));
        }
        PointerMove recorded = store().movePointer(new PointerMove(v.model(), env, current, null,
                PointerMove.Kind.UNPUBLISH, registry.actor(), registry.now(), reason));
        registry.emit(new PointerMoved(UUID.randomUUID(), recorded.at(), recorded.actor(), recorded));
        reconcile(v.model(), v.version(), null, "unpublished from " + env + (reason.isEmpty() ? "" : ": " + reason));
        return recorded;
    }

    /** Unpublishes {@code v} from every environment (when forced) or refuses while one points to it. */
    void requireUnpublished(VersionHandle handle, ModelVersion v, boolean force, String operation, String reason) {
        List<EnvironmentPointer> serving = store().listPointers(v.model()).stream()
                .filter(p -> p.version().compareTo(v.version()) == 0).toList();
        if (serving.isEmpty()) {
            return;
        }
        if (!force) {
            throw new ConflictException("Cannot " + operation + " " + v.ref() + ": it is published to "
                    + serving.stream().map(p -> p.environment().value()).toList()
                    + "; unpublish it first or force the operation");
        }
        for (EnvironmentPointer p : serving) {
            unpublish(handle, p.environment(), reason);
        }
    }

    // ---- rollback ---------------------------------------------------------------------------------------

    PointerMove rollback(ModelHandle model, EnvironmentName env, @Nullable SemanticVersion requested, String reason) {
        Limits.text("reason", reason, Limits.MAX_DESCRIPTION_LENGTH);
        ModelName name = model.name();
        model.info();
        SemanticVersion current = store().findPointer(name, env).map(EnvironmentPointer::version)
                .orElseThrow(() -> new NotFoundException("Environment '" + env + "' of model '" + name
                        + "' is not set; there is nothing to roll back"));
        SemanticVersion target = requested;
        if (target == null) {
            List<PointerMove> history = store().pointerHistory(name, env);
            PointerMove last = history.isEmpty() ? null : history.get(history.size() - 1);
            target = last == null ? null : last.from();
            if (target == null) {
                throw new NotFoundException("Environment '" + env + "' of model '" + name
                        + "' has no previous version to roll back to; name a target version");
            }
        }
        SemanticVersion to = target;
        ModelVersion v = store().findVersion(name, to).orElseThrow(() -> new NotFoundException(
                "Cannot roll back '" + env + "' of model '" + name + "' to " + to + ": that version does not exist"));
        if (v.version().compareTo(current) == 0) {
            throw new ValidationException("targetVersion", "Environment '" + env + "' of model '" + name
                    + "' already points to " + current + "; choose an earlier version");
        }
        requireServing(v, "rolled back to");
        LifecycleState envState = policy().environmentState(env).orElse(null);
        LifecycleState before = v.state();
        boolean transitioned = false;
        if (envState != null && !v.state().equals(envState) && policy().allows(v.state(), envState)) {
            record(v, envState, "rollback of " + env + " from " + current + (reason.isEmpty() ? "" : ": " + reason));
            transitioned = true;
        }
        PointerMove recorded;
        try {
            recorded = store().movePointer(new PointerMove(name, env, current, v.version(), PointerMove.Kind.ROLLBACK,
                    registry.actor(), registry.now(), reason));
        } catch (MvmException e) {
            if (transitioned) {
                reconcile(name, v.version(), before, "undo: rollback of " + env + " failed");
            }
            if (e instanceof ConflictException) {
                throw new ConflictException("Environment '" + env + "' of model '" + name + "' moved during the "
                        + "rollback (it pointed to " + current + " when read); nothing was rolled back", e);
            }
            throw e;
        }
        registry.emit(new RolledBack(UUID.randomUUID(), recorded.at(), recorded.actor(), recorded));
        demoteRolledBack(name, current, env, envState, v.version(), reason);
        reconcile(name, v.version(), null, "serves " + env);
        return recorded;
    }

    private void demoteRolledBack(ModelName name, SemanticVersion from, EnvironmentName env,
            @Nullable LifecycleState envState, SemanticVersion to, String reason) {
        Optional<LifecycleState> after = policy().afterRollback();
        String why = "rolled back in " + env + " to " + to + (reason.isEmpty() ? "" : ": " + reason);
        if (after.isEmpty() || envState == null) {
            reconcile(name, from, null, why);
            return;
        }
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            ModelVersion v = store().findVersion(name, from).orElse(null);
            if (v == null || !v.state().equals(envState) || !requiredStates(v).isEmpty()
                    || !policy().allows(v.state(), after.get())) {
                reconcile(name, from, null, why);
                return;
            }
            try {
                record(v, after.get(), why);
                return;
            } catch (ConflictException e) {
                LOG.debug("Retrying the state change of rolled-back {}@{}: {}", name, from, e.getMessage());
            }
        }
    }

    // ---- reconciliation ---------------------------------------------------------------------------------

    /**
     * Moves a version to the state its pointers call for: the state of an environment that points to it,
     * or, when none does and it is still in an environment's state, {@code fallback} (or the policy's
     * after-unpublish state). Best effort: a version that cannot move by an allowed edge is left and logged.
     */
    void reconcile(ModelName model, SemanticVersion version, @Nullable LifecycleState fallback, String reason) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            ModelVersion v = store().findVersion(model, version).orElse(null);
            if (v == null) {
                return;
            }
            Set<LifecycleState> required = requiredStates(v);
            LifecycleState desired;
            if (!required.isEmpty()) {
                if (required.contains(v.state())) {
                    return;
                }
                desired = required.iterator().next();
            } else if (policy().environmentStates().containsValue(v.state())) {
                desired = fallback != null ? fallback : policy().afterUnpublish(v.state()).orElse(null);
                if (desired == null || desired.equals(v.state())) {
                    return;
                }
            } else {
                return;
            }
            if (!policy().allows(v.state(), desired)) {
                LOG.warn("{} is {} but its environments call for {}, and the table has no such edge; left as is",
                        v.ref(), v.state(), desired);
                return;
            }
            try {
                record(v, desired, reason);
                return;
            } catch (ConflictException e) {
                LOG.debug("Retrying reconciliation of {}: {}", v.ref(), e.getMessage());
            }
        }
        LOG.warn("Gave up reconciling the state of {}@{} after {} attempts", model, version, MAX_ATTEMPTS);
    }

    private Set<LifecycleState> requiredStates(ModelVersion v) {
        Set<LifecycleState> required = new LinkedHashSet<>();
        for (EnvironmentPointer p : store().listPointers(v.model())) {
            if (p.version().compareTo(v.version()) == 0) {
                policy().environmentState(p.environment()).ifPresent(required::add);
            }
        }
        return required;
    }

    private void requireServing(ModelVersion v, String what) {
        if (!policy().mayServe(v.state())) {
            throw new ValidationException("version", v.ref() + " is " + v.state() + ", a state that may not serve, so it "
                    + "cannot be " + what + "; restore it first or choose another version");
        }
    }

    private static boolean samePrecedence(@Nullable SemanticVersion a, @Nullable SemanticVersion b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }

    private static String describe(@Nullable SemanticVersion v) {
        return v == null ? "nothing" : v.toString();
    }
}
