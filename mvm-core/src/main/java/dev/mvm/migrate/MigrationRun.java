package dev.mvm.migrate;

import dev.mvm.ModelRegistry;
import dev.mvm.api.access.AccessPolicyStore;
import dev.mvm.api.access.Grant;
import dev.mvm.api.access.Role;
import dev.mvm.api.access.Scope;
import dev.mvm.api.artifact.ArtifactManifest;
import dev.mvm.api.artifact.FileLocation;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.audit.AuditEvent;
import dev.mvm.api.audit.AuditLog;
import dev.mvm.api.audit.AuditQuery;
import dev.mvm.api.audit.AuditRecord;
import dev.mvm.api.error.IntegrityException;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.error.StorageException;
import dev.mvm.api.lifecycle.EnvironmentName;
import dev.mvm.api.lifecycle.EnvironmentPointer;
import dev.mvm.api.lifecycle.PointerMove;
import dev.mvm.api.lifecycle.StateChange;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.api.spi.ArtifactStore;
import dev.mvm.api.spi.RegistryStore;
import dev.mvm.internal.VerifyingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a migration from a {@link RegistrySource} into a target registry, written below the facade
 * through the target's SPIs. Every step first looks whether its result is already in the target, so a run
 * repeated after success copies nothing and a run repeated after a failure continues where the other stopped.
 */
final class MigrationRun {
    /** Detail keys that tie a copied audit record to its original. */
    static final String AUDIT_CHAIN = "migrated.chain";
    static final String AUDIT_SEQUENCE = "migrated.sequence";
    static final String AUDIT_HASH = "migrated.hash";

    private static final Logger LOG = LoggerFactory.getLogger(MigrationRun.class);
    private static final int AUDIT_BATCH = 500;

    private final RegistrySource source;
    private final ModelRegistry target;
    private final MigrationOptions options;
    private final RegistryStore meta;
    private final ArtifactStore files;
    private final List<String> warnings = new ArrayList<>();
    private final Set<ModelName> copiedModelNames = new HashSet<>();

    private long modelsCopied;
    private long modelsSkipped;
    private long versionsCopied;
    private long versionsSkipped;
    private long filesCopied;
    private long filesSkipped;
    private long bytesCopied;
    private long statesCopied;
    private long statesSkipped;
    private long movesCopied;
    private long movesSkipped;
    private long rolesCopied;
    private long rolesSkipped;
    private long grantsCopied;
    private long grantsSkipped;
    private long auditCopied;
    private long auditSkipped;

    private long itemsTotal;
    private long itemsDone;
    private long bytesTotal;
    private long bytesDone;

    MigrationRun(RegistrySource source, ModelRegistry target, MigrationOptions options) {
        this.source = source;
        this.target = target;
        this.options = options;
        this.meta = target.registryStore();
        this.files = target.artifactStore();
    }

    MigrationReport run() {
        List<Model> models = source.models().stream().filter(m -> options.includes(m.name())).toList();
        Map<Model, List<ModelVersion>> versions = new LinkedHashMap<>();
        for (Model m : models) {
            List<ModelVersion> vs = source.versions(m.name());
            versions.put(m, vs);
            itemsTotal += vs.size();
            for (ModelVersion v : vs) {
                bytesTotal += v.artifacts().totalBytes();
            }
        }
        report(MigrationProgress.Stage.VERSIONS, "");
        for (Map.Entry<Model, List<ModelVersion>> e : versions.entrySet()) {
            copyModel(e.getKey());
            for (ModelVersion v : e.getValue()) {
                copyVersion(v);
                itemsDone++;
                bytesDone += v.artifacts().totalBytes();
                report(MigrationProgress.Stage.VERSIONS, v.ref().toString());
            }
            copyPointers(e.getKey().name());
        }
        if (options.grants()) {
            copyGrants();
        }
        if (options.audit()) {
            copyAudit();
        }
        MigrationReport report = new MigrationReport(source.describe(), describeTarget(),
                new MigrationReport.Count(modelsCopied, modelsSkipped),
                new MigrationReport.Count(versionsCopied, versionsSkipped),
                new MigrationReport.Count(filesCopied, filesSkipped), bytesCopied,
                new MigrationReport.Count(statesCopied, statesSkipped),
                new MigrationReport.Count(movesCopied, movesSkipped),
                new MigrationReport.Count(rolesCopied, rolesSkipped),
                new MigrationReport.Count(grantsCopied, grantsSkipped),
                new MigrationReport.Count(auditCopied, auditSkipped), warnings);
        LOG.info("{}", report);
        return report;
    }

