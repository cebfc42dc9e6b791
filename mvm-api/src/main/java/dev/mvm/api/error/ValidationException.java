package dev.mvm.api.error;

/**
 * An input was rejected at the edge: a name, version, path, tag, query or size outside what is allowed.
 * The message names the bad value and says what is allowed; {@link #field()} names the input, and for
 * query text {@link #position()} is the zero-based offset of the problem.
 *
 * @since 0.1
 */
public class ValidationException extends MvmException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final int position;

    /**
     * @param field the input that was rejected, e.g. {@code "name"} or {@code "tags.language"}
     * @param message what was wrong and what is allowed
     */
    public ValidationException(String field, String message) {
        this(field, message, -1);
    }

    /**
     * @param field the input that was rejected
     * @param message what was wrong and what is allowed
     * @param position zero-based offset inside the input, or -1 when not applicable
     */
    public ValidationException(String field, String message, int position) {
        super(message);
        this.field = field;
        this.position = position;
    }

    /** @return the name of the rejected input */
    public String field() {
        return field;
    }

    /** @return the zero-based offset of the problem inside a text input, or -1 */
    public int position() {
        return position;
    }
}
