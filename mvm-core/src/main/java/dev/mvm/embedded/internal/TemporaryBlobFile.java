package dev.mvm.embedded.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file in the store's temporary directory that receives a blob while it is written.
 *
 * <p>While open, the file is listed in a JVM-wide set and holds an exclusive file lock, so housekeeping in
 * this JVM (the set) and in other processes (the lock) can tell it is in use: {@link #removeStale} deletes
 * only temporary files that are old, not in the set, and whose lock it can take. A process killed mid-write
 * loses its lock with its life, so its leftover becomes removable once it is old enough.
 *
 * <p>Closing without {@link #moveTo} deletes the file.
 */
public final class TemporaryBlobFile implements AutoCloseable {
    /** Name suffix of temporary blob files. */
    public static final String SUFFIX = ".part";

    private static final Logger LOG = LoggerFactory.getLogger(TemporaryBlobFile.class);
    private static final Set<Path> IN_USE = ConcurrentHashMap.newKeySet();

    private final Path path;
    private final FileChannel channel;
    private boolean channelOpen = true;
    private boolean moved;

    private TemporaryBlobFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /**
     * Creates a new, empty, locked temporary file.
     *
     * @param directory the temporary directory, on the same file system as the blobs
     * @return the open file
     * @throws IOException if it cannot be created or locked
     */
    public static TemporaryBlobFile create(Path directory) throws IOException {
        Path path = directory.resolve("blob-" + UUID.randomUUID() + SUFFIX).toAbsolutePath().normalize();
        IN_USE.add(path);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            channel.lock();
            return new TemporaryBlobFile(path, channel);
        } catch (IOException | RuntimeException e) {
            IN_USE.remove(path);
            if (channel != null) {
                channel.close();
            }
            Files.deleteIfExists(path);
            throw e;
        }
    }

    /** @return the channel to write to */
    public FileChannel channel() {
        return channel;
    }

    /** @return where the file is */
    public Path path() {
        return path;
    }

    /**
     * Closes the channel (releasing the lock) and renames the file atomically to {@code target}, replacing
     * any file there.
     *
     * @param target the final path, on the same file system
     * @throws IOException if the rename fails; the temporary file is then deleted by {@link #close()}
     */
    public void moveTo(Path target) throws IOException {
        closeChannel();
        Files.move(path, target, StandardCopyOption.ATOMIC_MOVE);
        moved = true;
    }

    private void closeChannel() throws IOException {
        if (channelOpen) {
            channelOpen = false;
            channel.close();
        }
    }

    /** Closes the channel and deletes the file unless it was moved. */
    @Override
    public void close() throws IOException {
        try {
            closeChannel();
        } finally {
            try {
                if (!moved) {
                    Files.deleteIfExists(path);
                }
            } finally {
                IN_USE.remove(path);
            }
        }
    }

    /**
     * Deletes temporary files last modified before {@code olderThan} that no live writer holds.
     *
     * @param directory the temporary directory
     * @param olderThan files modified at or after this instant are kept
     * @return how many files were deleted
     * @throws IOException if the directory cannot be listed
     */
    public static int removeStale(Path directory, Instant olderThan) throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                Path candidate = entry.toAbsolutePath().normalize();
                if (IN_USE.contains(candidate) || !Files.isRegularFile(candidate)) {
                    continue;
                }
                try {
                    if (!Files.getLastModifiedTime(candidate).toInstant().isBefore(olderThan)) {
                        continue;
                    }
                    if (deleteIfUnlocked(candidate)) {
                        removed++;
                    }
                } catch (NoSuchFileException gone) {
                    LOG.debug("Temporary file {} vanished during housekeeping", candidate);
                }
            }
        }
        return removed;
    }

    private static boolean deleteIfUnlocked(Path candidate) throws IOException {
        try (FileChannel ch = FileChannel.open(candidate, StandardOpenOption.WRITE)) {
            @Nullable FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException sameJvm) {
                lock = null;
            }
            if (lock == null) {
                LOG.debug("Keeping temporary file {}: another process is writing it", candidate);
                return false;
            }
            Files.delete(candidate);
            LOG.info("Removed stale temporary file {}", candidate);
            return true;
        }
    }
}
