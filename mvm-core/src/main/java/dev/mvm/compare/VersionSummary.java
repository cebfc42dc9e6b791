package dev.mvm.compare;

import java.util.Objects;

/**
 * One compared version, as it was when compared.
 *
 * @param ref {@code model@version}
 * @param state its lifecycle state
 * @param manifestRoot the root digest of its files, in hex
 * @param fileCount how many files
 * @param totalBytes their total size
 * @param parameterCount the parameters of its inspected files
 * @param tensorCount the tensors of its inspected files
 * @param formats the formats found, e.g. {@code safetensors, hf-config}
 * @since 0.1
 */
public record VersionSummary(String ref, String state, String manifestRoot, int fileCount, long totalBytes,
        long parameterCount, int tensorCount, String formats) {
    /** Checks for nulls. */
    public VersionSummary {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(manifestRoot, "manifestRoot");
        Objects.requireNonNull(formats, "formats");
    }
}
