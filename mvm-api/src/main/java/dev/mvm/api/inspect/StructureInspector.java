package dev.mvm.api.inspect;

import dev.mvm.api.artifact.ArtifactPath;
import dev.mvm.api.error.IntegrityException;
import dev.mvm.api.error.ValidationException;

/**
 * Reads the structure of one kind of model file (safetensors, ONNX, GGUF, a Hugging Face
 * {@code config.json}, ...). Implementations are found with {@link java.util.ServiceLoader}: list the class
 * in {@code META-INF/services/dev.mvm.api.inspect.StructureInspector}; they need a public no-argument
 * constructor and must be thread-safe.
 *
 * <p>The contract: an inspector reads only what it needs through {@link RangeSource#read} (headers, never
 * the weights), and treats every file as untrusted. Malformed or hostile content (a truncated header, a
 * length beyond the file, nesting or counts beyond {@link InspectionLimits}) ends in
 * {@link IntegrityException} or {@link ValidationException} naming the file and what was wrong, never in an
 * {@link OutOfMemoryError} or a loop without end.
 *
 * @since 0.1
 */
public interface StructureInspector {

    /** @return the format's short name, e.g. {@code safetensors}; unique among inspectors */
    String format();

    /**
     * @param path a file's path inside a version
     * @return whether this inspector reads that file (judged by its name alone)
     */
    boolean supports(ArtifactPath path);

    /**
     * Whether a supported file is an index that covers other files (such as
     * {@code model.safetensors.index.json}). Index files are inspected first, and the files an index lists in
     * {@link FileStructure#covers()} are not inspected again on their own.
     *
     * @param path a supported path
     * @return {@code true} for index files; the default is {@code false}
     */
    default boolean isIndex(ArtifactPath path) {
        return false;
    }

    /**
     * Reads one file's structure.
     *
     * @param path a path that {@link #supports} accepts
     * @param files the version's files, for range reads
     * @return the structure
     * @throws IntegrityException if the content is malformed, truncated or inconsistent
     * @throws ValidationException if the content is beyond {@link InspectionLimits}
     */
    FileStructure inspect(ArtifactPath path, ModelFiles files);
}
