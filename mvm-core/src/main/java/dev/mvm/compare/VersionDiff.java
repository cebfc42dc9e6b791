package dev.mvm.compare;

import java.util.List;
import java.util.Objects;

/**
 * How one compared version differs from the baseline.
 *
 * @param from the baseline, {@code model@version}
 * @param to the other version
 * @param params added, removed and changed parameters
 * @param tags added, removed and changed tags
 * @param structure the structure and file diff
 * @param suggestedBump the bump the differences call for, from {@code from} to {@code to}
 * @since 0.1
 */
public record VersionDiff(String from, String to, List<EntryChange> params, List<EntryChange> tags,
        StructureDiff structure, BumpSuggestion suggestedBump) {
    /** Checks for nulls and copies the lists. */
    public VersionDiff {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        params = List.copyOf(params);
        tags = List.copyOf(tags);
        Objects.requireNonNull(structure, "structure");
        Objects.requireNonNull(suggestedBump, "suggestedBump");
    }
}
