package dev.mvm.api.query;

import dev.mvm.api.error.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A search: the scope, free text {@link #text()}, a {@link Filter}, sort keys and a {@link Page}.
 *
 * <pre>{@code
 * SearchRequest r = SearchRequest.models(b -> b.text("bert")
 *         .filter("framework = 'pytorch' AND metrics.accuracy > 0.9")
 *         .sort(Sort.desc("metrics.accuracy")).page(1, 20));
 * }</pre>
 *
 * @param scope models, or versions across models
 * @param text free text matched against name, description, tags and metadata, tolerant of typos and
 *     partial words; empty for none
 * @param filter the filter
 * @param sorts sort keys, most significant first; empty means relevance when there is text, else name
 * @param page the slice to return
 * @since 0.1
 */
public record SearchRequest(SearchScope scope, String text, Filter filter, List<Sort> sorts, Page page) {
    /** The longest free text accepted. */
    public static final int MAX_TEXT_LENGTH = 200;
    /** The most sort keys. */
    public static final int MAX_SORTS = 8;

    /** @throws ValidationException if the text is too long or there are too many sort keys */
    public SearchRequest {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(page, "page");
        text = text.strip();
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new ValidationException("q", "The search text has " + text.length() + " characters, at most "
                    + MAX_TEXT_LENGTH + " are allowed");
        }
        if (text.indexOf('\0') >= 0) {
            throw new ValidationException("q", "The search text must not contain NUL characters");
        }
        sorts = List.copyOf(sorts);
        if (sorts.size() > MAX_SORTS) {
            throw new ValidationException("sort", "At most " + MAX_SORTS + " sort keys are allowed, not "
                    + sorts.size());
        }
    }

    /**
     * @param options sets the request's options
     * @return a models-scope request
     */
    public static SearchRequest models(Consumer<Builder> options) {
        Builder b = new Builder(SearchScope.MODELS);
        options.accept(b);
        return b.build();
    }

    /**
     * @param options sets the request's options
     * @return a versions-scope request
     */
    public static SearchRequest versions(Consumer<Builder> options) {
        Builder b = new Builder(SearchScope.VERSIONS);
        options.accept(b);
        return b.build();
    }

    /** @param scope the scope @return a builder with no text, no filter, default paging */
    public static Builder builder(SearchScope scope) {
        return new Builder(scope);
    }

    /** @return a builder holding this request's values */
    public Builder toBuilder() {
        Builder b = new Builder(scope);
        b.text = text;
        b.filter = filter;
        b.sorts.addAll(sorts);
        b.page = page;
        return b;
    }

    /** @return the sort keys in effect: those given, or relevance (with text) or name */
    public List<Sort> effectiveSorts() {
        if (!sorts.isEmpty()) {
            return sorts;
        }
        return text.isEmpty() ? List.of(Sort.asc("name")) : List.of(Sort.RELEVANCE);
    }

    /**
     * The offset of the first row to return: the numbered page's, or the cursor's.
     *
     * @return the offset
     * @throws ValidationException if the cursor is malformed or belongs to another search
     */
    public long offset() {
        String cursor = page.cursor();
        if (cursor == null) {
            return page.numberedOffset();
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = decoded.split(":", -1);
            if (parts.length == 3 && parts[0].equals("1") && parts[2].equals(fingerprint())) {
                long offset = Long.parseLong(parts[1]);
                if (offset >= 0) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below: the cursor is not one of ours
            return invalidCursor();
        }
        return invalidCursor();
    }

    private static long invalidCursor() {
        throw new ValidationException("cursor", "Invalid cursor: it is malformed or belongs to another search;"
                + " pass nextCursor() of the previous page of the same search unchanged");
    }

    /**
     * @param offset the offset of the next row
     * @return the opaque cursor for it
     */
    public String cursorAt(long offset) {
        String raw = "1:" + offset + ":" + fingerprint();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private String fingerprint() {
        String identity = scope + "\u0001" + text + "\u0001" + filter + "\u0001" + effectiveSorts() + "\u0001"
                + page.pageSize();
        return Integer.toHexString(identity.hashCode());
    }

    /** Builds {@link SearchRequest}s. */
    public static final class Builder {
        private final SearchScope scope;
        private String text = "";
        private Filter filter = Filter.ALL;
        private final List<Sort> sorts = new ArrayList<>();
        private Page page = Page.FIRST;

        private Builder(SearchScope scope) {
            this.scope = Objects.requireNonNull(scope, "scope");
        }

        /** @param text free text, possibly empty @return this */
        public Builder text(String text) {
            this.text = Objects.requireNonNull(text, "text");
            return this;
        }

        /** @param filter the filter @return this */
        public Builder filter(Filter filter) {
            this.filter = Objects.requireNonNull(filter, "filter");
            return this;
        }

        /**
         * @param filter filter-language text
         * @return this
         * @throws ValidationException with the position of a syntax error
         */
        public Builder filter(String filter) {
            this.filter = Filter.parse(filter);
            return this;
        }

        /** @param sort a further sort key @return this */
        public Builder sort(Sort sort) {
            this.sorts.add(Objects.requireNonNull(sort, "sort"));
            return this;
        }

        /** @param page the slice @return this */
        public Builder page(Page page) {
            this.page = Objects.requireNonNull(page, "page");
            return this;
        }

        /** @param page from 1 @param pageSize 1 to {@value Page#MAX_PAGE_SIZE} @return this */
        public Builder page(int page, int pageSize) {
            this.page = Page.of(page, pageSize);
            return this;
        }

        /** @return the request */
        public SearchRequest build() {
            return new SearchRequest(scope, text, filter, sorts, page);
        }
    }
}