    private String describeTarget() {
        return meta.describe() + " + " + files.describe();
    }

    private void report(MigrationProgress.Stage stage, String current) {
        options.progress().onProgress(new MigrationProgress(stage, itemsDone, itemsTotal, bytesDone, bytesTotal,
                current));
    }

    private void warn(String message) {
        LOG.warn("{}", message);
        warnings.add(message);
    }

    // ---------------------------------------------------------------- models and versions

    private void copyModel(Model model) {
        Optional<Model> existing = meta.findModel(model.name());
        if (existing.isPresent()) {
            modelsSkipped++;
            if (!existing.get().id().equals(model.id())) {
                warn("Model '" + model.name() + "' exists in the target with another id (" + existing.get().id()
                        + ", not " + model.id() + "); its versions are merged into it");
            }
            return;
        }
        meta.createModel(model.toBuilder().revision(0).build());
        copiedModelNames.add(model.name());
        modelsCopied++;
    }

    private void copyVersion(ModelVersion v) {
        List<StateChange> history = source.stateHistory(v);
        Optional<ModelVersion> existing = meta.findVersion(v.model(), v.version());
        if (existing.isPresent()) {
            versionsSkipped++;
            if (!existing.get().artifacts().root().equals(v.artifacts().root())) {
                warn("Version " + v.ref() + " exists in the target with other files (manifest "
                        + existing.get().artifacts().root() + ", not " + v.artifacts().root()
                        + "); the target's version is kept and nothing of the source's is copied");
                return;
            }
        } else {
            ArtifactManifest manifest = source.manifest(v);
            if (!manifest.root().equals(v.artifacts().root())) {
                throw new IntegrityException("The manifest read for " + v.ref() + " has root " + manifest.root()
                        + ", not " + v.artifacts().root() + " as the version records; nothing of it was copied");
            }
            for (ManifestEntry file : manifest.files()) {
                copyFile(v, file);
            }
            files.writeManifest(v.model(), v.version(), manifest);
            meta.createVersion(v.toBuilder()
                    .state(history.isEmpty() ? v.state() : history.get(0).from())
                    .revision(0).build());
            versionsCopied++;
        }
        replayStates(v, history);
    }

    private void copyFile(ModelVersion v, ManifestEntry file) {
        FileLocation location = new FileLocation(v.model(), v.version(), file.path());
        if (files.size(location, file.sha256()).filter(size -> size == file.size()).isPresent()) {
            filesSkipped++;
            return;
        }
        ManifestEntry written;
        try (InputStream in = new VerifyingInputStream(source.open(v, file), file, location.toString())) {
            written = files.write(location, in);
        } catch (IOException e) {
            throw new StorageException("Cannot copy " + location + " from " + source.describe() + ": "
                    + e.getMessage(), e);
        }
        if (!written.sha256().equals(file.sha256()) || written.size() != file.size()) {
            throw new IntegrityException("Copying " + location + " stored " + written.size() + " bytes with SHA-256 "
                    + written.sha256() + ", but the manifest records " + file.size() + " bytes with "
                    + file.sha256() + "; the version was not created in the target");
        }
        filesCopied++;
        bytesCopied += file.size();
    }

