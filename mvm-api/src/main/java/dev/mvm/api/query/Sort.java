package dev.mvm.api.query;

import dev.mvm.api.error.ValidationException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One sort key: a field (any field, e.g. {@code name}, {@code created}, {@code version},
 * {@code metrics.accuracy}) or the free-text relevance, ascending or descending. Rows missing the value sort
 * last in either direction. After all keys, rows are ordered by model name ascending and then version
 * precedence descending, so the order is stable and paging never repeats or skips a row of an unchanged
 * registry.
 *
 * @param field the field, or {@code null} for relevance
 * @param descending whether larger values come first
 * @since 0.1
 */
public record Sort(@Nullable Field field, boolean descending) {
    /** Most relevant first; the default when a search has free text. */
    public static final Sort RELEVANCE = new Sort(null, true);

    /**
     * @param field a field as written in the filter language, or {@code relevance}
     * @return an ascending sort
     * @throws ValidationException if the text names no field
     */
    public static Sort asc(String field) {
        return of(field, false);
    }

    /**
     * @param field a field as written in the filter language, or {@code relevance}
     * @return a descending sort
     * @throws ValidationException if the text names no field
     */
    public static Sort desc(String field) {
        return of(field, true);
    }

    /**
     * Parses {@code <field> [ASC|DESC]}, as in MLflow's {@code order_by}, e.g. {@code metrics.accuracy DESC}.
     *
     * @param text the sort text
     * @return the sort, ascending unless DESC is given
     * @throws ValidationException if the field or direction is invalid
     */
    public static Sort parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip();
        String upper = t.toUpperCase(java.util.Locale.ROOT);
        if (upper.endsWith(" DESC")) {
            return desc(t.substring(0, t.length() - 5).strip());
        }
        if (upper.endsWith(" ASC")) {
            return asc(t.substring(0, t.length() - 4).strip());
        }
        return asc(t);
    }

    private static Sort of(String field, boolean descending) {
        if ("relevance".equalsIgnoreCase(Objects.requireNonNull(field, "field").strip())) {
            return new Sort(null, descending);
        }
        return new Sort(Field.parse(field), descending);
    }

    /** @return whether this sorts by free-text relevance */
    public boolean isRelevance() {
        return field == null;
    }

    @Override
    public String toString() {
        return (field == null ? "relevance" : field.toString()) + (descending ? " DESC" : " ASC");
    }
}
