package dev.mvm.api.inspect;

import dev.mvm.api.artifact.ArtifactPath;
import java.util.List;
import java.util.Optional;

/**
 * The structure of a whole model version: one {@link FileStructure} per inspected file (an index counts for
 * the shards it covers), plus the files no inspector reads.
 *
 * @param files the inspected files, sorted by path
 * @param uninspected the paths of the other files, sorted
 * @since 0.1
 */
public record ModelStructure(List<FileStructure> files, List<ArtifactPath> uninspected) {

    /** Copies and sorts both lists. */
    public ModelStructure {
        files = files.stream().sorted(java.util.Comparator.comparing(FileStructure::path)).toList();
        uninspected = uninspected.stream().sorted().toList();
    }

    /** @return the sum of the parameter counts of every inspected file */
    public long parameterCount() {
        long n = 0;
        for (FileStructure f : files) {
            n = Math.addExact(n, f.parameterCount());
        }
        return n;
    }

    /** @return the number of tensors in every inspected file */
    public int tensorCount() {
        return files.stream().mapToInt(f -> f.tensors().size()).sum();
    }

    /**
     * @param path an inspected file
     * @return its structure, if it was inspected
     */
    public Optional<FileStructure> file(ArtifactPath path) {
        return files.stream().filter(f -> f.path().equals(path)).findFirst();
    }
}
