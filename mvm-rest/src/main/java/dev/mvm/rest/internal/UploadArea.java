package dev.mvm.rest.internal;

import dev.mvm.api.access.Principal;
import dev.mvm.api.artifact.ArtifactPath;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.error.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Where uploaded files wait until a version is registered from them: one directory per upload, owned by the
 * principal that opened it. Uploads expire; expired ones are removed when the next one is opened. Kept in
 * memory: a restart forgets open uploads (their directories are removed with the staging directory).
 */
public final class UploadArea implements AutoCloseable {
    /** One open upload. */
    record Upload(String id, Principal owner, Path directory, Instant expiresAt) {
    }

    /** One staged file. */
    record StagedFile(String path, long size, String sha256) {
    }

    private final Path root;
    private final boolean ownsRoot;
    private final Clock clock;
    private final Duration expiry;
    private final long maxUploadBytes;
    private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    UploadArea(@Nullable Path root, Clock clock, Duration expiry, long maxUploadBytes) {
        try {
            if (root == null) {
                this.root = Files.createTempDirectory("mvm-rest-uploads");
                this.ownsRoot = true;
            } else {
                this.root = Files.createDirectories(root);
                this.ownsRoot = false;
            }
        } catch (IOException e) {
            throw new StorageException("Cannot create the upload staging directory: " + e.getMessage(), e);
        }
        this.clock = clock;
        this.expiry = expiry;
        this.maxUploadBytes = maxUploadBytes;
    }

    Upload open(Principal owner) {
        purgeExpired();
        String id = "upl-" + UUID.randomUUID();
        Path dir = root.resolve(id);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StorageException("Cannot create upload directory: " + e.getMessage(), e);
        }
        Upload u = new Upload(id, owner, dir, clock.instant().plus(expiry));
        uploads.put(id, u);
        return u;
    }

    /** @throws NotFoundException unless the upload exists, has not expired and belongs to the principal */
    Upload get(String id, Principal principal) {
        Upload u = uploads.get(id);
        if (u == null || !u.owner().equals(principal) || !clock.instant().isBefore(u.expiresAt())) {
            // another principal's upload is reported as missing, not as forbidden: ids are not to be probed
            throw new NotFoundException("Upload '" + Call.printable(id) + "' does not exist, has expired or belongs"
                    + " to someone else; open one with POST /api/v1/uploads");
        }
        return u;
    }

    /**
     * Streams one file into an upload, hashing it on the way; checks the digest the client sent, if any.
     *
     * @throws ApiException 422 INTEGRITY if the bytes do not match {@code expectedSha256}, 413 beyond the limit
     */
    StagedFile put(Upload upload, String path, InputStream body, @Nullable String expectedSha256) throws IOException {
        ArtifactPath checked = ArtifactPath.of(path);
        Path target = upload.directory().resolve(checked.value()).normalize();
        if (!target.startsWith(upload.directory())) {
            throw ApiException.validation("path", "Path '" + Call.printable(path) + "' leaves the upload");
        }
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(upload.directory(), ".part-", ".tmp");
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no SHA-256", e);
        }
        long size = 0;
        long alreadyStaged = stagedBytes(upload);
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buf = new byte[1 << 20];
                for (int n; (n = body.read(buf)) > 0; ) {
                    size += n;
                    if (size + alreadyStaged > maxUploadBytes) {
                        throw new ApiException(413, "PAYLOAD_TOO_LARGE", "The upload would exceed " + maxUploadBytes
                                + " bytes, the limit of this server for one upload");
                    }
                    sha.update(buf, 0, n);
                    out.write(buf, 0, n);
                }
            }
            String actual = HexFormat.of().formatHex(sha.digest());
            if (expectedSha256 != null && !expectedSha256.equalsIgnoreCase(actual)) {
                throw new ApiException(422, "INTEGRITY", "The uploaded bytes of '" + checked + "' have SHA-256 "
                        + actual + ", not " + Call.printable(expectedSha256) + " as the request said; nothing was kept",
                        Map.of("expected", Call.printable(expectedSha256), "actual", actual));
            }
            synchronized (lock(upload)) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return new StagedFile(checked.value(), size, actual);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    List<StagedFile> files(Upload upload) throws IOException {
        List<StagedFile> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(upload.directory())) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                String rel = upload.directory().relativize(p).toString().replace('\\', '/');
                if (!p.getFileName().toString().startsWith(".part-")) {
                    out.add(new StagedFile(rel, Files.size(p), ""));
                }
            }
        }
        return out;
    }

    private long stagedBytes(Upload upload) throws IOException {
        long total = 0;
        for (StagedFile f : files(upload)) {
            total += f.size();
        }
        return total;
    }

    private Object lock(Upload upload) {
        return locks.computeIfAbsent(upload.id(), k -> new Object());
    }

    void remove(Upload upload) {
        uploads.remove(upload.id());
        locks.remove(upload.id());
        deleteTree(upload.directory());
    }

    private void purgeExpired() {
        Instant now = clock.instant();
        for (Upload u : List.copyOf(uploads.values())) {
            if (!now.isBefore(u.expiresAt())) {
                remove(u);
            }
        }
    }

    @Override
    public void close() {
        for (Upload u : List.copyOf(uploads.values())) {
            remove(u);
        }
        if (ownsRoot) {
            deleteTree(root);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, @Nullable IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new StorageException("Cannot remove staged upload " + dir + ": " + e.getMessage(), e);
        }
    }
}
