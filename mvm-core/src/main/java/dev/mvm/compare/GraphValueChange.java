package dev.mvm.compare;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One added, removed or changed graph input or output.
 *
 * @param role {@code input} or {@code output}
 * @param name the value's name
 * @param kind added, removed or changed
 * @param oldDtype the older element type, {@code null} when added
 * @param newDtype the newer element type, {@code null} when removed
 * @param oldShape the older shape, {@code null} when added
 * @param newShape the newer shape, {@code null} when removed
 * @since 0.1
 */
public record GraphValueChange(String role, String name, ChangeKind kind, @Nullable String oldDtype,
        @Nullable String newDtype, @Nullable List<String> oldShape, @Nullable List<String> newShape) {
    /** Checks for nulls and copies the shapes. */
    public GraphValueChange {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        oldShape = oldShape == null ? null : List.copyOf(oldShape);
        newShape = newShape == null ? null : List.copyOf(newShape);
    }
}
