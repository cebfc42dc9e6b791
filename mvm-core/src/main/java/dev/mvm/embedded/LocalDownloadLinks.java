package dev.mvm.embedded;

import dev.mvm.api.artifact.ArtifactManifest;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.model.VersionRef;
import dev.mvm.api.spi.DownloadLink;
import java.util.ArrayList;
import java.util.List;

/**
 * Download links into a {@link ContentAddressedBlobStore}: {@code file:} URIs of the blobs, which do not expire.
 * The version's link is its manifest blob, whose text lists every file's digest and hashes to the root digest.
 *
 * @since 0.1
 */
public final class LocalDownloadLinks {
    private LocalDownloadLinks() {
    }

    /**
     * @param store the blob store holding the version's files
     * @param version the version
     * @param manifest its manifest, as read from the store
     * @return links to the manifest and every file, without expiry
     */
    public static DownloadLink of(ContentAddressedBlobStore store, VersionRef version, ArtifactManifest manifest) {
        List<DownloadLink.FileLink> files = new ArrayList<>(manifest.files().size());
        for (ManifestEntry e : manifest.files()) {
            files.add(new DownloadLink.FileLink(e.path(), store.blobPath(e.sha256()).toUri(), e.size(), e.sha256()));
        }
        return new DownloadLink(version, store.blobPath(manifest.root()).toUri(), manifest.totalBytes(),
                manifest.root(), null, files);
    }
}
