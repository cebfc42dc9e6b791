package dev.mvm.s3;

/**
 * How an {@link S3ArtifactStore} names its objects. Both layouts keep a manifest with every file's SHA-256.
 *
 * @since 0.1
 */
public enum Layout {
    /**
     * Files are stored once per content under {@code <prefix>/blobs/sha256/<2 hex>/<62 hex>}; manifests are
     * blobs too. Writing content that is already stored uploads nothing. Unreferenced blobs are removed by
     * garbage collection.
     */
    CONTENT_ADDRESSED,

    /**
     * Files are stored as {@code <prefix>/<model>/<version>/<relative path>}, the layout MLflow, Spark and
     * people browsing the bucket expect, with the manifest at {@code <prefix>/<model>/<version>.mvm-manifest}.
     * A file identical to one already stored is copied on the server, never uploaded again.
     */
    VERSION_TREE;
}
