package dev.mvm.migrate;

import dev.mvm.ModelRegistry;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A registry, or some of its models, in one portable file, and back.
 *
 * <pre>{@code
 * RegistryArchive.export(registry, Path.of("fraud.mvm.zip"), o -> o.model("fraud"));
 * ArchiveSummary contents = RegistryArchive.verify(Path.of("fraud.mvm.zip"));
 * RegistryArchive.importInto(Path.of("fraud.mvm.zip"), otherRegistry);
 * }</pre>
 *
 * <p>The archive is a zip file: every distinct file content once under {@code blobs/<sha256>}, the manifests
 * under {@code manifests/<root>}, the audit records as JSON Lines in {@code audit.jsonl}, and the index
 * {@code registry.json} (models, versions, state histories, pointers and their histories, custom roles,
 * grants, and the audit entry's digest), written last. An export is written to a temporary sibling file and
 * moved into place when complete, so an interrupted export never leaves a file under the archive's name.
 *
 * <p>An import first reads the whole archive and checks every part (every manifest against its root digest,
 * every file's content against its size and SHA-256, every audit record against its hash, the audit entry
 * against the digest in the index); a truncated or damaged archive fails with
 * {@link dev.mvm.api.error.IntegrityException} (a file that is not an MVM archive, or of an unknown format
 * version, with {@link dev.mvm.api.error.ValidationException}) before anything is written. It then copies into
 * the target with the code of {@link RegistryMigration}, so it is idempotent and resumable the same way
 * (importing the same archive twice copies nothing the second time), and it carries history and audit records
 * the same way. Audit records are held in memory during an import.
 *
 * @since 0.1
 */
public final class RegistryArchive {
    private RegistryArchive() {
    }

    /**
     * Exports the whole registry.
     *
     * @param source the registry
     * @param file the archive to write; replaced if it exists
     * @return what was written; {@code skipped} file counts are contents shared between versions, stored once
     * @throws dev.mvm.api.error.IntegrityException if a stored file does not match its manifest
     * @throws dev.mvm.api.error.StorageException if reading the registry or writing the file fails
     */
    public static MigrationReport export(ModelRegistry source, Path file) {
        return export(source, file, o -> { });
    }

    /**
     * Exports what the options select.
     *
     * @param source the registry
     * @param file the archive to write; replaced if it exists
     * @param options e.g. {@code o -> o.model("fraud").progress(listener)}
     * @return what was written
     * @throws dev.mvm.api.error.IntegrityException if a stored file does not match its manifest
     * @throws dev.mvm.api.error.StorageException if reading the registry or writing the file fails
     */
    public static MigrationReport export(ModelRegistry source, Path file, Consumer<MigrationOptions.Builder> options) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(file, "file");
        return new ArchiveWriter(new RegistryReader(source), build(options)).write(file, source.clock());
    }

    /**
     * Checks an archive completely without importing it.
     *
     * @param file the archive
     * @return what it holds
     * @throws dev.mvm.api.error.IntegrityException if it is truncated or damaged
     * @throws dev.mvm.api.error.ValidationException if it is not an MVM archive or of an unknown format version
     * @throws dev.mvm.api.error.NotFoundException if the file does not exist
     */
    public static ArchiveSummary verify(Path file) {
        try (ArchiveReader reader = ArchiveReader.open(file)) {
            return reader.summary();
        }
    }

    /**
     * Imports everything an archive holds.
     *
     * @param file the archive
     * @param target the registry to write
     * @return what was copied and skipped
     * @throws dev.mvm.api.error.IntegrityException if the archive is truncated or damaged; nothing is written
     * @throws dev.mvm.api.error.ValidationException if it is not an MVM archive or of an unknown format version
     * @throws dev.mvm.api.error.NotFoundException if the file does not exist
     * @throws dev.mvm.api.error.StorageException if the target fails; importing again resumes
     */
    public static MigrationReport importInto(Path file, ModelRegistry target) {
        return importInto(file, target, o -> { });
    }

    /**
     * Imports what the options select from an archive.
     *
     * @param file the archive
     * @param target the registry to write
     * @param options e.g. {@code o -> o.model("fraud").progress(listener)}
     * @return what was copied and skipped
     * @throws dev.mvm.api.error.IntegrityException if the archive is truncated or damaged; nothing is written
     * @throws dev.mvm.api.error.ValidationException if it is not an MVM archive or of an unknown format version
     * @throws dev.mvm.api.error.NotFoundException if the file does not exist
     * @throws dev.mvm.api.error.StorageException if the target fails; importing again resumes
     */
    public static MigrationReport importInto(Path file, ModelRegistry target,
            Consumer<MigrationOptions.Builder> options) {
        Objects.requireNonNull(target, "target");
        MigrationOptions built = build(options);
        try (ArchiveReader reader = ArchiveReader.open(file)) {
            return new MigrationRun(reader, target, built).run();
        }
    }

    private static MigrationOptions build(Consumer<MigrationOptions.Builder> options) {
        MigrationOptions.Builder b = MigrationOptions.builder();
        options.accept(b);
        return b.build();
    }
}
