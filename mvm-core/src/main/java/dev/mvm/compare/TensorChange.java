package dev.mvm.compare;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One added, removed or reshaped tensor (or a tensor whose element type changed).
 *
 * @param name the tensor
 * @param kind added, removed or changed
 * @param oldDtype the older element type, {@code null} when added
 * @param newDtype the newer element type, {@code null} when removed
 * @param oldShape the older shape, {@code null} when added
 * @param newShape the newer shape, {@code null} when removed
 * @param parameterDelta the change in parameter count
 * @since 0.1
 */
public record TensorChange(String name, ChangeKind kind, @Nullable String oldDtype, @Nullable String newDtype,
        @Nullable List<Long> oldShape, @Nullable List<Long> newShape, long parameterDelta) {
    /** Checks for nulls and copies the shapes. */
    public TensorChange {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        oldShape = oldShape == null ? null : List.copyOf(oldShape);
        newShape = newShape == null ? null : List.copyOf(newShape);
    }
}