    private void replayStates(ModelVersion v, List<StateChange> history) {
        List<StateChange> done = meta.stateHistory(v.model(), v.version());
        if (!isPrefix(done, history, MigrationRun::sameChange)) {
            warn("The state history of " + v.ref() + " in the target differs from the source's; it was left as is");
            statesSkipped += done.size();
            return;
        }
        statesSkipped += done.size();
        ModelVersion current = meta.findVersion(v.model(), v.version()).orElseThrow();
        for (StateChange change : history.subList(done.size(), history.size())) {
            current = meta.transition(new StateChange(current.ref(), change.from(), change.to(), change.actor(),
                    change.at(), change.reason()), current.revision());
            statesCopied++;
        }
        if (!current.state().equals(v.state())) {
            warn("Version " + v.ref() + " is in state " + v.state() + " in the source, but its history ends in "
                    + current.state() + "; the target follows the history");
        } else if (!current.updatedAt().equals(v.updatedAt())) {
            meta.updateVersion(v.toBuilder().state(current.state()).revision(current.revision()).build());
        }
    }

    private static boolean sameChange(StateChange a, StateChange b) {
        return a.from().equals(b.from()) && a.to().equals(b.to()) && a.actor().equals(b.actor())
                && a.at().equals(b.at()) && a.reason().equals(b.reason());
    }

    // ---------------------------------------------------------------- pointers

    private void copyPointers(ModelName model) {
        for (Map.Entry<EnvironmentName, List<PointerMove>> e : source.pointerHistories(model).entrySet()) {
            EnvironmentName env = e.getKey();
            List<PointerMove> history = e.getValue();
            List<PointerMove> done = meta.pointerHistory(model, env);
            if (!isPrefix(done, history, MigrationRun::sameMove)) {
                warn("The history of " + env + " of '" + model + "' in the target differs from the source's;"
                        + " it was left as is");
                movesSkipped += done.size();
                continue;
            }
            movesSkipped += done.size();
            for (PointerMove move : history.subList(done.size(), history.size())) {
                try {
                    meta.movePointer(move);
                    movesCopied++;
                } catch (NotFoundException gone) {
                    warn("The history of " + env + " of '" + model + "' names " + move.to() + ", which no longer"
                            + " exists; the moves from there on were not replayed, only the current pointer");
                    break;
                }
            }
        }
        // Whatever the histories, the target ends with the source's pointers.
        for (EnvironmentPointer p : source.pointers(model)) {
            Optional<EnvironmentPointer> now = meta.findPointer(model, p.environment());
            if (now.isPresent() && now.get().version().hasSamePrecedence(p.version())) {
                continue;
            }
            meta.movePointer(new PointerMove(model, p.environment(), now.map(EnvironmentPointer::version).orElse(null),
                    p.version(), PointerMove.Kind.PUBLISH, p.movedBy(), p.movedAt(), "migrated"));
            movesCopied++;
        }
    }

    private static boolean sameMove(PointerMove a, PointerMove b) {
        return sameVersion(a.from(), b.from()) && sameVersion(a.to(), b.to()) && a.kind() == b.kind()
                && a.actor().equals(b.actor()) && a.at().equals(b.at()) && a.reason().equals(b.reason());
    }

    private static boolean sameVersion(@Nullable SemanticVersion a, @Nullable SemanticVersion b) {
        return a == null ? b == null : b != null && a.hasSamePrecedence(b);
    }

