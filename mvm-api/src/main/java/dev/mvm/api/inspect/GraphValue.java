package dev.mvm.api.inspect;

import java.util.List;
import java.util.Objects;

/**
 * A graph input or output: its name, element type and shape. Dimensions are text because formats allow
 * symbolic ones: {@code "1"}, {@code "batch"}, or {@code "?"} when unknown.
 *
 * @param name the value's name, e.g. {@code input_ids}
 * @param dtype the element type, e.g. {@code FLOAT}, {@code INT64}
 * @param shape the dimensions, outermost first
 * @since 0.1
 */
public record GraphValue(String name, String dtype, List<String> shape) {
    /** Checks for nulls and copies the shape. */
    public GraphValue {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        shape = List.copyOf(shape);
    }
}
