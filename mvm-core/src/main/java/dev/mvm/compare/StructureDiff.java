package dev.mvm.compare;

import java.util.List;

/**
 * How two versions differ in structure and files.
 *
 * @param oldParameters the older version's parameter count (all inspected files)
 * @param newParameters the newer version's parameter count
 * @param parameterDelta {@code newParameters - oldParameters}
 * @param oldTensors the older version's tensor count
 * @param newTensors the newer version's tensor count
 * @param tensors added, removed and changed tensors
 * @param layers added, removed and changed layers (graph nodes), values are operator types
 * @param operators operator types whose node count changed, values are counts
 * @param graphValues added, removed and changed graph inputs and outputs
 * @param metadata added, removed and changed metadata keys, as {@code <file>: <key>}
 * @param files added, removed and changed files
 * @param unchangedFiles how many files are identical in both
 * @since 0.1
 */
public record StructureDiff(long oldParameters, long newParameters, long parameterDelta, int oldTensors,
        int newTensors, List<TensorChange> tensors, List<EntryChange> layers, List<EntryChange> operators,
        List<GraphValueChange> graphValues, List<EntryChange> metadata, List<FileChange> files, int unchangedFiles) {
    /** Copies the lists. */
    public StructureDiff {
        tensors = List.copyOf(tensors);
        layers = List.copyOf(layers);
        operators = List.copyOf(operators);
        graphValues = List.copyOf(graphValues);
        metadata = List.copyOf(metadata);
        files = List.copyOf(files);
    }

    /** @return whether tensors, layers, operators or graph inputs and outputs differ */
    public boolean architectureChanged() {
        return !tensors.isEmpty() || !layers.isEmpty() || !operators.isEmpty() || !graphValues.isEmpty();
    }
}
