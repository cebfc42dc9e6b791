package dev.mvm.api.inspect;

import java.util.Objects;

/**
 * One layer or graph node of a model file, e.g. an ONNX node.
 *
 * @param name the node's name; generated as {@code <type>_<index>} where the file gives none
 * @param type the operator or layer type, e.g. {@code Gemm}, {@code Relu}
 * @since 0.1
 */
public record LayerInfo(String name, String type) {
    /** Checks for nulls. */
    public LayerInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