    private static <T> boolean isPrefix(List<T> prefix, List<T> of, java.util.function.BiPredicate<T, T> same) {
        if (prefix.size() > of.size()) {
            return false;
        }
        for (int i = 0; i < prefix.size(); i++) {
            if (!same.test(prefix.get(i), of.get(i))) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- grants

    private void copyGrants() {
        List<Role> roles = source.roles();
        List<Grant> grants = GrantSelection.select(source.grants(), options);
        itemsDone = 0;
        itemsTotal = grants.size();
        report(MigrationProgress.Stage.GRANTS, "");
        if (roles.isEmpty() && grants.isEmpty()) {
            return;
        }
        Optional<AccessPolicyStore> store = target.accessPolicyStore();
        if (store.isEmpty()) {
            warn(grants.size() + " grants and " + roles.size() + " custom roles were not copied: the target"
                    + " registry does not enforce access control (build it with accessControl(AccessController.rbac(..)))");
            return;
        }
        List<Role> defined = store.get().roles();
        for (Role r : roles) {
            if (defined.contains(r)) {
                rolesSkipped++;
            } else {
                store.get().defineRole(r);
                rolesCopied++;
            }
        }
        List<Grant> missing = new ArrayList<>();
        for (Grant g : grants) {
            Optional<Grant> there = store.get().findGrant(g.id());
            if (there.isPresent()) {
                grantsSkipped++;
                if (!there.get().equals(g)) {
                    warn("Grant " + g.id() + " exists in the target with other values; it was left as is");
                }
            } else {
                missing.add(g);
            }
        }
        if (!missing.isEmpty()) {
            store.get().addGrants(missing);
            grantsCopied += missing.size();
        }
        itemsDone = grants.size();
        report(MigrationProgress.Stage.GRANTS, "");
    }


    // ---------------------------------------------------------------- audit

    private void copyAudit() {
        long total = source.auditCount();
        itemsDone = 0;
        itemsTotal = total;
        report(MigrationProgress.Stage.AUDIT, "");
        if (total == 0) {
            return;
        }
        Optional<AuditLog> log = target.auditLog();
        if (log.isEmpty()) {
            warn(total + " audit records were not copied: the target registry keeps no audit log");
            return;
        }
        List<AuditRecord> first = source.auditAfter(0, 1);
        if (first.isEmpty()) {
            return;
        }
        String chain = chainOf(first.get(0));
        long after = lastCopied(log.get(), chain);
        auditSkipped = after;
        itemsDone = after;
        while (true) {
            List<AuditRecord> batch = source.auditAfter(after, AUDIT_BATCH);
            if (batch.isEmpty()) {
                break;
            }
            List<AuditEvent> events = new ArrayList<>(batch.size());
            for (AuditRecord r : batch) {
                if (options.includes(r)) {
                    events.add(copied(r, chain));
                } else {
                    auditSkipped++;
                }
            }
            if (!events.isEmpty()) {
                log.get().appendAll(events);
                auditCopied += events.size();
            }
            after = batch.get(batch.size() - 1).sequence();
            itemsDone = Math.min(after, itemsTotal);
            report(MigrationProgress.Stage.AUDIT, "");
        }
    }

    /** The chain's identity: the hash of its first record, which every later record depends on. */
    private static String chainOf(AuditRecord first) {
        return first.hash();
    }

    private static AuditEvent copied(AuditRecord r, String chain) {
        AuditEvent e = r.event();
        Map<String, String> details = new LinkedHashMap<>(e.details());
        details.put(AUDIT_CHAIN, chain);
        details.put(AUDIT_SEQUENCE, Long.toString(r.sequence()));
        details.put(AUDIT_HASH, r.hash());
        return new AuditEvent(e.timestamp(), e.principal(), e.action(), e.target(), e.model(), e.version(),
                e.outcome(), e.reason(), details, e.requestId());
    }

    /** The highest source sequence an earlier run copied into the target, 0 if none. */
    private static long lastCopied(AuditLog log, String chain) {
        long cursor = 0;
        while (true) {
            AuditQuery.Builder q = AuditQuery.builder().newestFirst().limit(AuditQuery.MAX_LIMIT);
            if (cursor > 0) {
                q.after(cursor);
            }
            List<AuditRecord> page = log.query(q.build());
            for (AuditRecord r : page) {
                if (chain.equals(r.event().details().get(AUDIT_CHAIN))) {
                    return Long.parseLong(r.event().details().get(AUDIT_SEQUENCE));
                }
            }
            if (page.size() < AuditQuery.MAX_LIMIT) {
                return 0;
            }
            cursor = page.get(page.size() - 1).sequence();
        }
    }
}
