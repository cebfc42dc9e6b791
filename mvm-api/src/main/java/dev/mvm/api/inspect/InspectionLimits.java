package dev.mvm.api.inspect;

/**
 * The documented caps every built-in inspector applies to untrusted files. A file beyond them is rejected
 * with a {@link dev.mvm.api.error.ValidationException} before anything of that size is allocated; a count
 * or length that the rest of the file cannot hold is rejected as {@link dev.mvm.api.error.IntegrityException}.
 *
 * @since 0.1
 */
public final class InspectionLimits {
    /** Largest single range read, and largest header read whole (a safetensors JSON header): 100 MiB. */
    public static final int MAX_READ_BYTES = 100 * 1024 * 1024;
    /** Largest JSON file read whole ({@code config.json}, {@code model.safetensors.index.json}): 16 MiB. */
    public static final int MAX_JSON_BYTES = 16 * 1024 * 1024;
    /** Deepest nesting of JSON objects and arrays, and of GGUF arrays in arrays. */
    public static final int MAX_NESTING_DEPTH = 64;
    /** Most tensors, initializers, graph nodes or metadata entries in one file. */
    public static final int MAX_ENTRIES = 1_000_000;
    /** Most dimensions of one tensor shape. */
    public static final int MAX_DIMENSIONS = 64;
    /** Longest name or key, in bytes. */
    public static final int MAX_NAME_BYTES = 64 * 1024;
    /** Most shard files one index may reference. */
    public static final int MAX_SHARDS = 10_000;
    /** Most characters of a metadata value kept in a structure; longer values are shortened. */
    public static final int MAX_VALUE_CHARS = 200;

    private InspectionLimits() {
    }
}
