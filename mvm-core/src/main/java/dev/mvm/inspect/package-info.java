/**
 * The built-in {@link dev.mvm.api.inspect.StructureInspector}s (safetensors single and sharded, ONNX, GGUF,
 * Hugging Face {@code config.json}) and {@link dev.mvm.inspect.StructureReader}, which finds inspectors with
 * {@link java.util.ServiceLoader} and reads a whole version's structure through range reads.
 */
@NullMarked
package dev.mvm.inspect;

import org.jspecify.annotations.NullMarked;
