package dev.mvm.api.query;

import dev.mvm.api.error.ValidationException;
import org.jspecify.annotations.Nullable;

/**
 * Which slice of the results to return: page {@code page} (from 1) of {@code pageSize} rows, or the slice after
 * an opaque {@link #cursor()} returned by a previous {@link SearchResult#nextCursor()}. Page numbers reach
 * {@value #MAX_OFFSET} rows deep; cursors go deeper.
 *
 * @param page the page number, from 1 (ignored with a cursor)
 * @param pageSize rows per page, 1 to {@value #MAX_PAGE_SIZE}
 * @param cursor a cursor from a previous result of the same search, or {@code null}
 * @since 0.1
 */
public record Page(int page, int pageSize, @Nullable String cursor) {
    /** The largest page size. */
    public static final int MAX_PAGE_SIZE = 200;
    /** The default page size. */
    public static final int DEFAULT_PAGE_SIZE = 20;
    /** The deepest row a page number may start at; use cursors beyond. */
    public static final int MAX_OFFSET = 10_000;

    /** The first page of {@value #DEFAULT_PAGE_SIZE} rows. */
    public static final Page FIRST = new Page(1, DEFAULT_PAGE_SIZE, null);

    /** @throws ValidationException if a number is out of range or the cursor is malformed */
    public Page {
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new ValidationException("pageSize", "Invalid page size " + pageSize + ": must be 1 to "
                    + MAX_PAGE_SIZE);
        }
        if (page < 1) {
            throw new ValidationException("page", "Invalid page " + page + ": pages are numbered from 1");
        }
        if (cursor == null && (long) (page - 1) * pageSize > MAX_OFFSET) {
            throw new ValidationException("page", "Page " + page + " of " + pageSize + " starts beyond row "
                    + MAX_OFFSET + "; follow SearchResult.nextCursor() to page deeper");
        }
        if (cursor != null && (cursor.isEmpty() || cursor.length() > 200)) {
            throw new ValidationException("cursor", "Invalid cursor: pass the value of nextCursor() unchanged");
        }
    }

    /**
     * @param page the page number, from 1
     * @param pageSize rows per page, 1 to {@value #MAX_PAGE_SIZE}
     * @return the page
     * @throws ValidationException if a number is out of range
     */
    public static Page of(int page, int pageSize) {
        return new Page(page, pageSize, null);
    }

    /**
     * @param cursor a {@link SearchResult#nextCursor()} of the same search
     * @param pageSize rows per page
     * @return the slice after the cursor
     * @throws ValidationException if the page size is out of range
     */
    public static Page after(String cursor, int pageSize) {
        return new Page(1, pageSize, cursor);
    }

    /** @return the offset of the first row of a numbered page */
    public long numberedOffset() {
        return (long) (page - 1) * pageSize;
    }
}
