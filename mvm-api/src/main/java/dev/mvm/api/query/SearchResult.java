package dev.mvm.api.query;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One page of search results.
 *
 * @param hits the rows of this page, in order
 * @param total how many rows match in all
 * @param offset the position of the first hit among all matches
 * @param pageSize the requested page size
 * @param nextCursor the cursor of the following page, {@code null} on the last page
 * @since 0.1
 */
public record SearchResult(List<SearchHit> hits, long total, long offset, int pageSize, @Nullable String nextCursor) {
    /** Copies the list. */
    public SearchResult {
        hits = List.copyOf(hits);
    }

    /** @return the cursor of the following page, empty on the last page */
    public Optional<String> next() {
        return Optional.ofNullable(nextCursor);
    }

    /** @return whether more rows follow this page */
    public boolean hasMore() {
        return nextCursor != null;
    }
}
