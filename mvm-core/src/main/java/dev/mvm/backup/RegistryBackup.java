package dev.mvm.backup;

import dev.mvm.api.artifact.ArtifactManifest;
import dev.mvm.api.artifact.FileLocation;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.error.MvmException;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.error.StorageException;
import dev.mvm.api.error.ValidationException;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.embedded.ContentAddressedBlobStore;
import dev.mvm.embedded.SqliteRegistryStore;
import dev.mvm.internal.AllModels;
import dev.mvm.internal.VerifyingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online backup and restore of an embedded registry directory ({@code ModelRegistry.local(dir)}).
 *
 * <p>A backup is consistent while writers in this and other processes go on:
 * <ol>
 *   <li>each SQLite database of the directory ({@code registry.db} first, then {@code audit.db} and any other
 *       {@code *.db}) is copied with {@code VACUUM INTO}, which reads one transaction-consistent snapshot
 *       (WAL readers do not block writers, nor they them);
 *   <li>the snapshot of {@code registry.db} is opened and, for every version in it, its manifest and every file
 *       it lists are copied from {@code artifacts/}, each re-hashed and checked against its digest. Blobs are
 *       immutable and content-addressed, and a committed version's blobs are never deleted while it exists
 *       (garbage collection spares referenced and recent blobs), so every blob the snapshot needs is there;
 *       blobs of registrations committed after the snapshot are not copied, as those versions are not in it.
 * </ol>
 * The backup directory is itself a registry directory: open it with {@code ModelRegistry.local(backup)}, or
 * {@link #restore} it into a fresh directory. Comparisons ({@code comparisons/}) are copied as they are.
 *
 * <pre>{@code
 * BackupReport report = RegistryBackup.create(Path.of("/srv/mvm"), Path.of("/backups/mvm-2026-11-27"));
 * BackupVerification check = RegistryBackup.verify(Path.of("/backups/mvm-2026-11-27"));
 * }</pre>
 *
 * @since 0.1
 */
public final class RegistryBackup {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryBackup.class);
    private static final String REGISTRY_DB = "registry.db";
    private static final String ARTIFACTS = "artifacts";
    private static final String COMPARISONS = "comparisons";

    private RegistryBackup() {
    }

    /**
     * Backs up a registry directory while it is in use.
     *
     * @param registryDirectory the registry directory (holding {@code registry.db} and {@code artifacts/})
     * @param backupDirectory where to write the backup; must not exist, or be empty
     * @return what was written
     * @throws NotFoundException if the registry directory has no {@code registry.db}
     * @throws ValidationException if the backup directory is not empty
     * @throws dev.mvm.api.error.IntegrityException if a blob the snapshot references is damaged
     * @throws StorageException if reading or writing fails
     */
    public static BackupReport create(Path registryDirectory, Path backupDirectory) {
        Instant startedAt = Clock.systemUTC().instant();
        Path liveDb = registryDirectory.resolve(REGISTRY_DB);
        if (!Files.isRegularFile(liveDb)) {
            throw new NotFoundException("No embedded registry in " + registryDirectory + ": " + liveDb
                    + " does not exist");
        }
        requireEmpty(backupDirectory);
        List<String> databases = new ArrayList<>();
        snapshot(liveDb, backupDirectory.resolve(REGISTRY_DB));
        databases.add(REGISTRY_DB);
        for (Path db : otherDatabases(registryDirectory)) {
            snapshot(db, backupDirectory.resolve(db.getFileName().toString()));
            databases.add(db.getFileName().toString());
        }
        long[] counts = copyBlobs(registryDirectory, backupDirectory);
        copyTree(registryDirectory.resolve(COMPARISONS), backupDirectory.resolve(COMPARISONS));
        BackupReport report = new BackupReport(registryDirectory, backupDirectory, startedAt, databases, counts[0],
                counts[1], counts[2]);
        LOG.info("Backed up {} to {}: {} versions, {} blobs, {} bytes", registryDirectory, backupDirectory,
                counts[0], counts[1], counts[2]);
        return report;
    }

    /**
     * Checks that every version of a registry directory has its manifest and every file, with matching digests.
     * Run it on a backup, or on a registry no one writes to at the moment.
     *
     * @param directory a registry directory
     * @return what was checked and what is missing or damaged
     * @throws NotFoundException if the directory has no {@code registry.db}
     * @throws StorageException if reading fails
     */
    public static BackupVerification verify(Path directory) {
        Path db = directory.resolve(REGISTRY_DB);
        if (!Files.isRegularFile(db)) {
            throw new NotFoundException("No embedded registry in " + directory + ": " + db + " does not exist");
        }
        long versions = 0;
        long files = 0;
        long bytes = 0;
        List<String> problems = new ArrayList<>();
        try (SqliteRegistryStore meta = SqliteRegistryStore.open(db);
                ContentAddressedBlobStore blobs = ContentAddressedBlobStore.open(directory.resolve(ARTIFACTS))) {
            for (ModelVersion v : allVersions(meta)) {
                versions++;
                ArtifactManifest manifest;
                try {
                    manifest = blobs.readManifest(v.model(), v.version(), v.artifacts().root());
                } catch (MvmException e) {
                    problems.add("Manifest of " + v.ref() + ": " + e.getMessage());
                    continue;
                }
                for (ManifestEntry f : manifest.files()) {
                    files++;
                    FileLocation location = new FileLocation(v.model(), v.version(), f.path());
                    try (InputStream in = new VerifyingInputStream(blobs.open(location, f.sha256()), f,
                            location.toString())) {
                        in.transferTo(java.io.OutputStream.nullOutputStream());
                        bytes += f.size();
                    } catch (MvmException | IOException e) {
                        problems.add(location + ": " + e.getMessage());
                    }
                }
            }
        }
        return new BackupVerification(versions, files, bytes, problems);
    }

    /**
     * Restores a backup into a new registry directory, after verifying it. Stop the processes that use the old
     * directory first, then point them at the restored one (or move it into the old one's place).
     *
     * @param backupDirectory a backup written by {@link #create}
     * @param registryDirectory the directory to restore into; must not exist, or be empty
     * @return the verification of the backup
     * @throws dev.mvm.api.error.IntegrityException if the backup is damaged; nothing is restored
     * @throws ValidationException if the target directory is not empty
     * @throws StorageException if copying fails
     */
    public static BackupVerification restore(Path backupDirectory, Path registryDirectory) {
        BackupVerification check = verify(backupDirectory);
        if (!check.sound()) {
            throw new dev.mvm.api.error.IntegrityException("Backup " + backupDirectory + " is damaged, nothing was"
                    + " restored: " + String.join("; ", check.problems().subList(0, Math.min(5, check.problems().size()))));
        }
        requireEmpty(registryDirectory);
        copyTree(backupDirectory, registryDirectory);
        return check;
    }

    private static void snapshot(Path liveDb, Path copy) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + liveDb.toAbsolutePath());
                Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 30000");
            s.execute("VACUUM INTO '" + copy.toAbsolutePath().toString().replace("'", "''") + "'");
        } catch (SQLException e) {
            throw new StorageException("Cannot snapshot " + liveDb + " into " + copy + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> otherDatabases(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".db"))
                    .filter(p -> !p.getFileName().toString().equals(REGISTRY_DB))
                    .filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new StorageException("Cannot list " + directory + ": " + e.getMessage(), e);
        }
    }

    /** @return versions, blobs copied, bytes copied */
    private static long[] copyBlobs(Path registryDirectory, Path backupDirectory) {
        long versions = 0;
        long blobsCopied = 0;
        long bytesCopied = 0;
        Set<Sha256> copied = new HashSet<>();
        try (SqliteRegistryStore snapshot = SqliteRegistryStore.open(backupDirectory.resolve(REGISTRY_DB));
                ContentAddressedBlobStore live = ContentAddressedBlobStore.open(registryDirectory.resolve(ARTIFACTS));
                ContentAddressedBlobStore backup = ContentAddressedBlobStore.open(backupDirectory.resolve(ARTIFACTS))) {
            for (ModelVersion v : allVersions(snapshot)) {
                versions++;
                ArtifactManifest manifest = live.readManifest(v.model(), v.version(), v.artifacts().root());
                for (ManifestEntry f : manifest.files()) {
                    if (!copied.add(f.sha256())) {
                        continue;
                    }
                    FileLocation location = new FileLocation(v.model(), v.version(), f.path());
                    try (InputStream in = new VerifyingInputStream(live.open(location, f.sha256()), f,
                            location.toString())) {
                        backup.write(location, in);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    blobsCopied++;
                    bytesCopied += f.size();
                }
                if (copied.add(manifest.root())) {
                    backup.writeManifest(v.model(), v.version(), manifest);
                    blobsCopied++;
                    bytesCopied += manifest.toCanonicalBytes().length;
                }
            }
        }
        return new long[] {versions, blobsCopied, bytesCopied};
    }

    private static List<ModelVersion> allVersions(SqliteRegistryStore store) {
        List<ModelVersion> out = new ArrayList<>();
        for (Model m : AllModels.of(store)) {
            out.addAll(store.listVersions(m.name()));
        }
        return out;
    }

    private static void requireEmpty(Path directory) {
        try {
            if (Files.exists(directory)) {
                try (Stream<Path> entries = Files.list(directory)) {
                    if (entries.findAny().isPresent()) {
                        throw new ValidationException("directory", "Directory " + directory + " is not empty;"
                                + " give a new or empty directory");
                    }
                }
            }
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new StorageException("Cannot prepare " + directory + ": " + e.getMessage(), e);
        }
    }

    private static void copyTree(Path from, Path to) {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(from)) {
            for (Path p : (Iterable<Path>) tree::iterator) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else if (!p.getFileName().toString().endsWith("-wal") && !p.getFileName().toString().endsWith("-shm")) {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new StorageException("Cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }
}
