package dev.mvm.migrate;

import dev.mvm.api.artifact.Sha256;

/** Names inside an archive file (a zip). */
final class ArchiveLayout {
    /** The value of the {@code format} field of the index. */
    static final String FORMAT = "mvm-archive";
    /** The archive format version this code writes and reads. */
    static final int FORMAT_VERSION = 1;
    /** The index: models, versions, histories, pointers, roles, grants; written last. */
    static final String INDEX = "registry.json";
    /** Audit records, one JSON object per line. */
    static final String AUDIT = "audit.jsonl";

    private ArchiveLayout() {
    }

    static String blob(Sha256 sha256) {
        return "blobs/" + sha256.hex();
    }

    static String manifest(Sha256 root) {
        return "manifests/" + root.hex();
    }
}
