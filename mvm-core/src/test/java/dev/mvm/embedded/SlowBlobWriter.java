package dev.mvm.embedded;

import dev.mvm.api.artifact.ArtifactPath;
import dev.mvm.api.artifact.FileLocation;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.SemanticVersion;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CountDownLatch;

/**
 * Child-process main for crash and multi-process tests: writes {@code size} pseudo-random bytes (seeded)
 * into the store at {@code root}.
 *
 * <p>Arguments: {@code root size seed mode}. In mode {@code stall} it prints {@code HALF} once half the
 * bytes have been handed to the store and then blocks forever, waiting to be killed. In mode
 * {@code repeat:<n>} it writes the content n times and prints {@code DIGEST <hex>} after each write.
 */
public final class SlowBlobWriter {
    private SlowBlobWriter() {
    }

    /** @param args root, size, seed, mode */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        int size = Integer.parseInt(args[1]);
        byte[] content = content(size, Long.parseLong(args[2]));
        String mode = args[3];
        FileLocation location = new FileLocation(ModelName.of("child"), SemanticVersion.parse("1.0.0"),
                ArtifactPath.of("big.bin"));
        try (ContentAddressedBlobStore store = ContentAddressedBlobStore.open(root)) {
            if (mode.equals("stall")) {
                store.write(location, stallingAtHalf(content));
                System.out.println("UNEXPECTED-DONE");
            } else {
                int times = Integer.parseInt(mode.substring("repeat:".length()));
                for (int i = 0; i < times; i++) {
                    ManifestEntry entry = store.write(location, new java.io.ByteArrayInputStream(content));
                    System.out.println("DIGEST " + entry.sha256().hex());
                }
            }
        }
    }

    /** @return the bytes the child writes for a size and seed */
    static byte[] content(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static InputStream stallingAtHalf(byte[] content) {
        int half = content.length / 2;
        return new InputStream() {
            private int pos;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= half) {
                    System.out.println("HALF " + pos);
                    System.out.flush();
                    awaitKill();
                }
                int n = Math.min(len, half - pos);
                System.arraycopy(content, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }

    private static void awaitKill() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to be killed", e);
        }
    }
}
