package dev.mvm.api.query;

/**
 * A literal value in a filter: a string (also used for dates and versions) or a number.
 *
 * @since 0.1
 */
public sealed interface Literal permits Literal.Str, Literal.Num {

    /**
     * @param value the text
     * @return a string literal
     */
    static Literal of(String value) {
        return new Str(value);
    }

    /**
     * @param value the number
     * @return a number literal
     */
    static Literal of(double value) {
        return new Num(value);
    }

    /**
     * A string literal, written in single or double quotes.
     *
     * @param value the text, without quotes
     */
    record Str(String value) implements Literal {
        /** @throws NullPointerException if value is null */
        public Str {
            java.util.Objects.requireNonNull(value, "value");
        }

        /**
         * Reads the text as a time: a date {@code 2026-06-01} (midnight UTC), a local date-time
         * {@code 2026-06-01T12:00:00} (UTC) or an ISO-8601 instant with offset {@code 2026-06-01T12:00:00Z}.
         *
         * @return the instant
         * @throws ValidationException if the text is none of those
         */
        public java.time.Instant asInstant() {
            try {
                if (value.length() == 10) {
                    return java.time.LocalDate.parse(value).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
                }
                if (value.endsWith("Z") || value.matches(".*[+-]\\d\\d:?\\d\\d$")) {
                    return java.time.OffsetDateTime.parse(value).toInstant();
                }
                return java.time.LocalDateTime.parse(value).toInstant(java.time.ZoneOffset.UTC);
            } catch (java.time.format.DateTimeParseException e) {
                throw new dev.mvm.api.error.ValidationException("filter", "Invalid date " + this
                        + ": use 2026-06-01, 2026-06-01T12:00:00 or 2026-06-01T12:00:00Z");
            }
        }

        /**
         * @return the text as a semantic version
         * @throws ValidationException if it is not one
         */
        public dev.mvm.api.model.SemanticVersion asVersion() {
            try {
                return dev.mvm.api.model.SemanticVersion.parse(value);
            } catch (dev.mvm.api.error.ValidationException e) {
                throw new dev.mvm.api.error.ValidationException("filter", e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "'" + value.replace("'", "''") + "'";
        }
    }

    /**
     * A finite number literal.
     *
     * @param value the number
     */
    record Num(double value) implements Literal {
        /** @throws IllegalArgumentException if the number is not finite */
        public Num {
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("Number literals must be finite, not " + value);
            }
        }

        @Override
        public String toString() {
            return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                    : Double.toString(value);
        }
    }
}
