package dev.mvm.api.inspect;

import dev.mvm.api.error.ValidationException;
import java.util.List;
import java.util.Objects;

/**
 * One tensor (weight) of a model file: its name, element type, shape and number of parameters.
 *
 * @param name the tensor's name, e.g. {@code encoder.layer.0.attention.self.query.weight}
 * @param dtype the element type as the format names it, e.g. {@code F16}, {@code BF16}, {@code Q4_K}, {@code FLOAT}
 * @param shape the dimensions, outermost first; empty for a scalar
 * @param parameterCount the product of the dimensions
 * @since 0.1
 */
public record TensorInfo(String name, String dtype, List<Long> shape, long parameterCount) {

    /** @throws ValidationException if a dimension is negative or the count is not the product of the shape */
    public TensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        shape = List.copyOf(shape);
        if (parameterCount != product(name, shape)) {
            throw new ValidationException("tensor", "Tensor '" + name + "' has shape " + shape + " but a parameter count of "
                    + parameterCount);
        }
    }

    /**
     * @param name the tensor's name
     * @param dtype the element type
     * @param shape the dimensions
     * @return the tensor, its parameter count computed from the shape
     * @throws ValidationException if a dimension is negative, there are more than
     *     {@link InspectionLimits#MAX_DIMENSIONS} dimensions, or the count overflows a {@code long}
     */
    public static TensorInfo of(String name, String dtype, List<Long> shape) {
        return new TensorInfo(name, dtype, shape, product(name, shape));
    }

    private static long product(String name, List<Long> shape) {
        if (shape.size() > InspectionLimits.MAX_DIMENSIONS) {
            throw new ValidationException("tensor", "Tensor '" + name + "' has " + shape.size()
                    + " dimensions; at most " + InspectionLimits.MAX_DIMENSIONS + " are allowed");
        }
        long n = 1;
        for (Long d : shape) {
            if (d == null || d < 0) {
                throw new ValidationException("tensor", "Tensor '" + name + "' has an invalid dimension " + d
                        + " in shape " + shape + ": dimensions must be at least 0");
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new ValidationException("tensor", "Tensor '" + name + "' has shape " + shape
                        + " whose element count does not fit in 64 bits");
            }
        }
        return n;
    }
}
