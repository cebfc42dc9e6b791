package dev.mvm.api.query;

/**
 * A comparison operator of the filter language.
 *
 * @since 0.1
 */
public enum Operator {
    /** Equal. */
    EQ("="),
    /** Not equal; a missing value never matches. */
    NE("!="),
    /** Less than. */
    LT("<"),
    /** Less than or equal. */
    LE("<="),
    /** Greater than. */
    GT(">"),
    /** Greater than or equal. */
    GE(">="),
    /** Case-sensitive pattern: {@code %} any run of characters, {@code _} one character, {@code \} escapes. */
    LIKE("LIKE"),
    /** As {@link #LIKE}, ignoring the case of ASCII letters. */
    ILIKE("ILIKE"),
    /** Equal to one of a list of values. */
    IN("IN");

    private final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    /** @return the operator as written in the filter language */
    public String symbol() {
        return symbol;
    }

    /** @return whether this is {@link #LIKE} or {@link #ILIKE} */
    public boolean isPattern() {
        return this == LIKE || this == ILIKE;
    }

    /** @return whether this is an ordering comparison ({@code < <= > >=}) */
    public boolean isOrdering() {
        return this == LT || this == LE || this == GT || this == GE;
    }
}
