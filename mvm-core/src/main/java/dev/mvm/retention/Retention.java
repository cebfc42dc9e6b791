package dev.mvm.retention;

import dev.mvm.ModelRegistry;
import dev.mvm.VersionHandle;
import dev.mvm.api.artifact.ArtifactManifest;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.error.MvmException;
import dev.mvm.api.lifecycle.EnvironmentPointer;
import dev.mvm.api.lifecycle.LifecycleState;
import dev.mvm.api.lifecycle.StateChange;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.VersionRef;
import dev.mvm.api.spi.RegistryStore;
import dev.mvm.internal.AllModels;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link RetentionPolicy} over a registry: {@link #plan()} is the dry run, {@link #apply()} archives or
 * deletes what the plan removes. Obtained from {@code registry.retention()} (the policy declared on the
 * builder) or {@code registry.retention(policy)} (on demand).
 *
 * <p>Planning reads the stores directly (it changes nothing and leaves no audit records); under RBAC the facade
 * hands out a runner only to a principal with {@code READ} at global scope. Applying goes
 * through the facade as the registry's principal: every archive is a lifecycle transition checked against the
 * lifecycle policy, and every deletion a facade deletion, each permission-checked, audited and emitted as an
 * event. Removals run in the order of the plan; one that fails (e.g. the version was published meanwhile, or
 * the principal lacks the permission) is reported and the run goes on.
 *
 * <pre>{@code
 * RetentionPlan preview = registry.retention(policy).plan();    // what would go, and the bytes freed
 * RetentionReport done = registry.retention(policy).apply();
 * }</pre>
 *
 * @since 0.1
 */
public final class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private final ModelRegistry registry;
    private final RetentionPolicy policy;
    private final Clock clock;

    private Retention(ModelRegistry registry, RetentionPolicy policy, Clock clock) {
        this.registry = registry;
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * @param registry the registry, acting as its principal
     * @param policy the policy to run
     * @return the runner, with the registry's clock
     */
    public static Retention of(ModelRegistry registry, RetentionPolicy policy) {
        Objects.requireNonNull(registry, "registry");
        return new Retention(registry, Objects.requireNonNull(policy, "policy"), registry.clock());
    }

    /** @return the policy this runner applies */
    public RetentionPolicy policy() {
        return policy;
    }

    /**
     * Computes what the policy keeps and removes, changing nothing.
     *
     * @return a decision for every version of every model
     * @throws dev.mvm.api.error.IntegrityException if a version's manifest cannot be read (to count bytes)
     * @throws dev.mvm.api.error.StorageException if a store fails
     */
    public RetentionPlan plan() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        RegistryStore store = registry.registryStore();
        List<ModelVersion> all = new ArrayList<>();
        Map<String, Set<KeepReason>> reasons = new LinkedHashMap<>();
        for (Model model : AllModels.of(store)) {
            List<ModelVersion> versions = store.listVersions(model.name());
            Set<String> pointed = new HashSet<>();
            for (EnvironmentPointer p : store.listPointers(model.name())) {
                pointed.add(key(model.name(), p.version()));
            }
            for (int i = 0; i < versions.size(); i++) {
                ModelVersion v = versions.get(i);
                Set<KeepReason> why = EnumSet.noneOf(KeepReason.class);
                if (i >= versions.size() - policy.keepLast()) {
                    why.add(KeepReason.LATEST);
                }
                if (pointed.contains(key(v))) {
                    why.add(KeepReason.ENVIRONMENT_POINTER);
                }
                if (recentlyInProduction(store, v, now)) {
                    why.add(KeepReason.RECENT_PRODUCTION);
                }
                all.add(v);
                reasons.put(key(v), why);
            }
        }
        protectLineage(all, reasons);
        if (policy.action() == RetentionAction.ARCHIVE) {
            for (ModelVersion v : all) {
                Set<KeepReason> why = reasons.get(key(v));
                if (why.isEmpty() && v.state().equals(LifecycleState.ARCHIVED)) {
                    why.add(KeepReason.ALREADY_ARCHIVED);
                }
            }
        }
        List<RetentionDecision> decisions = new ArrayList<>(all.size());
        for (ModelVersion v : all) {
            decisions.add(new RetentionDecision(v.ref(), v.state(), v.artifacts().totalBytes(), reasons.get(key(v))));
        }
        return new RetentionPlan(policy, now, decisions, bytesFreed(all, reasons));
    }

    /**
     * Computes a plan and applies it.
     *
     * @return what was removed, skipped and failed
     * @throws dev.mvm.api.error.StorageException if planning fails; failures of single removals are reported
     */
    public RetentionReport apply() {
        return apply(plan());
    }

    /**
     * Applies a plan computed earlier (e.g. reviewed by an operator after a dry run). The registry may have
     * changed since, so a fresh plan is computed first and only versions that both plans remove are removed;
     * the others are reported as skipped.
     *
     * @param plan a plan of this runner's policy
     * @return what was removed, skipped and failed
     * @throws IllegalArgumentException if the plan was made for another policy
     */
    public RetentionReport apply(RetentionPlan plan) {
        if (!plan.policy().equals(policy)) {
            throw new IllegalArgumentException("The plan was computed for " + plan.policy() + ", not for " + policy
                    + "; compute it with this runner's plan()");
        }
        Set<String> stillRemoved = new HashSet<>();
        for (RetentionDecision d : plan().removals()) {
            stillRemoved.add(key(d.version().model(), d.version().version()));
        }
        List<VersionRef> removed = new ArrayList<>();
        List<VersionRef> skipped = new ArrayList<>();
        List<RetentionFailure> failures = new ArrayList<>();
        for (RetentionDecision d : plan.removals()) {
            VersionRef ref = d.version();
            if (!stillRemoved.contains(key(ref.model(), ref.version()))) {
                skipped.add(ref);
                continue;
            }
            try {
                remove(ref);
                removed.add(ref);
            } catch (MvmException e) {
                LOG.warn("Retention could not {} {}: {}", policy.action(), ref, e.getMessage());
                failures.add(new RetentionFailure(ref, e.getMessage()));
            }
        }
        RetentionReport report = new RetentionReport(plan, removed, skipped, failures);
        LOG.info("{}", report);
        return report;
    }

    private void remove(VersionRef ref) {
        VersionHandle handle = registry.model(ref.model().value()).version(ref.version());
        if (policy.action() == RetentionAction.DELETE) {
            handle.delete();
            return;
        }
        LifecycleState state = handle.info().state();
        if (state.equals(LifecycleState.ARCHIVED)) {
            return;
        }
        if (registry.lifecyclePolicy().allows(state, LifecycleState.ARCHIVED)) {
            handle.archive(policy.reason());
            return;
        }
        List<LifecycleState> path = registry.lifecyclePolicy().path(state, LifecycleState.ARCHIVED);
        if (path.isEmpty()) {
            registry.lifecyclePolicy().check(ref.toString(), state, LifecycleState.ARCHIVED);
        }
        for (LifecycleState step : path) {
            handle.transition(step, policy.reason());
        }
    }

    private boolean recentlyInProduction(RegistryStore store, ModelVersion v, Instant now) {
        if (policy.keepProductionWithin().isEmpty()) {
            return false;
        }
        if (v.state().equals(LifecycleState.PRODUCTION)) {
            return true;
        }
        Instant since = now.minus(policy.keepProductionWithin().get());
        for (StateChange c : store.stateHistory(v.model(), v.version())) {
            if (c.from().equals(LifecycleState.PRODUCTION) && !c.to().equals(LifecycleState.PRODUCTION)
                    && !c.at().isBefore(since)) {
                return true;
            }
        }
        return false;
    }

    /** Keeps, transitively, every version that a kept version names as parent or dependency. */
    private static void protectLineage(List<ModelVersion> all, Map<String, Set<KeepReason>> reasons) {
        Map<String, ModelVersion> byKey = new HashMap<>();
        for (ModelVersion v : all) {
            byKey.put(key(v), v);
        }
        List<ModelVersion> work = new ArrayList<>();
        for (ModelVersion v : all) {
            if (!reasons.get(key(v)).isEmpty()) {
                work.add(v);
            }
        }
        while (!work.isEmpty()) {
            ModelVersion v = work.remove(work.size() - 1);
            List<String> needed = new ArrayList<>();
            v.lineage().parentVersion().ifPresent(p -> needed.add(key(v.model(), p)));
            for (VersionRef dep : v.lineage().dependsOn()) {
                needed.add(key(dep.model(), dep.version()));
            }
            for (String k : needed) {
                Set<KeepReason> why = reasons.get(k);
                if (why != null && why.add(KeepReason.LINEAGE) && why.size() == 1) {
                    work.add(byKey.get(k));
                }
            }
        }
    }

    private long bytesFreed(List<ModelVersion> all, Map<String, Set<KeepReason>> reasons) {
        Set<Sha256> keptFiles = new HashSet<>();
        Map<Sha256, Long> removedFiles = new HashMap<>();
        Map<Sha256, ArtifactManifest> manifests = new HashMap<>();
        for (ModelVersion v : all) {
            boolean removed = reasons.get(key(v)).isEmpty();
            ArtifactManifest manifest = manifests.computeIfAbsent(v.artifacts().root(),
                    root -> registry.artifactStore().readManifest(v.model(), v.version(), root));
            for (ManifestEntry f : manifest.files()) {
                if (removed) {
                    removedFiles.put(f.sha256(), f.size());
                } else {
                    keptFiles.add(f.sha256());
                }
            }
        }
        long bytes = 0;
        for (Map.Entry<Sha256, Long> e : removedFiles.entrySet()) {
            if (!keptFiles.contains(e.getKey())) {
                bytes += e.getValue();
            }
        }
        return bytes;
    }

    private static String key(ModelVersion v) {
        return key(v.model(), v.version());
    }

    private static String key(ModelName model, dev.mvm.api.model.SemanticVersion version) {
        return model.value() + "@" + version.withoutBuild();
    }
}
