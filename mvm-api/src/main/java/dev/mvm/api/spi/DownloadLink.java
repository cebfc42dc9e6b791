package dev.mvm.api.spi;

import dev.mvm.api.artifact.ArtifactPath;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.error.ValidationException;
import dev.mvm.api.model.VersionRef;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where a version's files can be downloaded from without going through the registry.
 *
 * <p>{@link #uri()} is the link to start from: the version's manifest where the store can link it (its
 * canonical text hashes to {@link #root()} and lists every file's digest), otherwise the link of the
 * version's first file. {@link #files()} links every file. The embedded store returns {@code file:} URIs that
 * do not expire; stores with expiring links (S3 presigned URLs) set {@link #expiresAt()}. Expiring links are
 * bearer secrets: never log them.
 *
 * @param version the version
 * @param uri the link to start from
 * @param size the total size of the version's files in bytes
 * @param root the root digest of the version's manifest
 * @param expiresAt when the links stop working, {@code null} if they do not expire
 * @param files one link per file, sorted by path
 * @since 0.1
 */
public record DownloadLink(VersionRef version, URI uri, long size, Sha256 root, @Nullable Instant expiresAt,
        List<FileLink> files) {

    /** @throws ValidationException if the size is negative */
    public DownloadLink {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(root, "root");
        files = List.copyOf(files);
        if (size < 0) {
            throw new ValidationException("size", "Invalid size " + size + ": must be at least 0");
        }
    }

    /** @return when the links stop working; empty if they do not expire */
    public Optional<Instant> expiry() {
        return Optional.ofNullable(expiresAt);
    }

    /** @return a description without the links themselves, which may be secrets */
    @Override
    public String toString() {
        return "DownloadLink[" + version + ", " + files.size() + " files, " + size + " bytes, " + root
                + (expiresAt == null ? ", no expiry" : ", expires " + expiresAt) + "]";
    }

    /**
     * The link of one file.
     *
     * @param path the file's path inside the version
     * @param uri where to download it
     * @param size its size in bytes
     * @param sha256 its digest, to verify the download
     */
    public record FileLink(ArtifactPath path, URI uri, long size, Sha256 sha256) {
        /** @return a description without the link itself */
        @Override
        public String toString() {
            return "FileLink[" + path + ", " + size + " bytes, " + sha256 + "]";
        }
    }
}
