package dev.mvm.internal;

import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.error.IntegrityException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Hashes every byte it passes on and, at the end of the stream, checks size and SHA-256 against the
 * manifest entry: a mismatch throws {@link IntegrityException} from the read that reaches the end, so a
 * reader that consumes the stream fully can never take corrupt bytes for good ones.
 */
public final class VerifyingInputStream extends FilterInputStream {
    private final ManifestEntry expected;
    private final String subject;
    private final MessageDigest digest = Sha256.newDigest();
    private long count;
    private boolean verified;

    /**
     * @param in the stored bytes
     * @param expected the entry they must match
     * @param subject what is being read, for the message
     */
    public VerifyingInputStream(InputStream in, ManifestEntry expected, String subject) {
        super(in);
        this.expected = expected;
        this.subject = subject;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            verify();
        } else {
            digest.update((byte) b);
            count++;
            checkNotTooLong();
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0) {
            verify();
        } else if (n > 0) {
            digest.update(b, off, n);
            count += n;
            checkNotTooLong();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes must be hashed too, or verification would be meaningless.
        byte[] buf = new byte[8192];
        long left = n;
        while (left > 0) {
            int r = read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                break;
            }
            left -= r;
        }
        return n - left;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void checkNotTooLong() {
        if (count > expected.size()) {
            throw new IntegrityException("Integrity check failed for " + subject + ": more than the recorded "
                    + expected.size() + " bytes");
        }
    }

    private void verify() {
        if (verified) {
            return;
        }
        verified = true;
        Sha256 actual = Sha256.fromBytes(digest.digest());
        if (count != expected.size() || !actual.equals(expected.sha256())) {
            throw new IntegrityException("Integrity check failed for " + subject + ": expected " + expected.size()
                    + " bytes with " + expected.sha256() + ", read " + count + " bytes with " + actual);
        }
    }
}
