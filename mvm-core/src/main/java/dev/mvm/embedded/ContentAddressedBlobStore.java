package dev.mvm.embedded;

import dev.mvm.api.artifact.ArtifactManifest;
import dev.mvm.api.artifact.FileLocation;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.error.StorageException;
import dev.mvm.api.error.ValidationException;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.api.spi.ArtifactStore;
import dev.mvm.api.spi.StoredBlob;
import dev.mvm.api.spi.SupportsGarbageCollection;
import dev.mvm.embedded.internal.FileRangeInputStream;
import dev.mvm.embedded.internal.HashingCopy;
import dev.mvm.embedded.internal.TemporaryBlobFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link ArtifactStore}: a directory of blobs addressed by their SHA-256 digest.
 *
 * <p>Layout under the root directory:
 * <pre>
 * blobs/sha256/&lt;first 2 hex&gt;/&lt;remaining 62 hex&gt;   one file per distinct content, manifests included
 * tmp/blob-&lt;uuid&gt;.part                          writes in progress (never listed as blobs)
 * gc/                                             blobs being deleted by garbage collection
 * </pre>
 *
 * <p>A write copies the bytes into a temporary file while hashing them, forces them to the device and renames
 * the file atomically to its address; until then nothing is readable, and a failure deletes the temporary
 * file. If the address is already taken, the identical content is kept, its last-modified time is refreshed
 * (so garbage collection spares it) and the temporary file is deleted. Several threads or processes may write
 * the same content at once: the rename is atomic and every contender renames identical bytes.
 *
 * <p>Files are keyed by content only; the {@link FileLocation} serves messages. Hence
 * {@link #deleteVersion} deletes nothing: blobs may be shared by other versions, and unreferenced ones are
 * left to {@link dev.mvm.gc.GarbageCollector}, which uses {@link #listBlobs()} and {@link #deleteBlob}.
 *
 * <p>Housekeeping: {@link #open(Path)} removes temporary files older than
 * {@link #DEFAULT_STALE_TEMPORARY_AGE} that no live process is writing (each writer holds a lock on its
 * temporary file), left over by a crashed writer; {@link #removeStaleTemporaryFiles()} does the same on demand.
 *
 * <p>Thread-safe. Reads return the bytes as stored; callers verify digests.
 *
 * @since 0.1
 */
public final class ContentAddressedBlobStore implements ArtifactStore, SupportsGarbageCollection {
    /** Temporary files older than this are considered abandoned by a crashed writer. */
    public static final Duration DEFAULT_STALE_TEMPORARY_AGE = Duration.ofHours(24);

    private static final Logger LOG = LoggerFactory.getLogger(ContentAddressedBlobStore.class);
    private static final int CHUNK_SIZE = 4 << 20;
    private static final int RETAINED_BUFFERS = 6;
    private static final AtomicInteger STORE_NUMBER = new AtomicInteger();

    private final Path root;
    private final Path blobs;
    private final Path tmp;
    private final Path gc;
    private final Clock clock;
    private final Duration staleTemporaryAge;
    private final ExecutorService background;
    private final HashingCopy copier;
    private volatile boolean closed;

    private ContentAddressedBlobStore(Path root, Clock clock, Duration staleTemporaryAge) {
        this.root = root;
        this.blobs = root.resolve("blobs").resolve("sha256");
        this.tmp = root.resolve("tmp");
        this.gc = root.resolve("gc");
        this.clock = clock;
        this.staleTemporaryAge = staleTemporaryAge;
        this.background = Executors.newCachedThreadPool(daemonThreads("mvm-blob-copy-" + STORE_NUMBER.incrementAndGet()));
        this.copier = new HashingCopy(background, CHUNK_SIZE, RETAINED_BUFFERS);
    }

    /**
     * Opens (creating if needed) a store under {@code root} with the system clock, and removes temporary
     * files abandoned for longer than {@link #DEFAULT_STALE_TEMPORARY_AGE}.
     *
     * @param root the store directory
     * @return the store
     * @throws StorageException if the directories cannot be created
     */
    public static ContentAddressedBlobStore open(Path root) {
        return open(root, Clock.systemUTC(), DEFAULT_STALE_TEMPORARY_AGE);
    }

    /**
     * Opens (creating if needed) a store under {@code root}, and removes temporary files last modified more
     * than {@code staleTemporaryAge} before {@code clock}'s now that no live process is writing.
     *
     * @param root the store directory
     * @param clock the time source for refreshing blobs and for housekeeping
     * @param staleTemporaryAge how old an unlocked temporary file must be to be removed; make it longer than
     *     any single write can take
     * @return the store
     * @throws StorageException if the directories cannot be created
     * @throws IllegalArgumentException if {@code staleTemporaryAge} is negative
     */
    public static ContentAddressedBlobStore open(Path root, Clock clock, Duration staleTemporaryAge) {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(clock, "clock");
        if (staleTemporaryAge.isNegative()) {
            throw new IllegalArgumentException("Invalid staleTemporaryAge " + staleTemporaryAge + ": must be at least 0");
        }
        Path absolute = root.toAbsolutePath().normalize();
        ContentAddressedBlobStore store = new ContentAddressedBlobStore(absolute, clock, staleTemporaryAge);
        try {
            Files.createDirectories(store.blobs);
            Files.createDirectories(store.tmp);
            Files.createDirectories(store.gc);
            store.removeStaleTemporaryFiles();
            store.restoreInterruptedDeletions();
        } catch (IOException | RuntimeException e) {
            store.close();
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new StorageException("Cannot open blob store at " + absolute + ": " + e.getMessage(), e);
        }
        return store;
    }

    /** @return the store's root directory */
    public Path root() {
        return root;
    }

    /**
     * Removes temporary files last modified more than the configured stale age ago that no live process is
     * writing. Called by {@link #open}; safe to call at any time.
     *
     * @return how many files were removed
     * @throws StorageException if the temporary directory cannot be listed
     */
    public int removeStaleTemporaryFiles() {
        try {
            return TemporaryBlobFile.removeStale(tmp, clock.instant().minus(staleTemporaryAge));
        } catch (IOException e) {
            throw new StorageException("Cannot clean temporary files in " + tmp + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "file:" + root;
    }

    @Override
    public ManifestEntry write(FileLocation location, InputStream content) {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(content, "content");
        return store(location, temp -> copier.copy(content, temp.channel(), true));
    }

    /**
     * Stores a local file, reading it through a file channel with large direct buffers and hashing every byte
     * in the same pass.
     *
     * @throws StorageException if the file cannot be read or stored
     */
    @Override
    public ManifestEntry write(FileLocation location, Path file) {
        Objects.requireNonNull(location, "location");
        try (FileChannel source = FileChannel.open(file, StandardOpenOption.READ)) {
            return store(location, temp -> copier.copy(source, temp.channel(), true));
        } catch (IOException e) {
            throw new StorageException("Cannot read " + file + " for " + location + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface CopyInto {
        HashingCopy.Result copy(TemporaryBlobFile temp) throws IOException;
    }

    private ManifestEntry store(FileLocation location, CopyInto copy) {
        HashingCopy.Result result = storeBlob(location.toString(), copy);
        return new ManifestEntry(location.path(), result.size(), result.sha256());
    }

    private HashingCopy.Result storeBlob(String what, CopyInto copy) {
        ensureOpen();
        try (TemporaryBlobFile temp = TemporaryBlobFile.create(tmp)) {
            HashingCopy.Result result = copy.copy(temp);
            publish(temp, result.sha256());
            return result;
        } catch (IOException | UncheckedIOException e) {
            throw new StorageException("Cannot store " + what + " in " + describe() + ": " + e.getMessage(), e);
        }
    }

    private void publish(TemporaryBlobFile temp, Sha256 sha256) throws IOException {
        Path target = blobPath(sha256);
        if (refresh(target)) {
            return; // identical content already stored; close() deletes the temporary file
        }
        Files.createDirectories(target.getParent());
        temp.moveTo(target);
        syncDirectory(target.getParent());
    }

    /** Refreshes an existing blob's modification time; false if there is none. */
    private boolean refresh(Path blob) throws IOException {
        try {
            Files.setLastModifiedTime(blob, FileTime.from(clock.instant()));
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private static void syncDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("Cannot force directory {} on this platform: {}", directory, e.toString());
        }
    }

    @Override
    public InputStream open(FileLocation location, Sha256 sha256) {
        ensureOpen();
        Path blob = blobPath(sha256);
        try {
            return Files.newInputStream(blob);
        } catch (NoSuchFileException e) {
            throw notFound(location, sha256, e);
        } catch (IOException e) {
            throw new StorageException("Cannot open " + sha256 + " for " + location + " at " + blob + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Reads a range with positional reads on the blob file, without reading what comes before it.
     *
     * @throws NotFoundException if the blob is not stored
     * @throws ValidationException if offset or length is negative
     */
    @Override
    public InputStream openRange(FileLocation location, Sha256 sha256, long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new ValidationException("range", "Invalid range offset=" + offset + " length=" + length
                    + " for " + location + ": both must be at least 0");
        }
        ensureOpen();
        Path blob = blobPath(sha256);
        try {
            return new FileRangeInputStream(FileChannel.open(blob, StandardOpenOption.READ), offset, length);
        } catch (NoSuchFileException e) {
            throw notFound(location, sha256, e);
        } catch (IOException e) {
            throw new StorageException("Cannot open " + sha256 + " for " + location + " at " + blob + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Long> size(FileLocation location, Sha256 sha256) {
        ensureOpen();
        try {
            return Optional.of(Files.size(blobPath(sha256)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageException("Cannot stat " + sha256 + " for " + location + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stores the manifest's canonical text as a blob addressed by its root digest; if it is already stored,
     * refreshes it.
     *
     * @throws StorageException if it cannot be stored
     */
    @Override
    public void writeManifest(ModelName model, SemanticVersion version, ArtifactManifest manifest) {
        byte[] canonical = manifest.toCanonicalBytes();
        HashingCopy.Result result = storeBlob("manifest of " + model + "@" + version,
                temp -> copier.copy(new ByteArrayInputStream(canonical), temp.channel(), true));
        if (!result.sha256().equals(manifest.root())) {
            throw new IllegalStateException("Manifest text of " + model + "@" + version + " hashed to "
                    + result.sha256() + " instead of its root " + manifest.root());
        }
    }

    @Override
    public ArtifactManifest readManifest(ModelName model, SemanticVersion version, Sha256 root) {
        ensureOpen();
        Path blob = blobPath(root);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(blob);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("No manifest " + root + " for " + model + "@" + version + " in "
                    + describe(), e);
        } catch (IOException e) {
            throw new StorageException("Cannot read manifest " + root + " for " + model + "@" + version + ": "
                    + e.getMessage(), e);
        }
        return ArtifactManifest.parse(bytes, root);
    }

    /**
     * Deletes nothing: blobs are shared by content with other versions. Blobs no registered version
     * references any more are removed by garbage collection after its grace period.
     */
    @Override
    public void deleteVersion(ModelName model, SemanticVersion version, ArtifactManifest manifest) {
        ensureOpen();
        LOG.debug("Version {}@{} released; its {} files are left to garbage collection", model, version,
                manifest.files().size());
    }

    /**
     * Lists the blobs directory; temporary files and files whose names are not digests are skipped.
     *
     * @throws StorageException if the directory cannot be listed
     */
    @Override
    public Stream<StoredBlob> listBlobs() {
        ensureOpen();
        List<Path> prefixes = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(blobs, p -> isHex(p.getFileName().toString(), 2))) {
            dirs.forEach(prefixes::add);
        } catch (IOException e) {
            throw new StorageException("Cannot list " + blobs + ": " + e.getMessage(), e);
        }
        prefixes.sort(null);
        return prefixes.stream().flatMap(this::listPrefix);
    }

    private Stream<StoredBlob> listPrefix(Path prefixDir) {
        String prefix = prefixDir.getFileName().toString();
        List<StoredBlob> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(prefixDir,
                p -> isHex(p.getFileName().toString(), 62))) {
            for (Path file : files) {
                try {
                    BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
                    if (attrs.isRegularFile()) {
                        found.add(new StoredBlob(new Sha256(prefix + file.getFileName()), attrs.size(),
                                attrs.lastModifiedTime().toInstant()));
                    }
                } catch (NoSuchFileException gone) {
                    LOG.debug("Blob {} vanished while listing", file);
                }
            }
        } catch (NoSuchFileException gone) {
            return Stream.empty();
        } catch (IOException e) {
            throw new StorageException("Cannot list " + prefixDir + ": " + e.getMessage(), e);
        }
        return found.stream();
    }

    private static boolean isHex(String name, int length) {
        if (name.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = name.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Deletes a blob unless it was written or refreshed at or after {@code notModifiedSince}. The blob is
     * first renamed out of its address and its time checked again, so a write that refreshes it
     * concurrently either sees it gone and stores its own copy, or is seen here and the blob is put back.
     *
     * @throws StorageException if the file system fails
     */
    @Override
    public boolean deleteBlob(Sha256 sha256, Instant notModifiedSince) {
        ensureOpen();
        Path blob = blobPath(sha256);
        Path doomed = gc.resolve(sha256.hex() + "-" + UUID.randomUUID());
        try {
            if (!modifiedBefore(blob, notModifiedSince)) {
                return false;
            }
            Files.move(blob, doomed, StandardCopyOption.ATOMIC_MOVE);
            if (modifiedBefore(doomed, notModifiedSince)) {
                Files.delete(doomed);
                return true;
            }
            putBack(doomed, blob);
            return false;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new StorageException("Cannot delete blob " + sha256 + " from " + describe() + ": "
                    + e.getMessage(), e);
        }
    }

    private static boolean modifiedBefore(Path file, Instant boundary) throws IOException {
        return Files.getLastModifiedTime(file).toInstant().isBefore(boundary);
    }

    private static void putBack(Path doomed, Path blob) throws IOException {
        try {
            Files.move(doomed, blob);
        } catch (FileAlreadyExistsException alreadyRewritten) {
            Files.delete(doomed);
        }
    }

    /** Puts back blobs whose deletion was interrupted by a crash (they are collected again later). */
    private void restoreInterruptedDeletions() throws IOException {
        Instant boundary = clock.instant().minus(staleTemporaryAge);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(gc)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.length() < 65 || !isHex(name.substring(0, 64), 64)
                        || !Files.getLastModifiedTime(entry).toInstant().isBefore(boundary)) {
                    continue;
                }
                Path blob = blobPath(new Sha256(name.substring(0, 64)));
                Files.createDirectories(blob.getParent());
                putBack(entry, blob);
            }
        }
    }

    /**
     * @param sha256 a digest
     * @return where the blob with that digest is (or would be) stored
     */
    Path blobPath(Sha256 sha256) {
        String hex = sha256.hex();
        return blobs.resolve(hex.substring(0, 2)).resolve(hex.substring(2));
    }

    private NotFoundException notFound(FileLocation location, Sha256 sha256, Exception cause) {
        return new NotFoundException("No blob " + sha256 + " for " + location + " in " + describe(), cause);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("Blob store " + describe() + " is closed");
        }
    }

    /** Stops the background copy threads; streams already opened stay readable. */
    @Override
    public void close() {
        closed = true;
        background.shutdown();
    }

    @Override
    public String toString() {
        return "ContentAddressedBlobStore[" + root + "]";
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
