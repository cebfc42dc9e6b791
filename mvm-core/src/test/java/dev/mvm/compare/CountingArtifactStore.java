package dev.mvm.compare;

import dev.mvm.api.artifact.FileLocation;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.spi.ArtifactStore;
import dev.mvm.api.spi.ForwardingArtifactStore;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

/** A decorator around a real artifact store that counts the file bytes read through it. */
final class CountingArtifactStore extends ForwardingArtifactStore {
    final AtomicLong bytesRead = new AtomicLong();
    final AtomicLong rangeReads = new AtomicLong();
    final AtomicLong fullOpens = new AtomicLong();

    CountingArtifactStore(ArtifactStore delegate) {
        super(delegate);
    }

    void reset() {
        bytesRead.set(0);
        rangeReads.set(0);
        fullOpens.set(0);
    }

    @Override
    public String describe() {
        return "counting(" + delegate().describe() + ")";
    }

    @Override
    public InputStream open(FileLocation location, Sha256 sha256) {
        fullOpens.incrementAndGet();
        return counted(delegate().open(location, sha256));
    }

    @Override
    public InputStream openRange(FileLocation location, Sha256 sha256, long offset, long length) {
        rangeReads.incrementAndGet();
        return counted(delegate().openRange(location, sha256, offset, length));
    }

    private InputStream counted(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    bytesRead.incrementAndGet();
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    bytesRead.addAndGet(n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                // skipped bytes are not transferred to the caller, but count them: a store that skips by reading
                // would transfer them
                long skipped = super.skip(n);
                bytesRead.addAndGet(skipped);
                return skipped;
            }
        };
    }
}
