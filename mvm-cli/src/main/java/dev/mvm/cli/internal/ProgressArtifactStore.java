package dev.mvm.cli.internal;

import dev.mvm.api.artifact.FileLocation;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.spi.ArtifactStore;
import dev.mvm.api.spi.ForwardingArtifactStore;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An artifact store that tells the current {@link Progress.Task} how many bytes went up or came down. Stores
 * that report transfers themselves (S3, through its {@code TransferProgress}) feed {@link #transferred} and are
 * not counted twice. Used only by the commands that transfer files, so that capabilities of the store
 * (garbage collection, download links) stay visible to every other command.
 */
public final class ProgressArtifactStore extends ForwardingArtifactStore {
    private final boolean reportsItself;
    private final AtomicReference<Progress.Task> task = new AtomicReference<>(Progress.Task.NONE);
    private final Map<FileLocation, Long> reported = new ConcurrentHashMap<>();

    /**
     * @param delegate the store
     * @param reportsItself whether the store reports its transfers to {@link #transferred}
     */
    public ProgressArtifactStore(ArtifactStore delegate, boolean reportsItself) {
        super(delegate);
        this.reportsItself = reportsItself;
    }

    /** @param current the task to report to from now on */
    public void reportTo(Progress.Task current) {
        task.set(Objects.requireNonNull(current, "current"));
        reported.clear();
    }

    /**
     * Told by a store that reports itself: bytes done so far of one file.
     *
     * @param location the file
     * @param bytesDone bytes transferred so far
     */
    public void transferred(FileLocation location, long bytesDone) {
        Long before = reported.put(location, bytesDone);
        long delta = bytesDone - (before == null ? 0 : before);
        if (delta > 0) {
            task.get().advance(delta);
        }
    }

    @Override
    public ManifestEntry write(FileLocation location, InputStream content) {
        return super.write(location, reportsItself ? content : new Counting(content));
    }

    @Override
    public ManifestEntry write(FileLocation location, Path file) {
        if (reportsItself) {
            return super.write(location, file);
        }
        return writeAsStream(location, file);
    }

    @Override
    public InputStream open(FileLocation location, Sha256 sha256) {
        InputStream in = super.open(location, sha256);
        return reportsItself ? in : new Counting(in);
    }

    /** Counts the bytes read through it into the current task. */
    private final class Counting extends FilterInputStream {
        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                task.get().advance(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                task.get().advance(n);
            }
            return n;
        }
    }
}
