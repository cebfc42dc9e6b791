package dev.mvm.api.query;

import dev.mvm.api.error.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An immutable filter: the syntax tree of the filter language, built by {@link #parse(String)} or fluently.
 *
 * <pre>{@code
 * Filter f = Filter.parse("framework = 'pytorch' AND metrics.accuracy >= 0.9");
 * Filter same = Filter.field("framework").eq("pytorch").and(Filter.field("metrics.accuracy").ge(0.9));
 * }</pre>
 *
 * <p>Logic is three-valued, as in SQL: comparing a missing value (an absent tag or metric, a model without
 * versions) is <em>unknown</em>, and {@code NOT unknown} is unknown too, so a missing value never matches
 * a comparison, negated or not. A row matches when the whole filter is true.
 *
 * @since 0.1
 */
public sealed interface Filter permits Filter.All, Filter.Comparison, Filter.And, Filter.Or, Filter.Not {

    /** The longest filter text accepted. */
    int MAX_LENGTH = 10_000;
    /** The deepest nesting of parentheses and {@code NOT} accepted. */
    int MAX_DEPTH = 32;
    /** The most comparisons in one filter. */
    int MAX_COMPARISONS = 200;
    /** The most values in one {@code IN} list. */
    int MAX_IN_VALUES = 1000;

    /** The filter that matches everything. */
    Filter ALL = new All();

    /**
     * Parses the filter language, e.g.
     * {@code name LIKE 'bert%' AND tags.language = 'chinese' AND (framework = 'pytorch' OR framework = 'onnx')}.
     * A blank text is {@link #ALL}.
     *
     * @param text the filter
     * @return its syntax tree
     * @throws ValidationException naming the position ({@link ValidationException#position()}) and what was
     *     expected there
     */
    static Filter parse(String text) {
        return FilterParser.parse(text);
    }

    /**
     * Starts a comparison on a field, e.g. {@code Filter.field("metrics.accuracy").ge(0.9)}.
     *
     * @param field a field as written in the filter language
     * @return the start of the comparison
     * @throws ValidationException if the text names no field
     */
    static On field(String field) {
        return new On(Field.parse(field));
    }

    /**
     * @param filters filters that must all match
     * @return their conjunction
     */
    static Filter allOf(Filter... filters) {
        return And.of(List.of(filters));
    }

    /**
     * @param filters filters of which one must match
     * @return their disjunction
     */
    static Filter anyOf(Filter... filters) {
        return Or.of(List.of(filters));
    }

    /**
     * @param other another filter
     * @return a filter matching when both match
     */
    default Filter and(Filter other) {
        return And.of(List.of(this, other));
    }

    /**
     * @param other another filter
     * @return a filter matching when either matches
     */
    default Filter or(Filter other) {
        return Or.of(List.of(this, other));
    }

    /** @return the negation of this filter */
    default Filter not() {
        return this instanceof Not n ? n.filter() : new Not(this);
    }

    /** The filter that matches every row. */
    record All() implements Filter {
        @Override
        public String toString() {
            return "";
        }
    }

    /**
     * One comparison of a field with literal values.
     *
     * @param field the field
     * @param operator the operator
     * @param values one value, or for {@link Operator#IN} one or more
     */
    record Comparison(Field field, Operator operator, List<Literal> values) implements Filter {
        /**
         * Checks that the literals suit the field's type and the operator.
         *
         * @throws ValidationException if they do not
         */
        public Comparison {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(operator, "operator");
            values = List.copyOf(values);
            String problem = problem(field, operator, values);
            if (problem != null) {
                throw new ValidationException("filter", problem);
            }
        }

        /** @return the single value of a comparison other than IN */
        public Literal value() {
            return values.get(0);
        }

        static String problem(Field field, Operator op, List<Literal> values) {
            if (values.isEmpty()) {
                return "'" + field + " " + op.symbol() + "' needs a value";
            }
            if (op != Operator.IN && values.size() != 1) {
                return "'" + field + " " + op.symbol() + "' takes one value, not " + values.size();
            }
            if (values.size() > MAX_IN_VALUES) {
                return "An IN list holds at most " + MAX_IN_VALUES + " values, not " + values.size();
            }
            Field.Type type = field.kind().type();
            if (op.isPattern() && (type == Field.Type.NUMBER || type == Field.Type.TIME)) {
                return op.symbol() + " does not apply to '" + field + "', which holds "
                        + (type == Field.Type.NUMBER ? "numbers" : "times") + "; use = != < <= > >= or IN";
            }
            for (Literal value : values) {
                if (type == Field.Type.NUMBER && !(value instanceof Literal.Num)) {
                    return "'" + field + "' holds numbers; compare it with a number such as 0.9, not " + value;
                }
                if (type != Field.Type.NUMBER && type != Field.Type.JSON && !(value instanceof Literal.Str)) {
                    return "'" + field + "' holds " + (type == Field.Type.TIME ? "times" : "text")
                            + "; compare it with a quoted string such as '" + example(field) + "', not " + value;
                }
                if (op.isPattern() && !(value instanceof Literal.Str)) {
                    return op.symbol() + " needs a quoted pattern such as 'bert%', not " + value;
                }
                if (value instanceof Literal.Str s && !op.isPattern()) {
                    if (type == Field.Type.TIME) {
                        s.asInstant();
                    } else if (type == Field.Type.VERSION) {
                        s.asVersion();
                    }
                }
            }
            return null;
        }

        private static String example(Field field) {
            return switch (field.kind()) {
                case CREATED, UPDATED -> "2026-06-01";
                case VERSION -> "1.2.0";
                case STATE -> "PRODUCTION";
                default -> "text";
            };
        }

        @Override
        public String toString() {
            if (operator == Operator.IN) {
                return field + " IN (" + values.stream().map(Literal::toString).collect(Collectors.joining(", "))
                        + ")";
            }
            return field + " " + operator.symbol() + " " + values.get(0);
        }
    }

    /**
     * Matches when every part matches.
     *
     * @param filters two or more parts
     */
    record And(List<Filter> filters) implements Filter {
        /** Copies the list. */
        public And {
            filters = List.copyOf(filters);
        }

        static Filter of(List<Filter> parts) {
            List<Filter> flat = new ArrayList<>();
            for (Filter f : parts) {
                if (f instanceof And a) {
                    flat.addAll(a.filters);
                } else if (!(f instanceof All)) {
                    flat.add(f);
                }
            }
            return flat.isEmpty() ? ALL : flat.size() == 1 ? flat.get(0) : new And(flat);
        }

        @Override
        public String toString() {
            return filters.stream().map(f -> f instanceof Or ? "(" + f + ")" : f.toString())
                    .collect(Collectors.joining(" AND "));
        }
    }

    /**
     * Matches when any part matches.
     *
     * @param filters two or more parts
     */
    record Or(List<Filter> filters) implements Filter {
        /** Copies the list. */
        public Or {
            filters = List.copyOf(filters);
        }

        static Filter of(List<Filter> parts) {
            List<Filter> flat = new ArrayList<>();
            for (Filter f : parts) {
                if (f instanceof All) {
                    return ALL;
                }
                if (f instanceof Or o) {
                    flat.addAll(o.filters);
                } else {
                    flat.add(f);
                }
            }
            return flat.size() == 1 ? flat.get(0) : new Or(flat);
        }

        @Override
        public String toString() {
            return filters.stream().map(Filter::toString).collect(Collectors.joining(" OR "));
        }
    }

    /**
     * Matches when its part is false (not when it is unknown).
     *
     * @param filter the negated part
     */
    record Not(Filter filter) implements Filter {
        /** @throws NullPointerException if filter is null */
        public Not {
            Objects.requireNonNull(filter, "filter");
        }

        @Override
        public String toString() {
            return "NOT (" + filter + ")";
        }
    }

    /**
     * The second half of a fluent comparison: {@code Filter.field("framework").eq("pytorch")}.
     *
     * @param field the field being compared
     */
    record On(Field field) {
        /** @param value the text @return {@code field = value} */
        public Filter eq(String value) {
            return cmp(Operator.EQ, Literal.of(value));
        }

        /** @param value the number @return {@code field = value} */
        public Filter eq(double value) {
            return cmp(Operator.EQ, Literal.of(value));
        }

        /** @param value the text @return {@code field != value} */
        public Filter ne(String value) {
            return cmp(Operator.NE, Literal.of(value));
        }

        /** @param value the number @return {@code field != value} */
        public Filter ne(double value) {
            return cmp(Operator.NE, Literal.of(value));
        }

        /** @param value the number @return {@code field < value} */
        public Filter lt(double value) {
            return cmp(Operator.LT, Literal.of(value));
        }

        /** @param value the text, date or version @return {@code field < value} */
        public Filter lt(String value) {
            return cmp(Operator.LT, Literal.of(value));
        }

        /** @param value the number @return {@code field <= value} */
        public Filter le(double value) {
            return cmp(Operator.LE, Literal.of(value));
        }

        /** @param value the text, date or version @return {@code field <= value} */
        public Filter le(String value) {
            return cmp(Operator.LE, Literal.of(value));
        }

        /** @param value the number @return {@code field > value} */
        public Filter gt(double value) {
            return cmp(Operator.GT, Literal.of(value));
        }

        /** @param value the text, date or version @return {@code field > value} */
        public Filter gt(String value) {
            return cmp(Operator.GT, Literal.of(value));
        }

        /** @param value the number @return {@code field >= value} */
        public Filter ge(double value) {
            return cmp(Operator.GE, Literal.of(value));
        }

        /** @param value the text, date or version @return {@code field >= value} */
        public Filter ge(String value) {
            return cmp(Operator.GE, Literal.of(value));
        }

        /** @param pattern with {@code %} and {@code _} @return {@code field LIKE pattern} */
        public Filter like(String pattern) {
            return cmp(Operator.LIKE, Literal.of(pattern));
        }

        /** @param pattern with {@code %} and {@code _} @return {@code field ILIKE pattern} */
        public Filter ilike(String pattern) {
            return cmp(Operator.ILIKE, Literal.of(pattern));
        }

        /** @param values the texts @return {@code field IN (values)} */
        public Filter in(String... values) {
            return new Comparison(field, Operator.IN, java.util.Arrays.stream(values).map(Literal::of).toList());
        }

        private Filter cmp(Operator op, Literal value) {
            return new Comparison(field, op, List.of(value));
        }
    }
}
