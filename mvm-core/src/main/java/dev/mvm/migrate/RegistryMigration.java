package dev.mvm.migrate;

import dev.mvm.ModelRegistry;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Copies everything from one registry to another: models; versions with their metadata and files, every file
 * re-hashed on the way and checked against the manifest; lifecycle states with their history; environment
 * pointers with their history; custom roles and grants; audit records. E.g. from the embedded default to
 * MLflow and S3 when a team grows.
 *
 * <pre>{@code
 * try (ModelRegistry from = ModelRegistry.local(Path.of(".mvm"));
 *      ModelRegistry to = ModelRegistry.builder().registryStore(mlflow).artifactStore(s3).build()) {
 *     MigrationReport report = RegistryMigration.copy(from, to, o -> o.progress(bar::update));
 * }
 * }</pre>
 *
 * <p><b>Idempotent and resumable.</b> Each item is looked up in the target before it is written: a model or
 * version that exists is skipped, a file whose content the target already stores is not sent again, state and
 * pointer histories are replayed only past the entries the target already has, grants are matched by id, and
 * audit records by their original sequence number (below). Running a migration twice therefore copies nothing
 * the second time, and running it again after a failure (a dropped connection, a full disk, a killed process)
 * completes it. A version becomes visible in the target only after all its files and its manifest are
 * stored, so an interrupted run never leaves a version with missing files.
 *
 * <p><b>History.</b> The SPIs carry history with its original time and actor: a {@code StateChange} and a
 * {@code PointerMove} hold who and when, and {@code RegistryStore.transition} and {@code movePointer} record
 * them as given. So a version is created in the first state of its source history and the history is
 * replayed, change by change, through the target store; pointer moves likewise. The target's histories thus
 * read exactly as the source's. Pointer histories are found for every environment the source store lists
 * through {@link dev.mvm.api.spi.SupportsEnvironmentListing} (the embedded and MLflow stores do), otherwise for every
 * environment that is set now or that the source's lifecycle policy names. Where a history names a version that no longer exists, replay stops there
 * and the pointer is set to where the source's points (reported as a warning).
 *
 * <p><b>Audit.</b> An audit log is a hash chain, and a record's sequence and hash depend on the records before
 * it in its own log, so the past cannot be written verbatim into a log that already has records. Each source
 * record is therefore appended to the target's log as a new record with the original timestamp, principal,
 * action, target, outcome, reason and request id, plus three details: {@code migrated.chain} (the hash of the
 * source's first record, naming the source chain), {@code migrated.sequence} and {@code migrated.hash} (the
 * original record's place and hash). The original chain stays verifiable from those details; the target's
 * chain stays intact; and the highest {@code migrated.sequence} of the chain tells a later run where to resume.
 *
 * <p>The migration is an operator tool: it reads and writes below the facade (no permission checks, no audit
 * records of its own, no events) and needs both registries' stores. Grants are copied only into a target that
 * enforces access control, audit records only into a target with an audit log; otherwise the report warns.
 *
 * @since 0.1
 */
public final class RegistryMigration {
    private RegistryMigration() {
    }

    /**
     * Copies everything, without progress reports.
     *
     * @param source the registry to read
     * @param target the registry to write
     * @return what was copied and skipped
     * @throws dev.mvm.api.error.IntegrityException if a file's bytes do not match its manifest entry; the
     *     version concerned is not created, and a repeated run resumes from there
     * @throws dev.mvm.api.error.StorageException if a store fails; a repeated run resumes
     * @throws IllegalArgumentException if source and target are the same registry
     */
    public static MigrationReport copy(ModelRegistry source, ModelRegistry target) {
        return copy(source, target, o -> { });
    }

    /**
     * Copies what the options select.
     *
     * @param source the registry to read
     * @param target the registry to write
     * @param options e.g. {@code o -> o.model("fraud").progress(listener)}
     * @return what was copied and skipped
     * @throws dev.mvm.api.error.IntegrityException if a file's bytes do not match its manifest entry; the
     *     version concerned is not created, and a repeated run resumes from there
     * @throws dev.mvm.api.error.StorageException if a store fails; a repeated run resumes
     * @throws IllegalArgumentException if source and target are the same registry
     */
    public static MigrationReport copy(ModelRegistry source, ModelRegistry target,
            Consumer<MigrationOptions.Builder> options) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        if (source.registryStore() == target.registryStore()) {
            throw new IllegalArgumentException("Source and target are the same registry (" + source + ")");
        }
        MigrationOptions.Builder b = MigrationOptions.builder();
        options.accept(b);
        return new MigrationRun(new RegistryReader(source), target, b.build()).run();
    }
}
