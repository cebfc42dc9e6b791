package dev.mvm.api.query;

import dev.mvm.api.error.ValidationException;
import java.util.ArrayList;
import java.util.List;

/**
 * A recursive-descent parser for the filter language. Grammar (keywords in any case):
 *
 * <pre>
 * filter     = [ or ] EOF
 * or         = and { "OR" and }
 * and        = unary { "AND" unary }
 * unary      = "NOT" unary | "(" or ")" | comparison
 * comparison = field op value
 *            | field [ "NOT" ] ( "LIKE" | "ILIKE" ) string
 *            | field [ "NOT" ] "IN" "(" value { "," value } ")"
 * op         = "=" | "==" | "!=" | "&lt;&gt;" | "&lt;" | "&lt;=" | "&gt;" | "&gt;="
 * field      = word [ "." key { "." key } ]      (only metadata takes more than one key)
 * key        = word | "`" any text, `` for a backtick "`"
 * value      = string | number
 * string     = "'" text "'" | '"' text '"'       (a doubled quote stands for one; backslashes are plain text)
 * number     = [ "-" ] digits [ "." digits ] [ ( "e" | "E" ) [ "+" | "-" ] digits ]
 * </pre>
 */
final class FilterParser {
    private static final String FIELDS = "name, description, framework, task, owner, state, version, created,"
            + " updated, tags.<key>, metrics.<name>, params.<name> or metadata.<path>";

    private final String text;
    private int pos;
    private int depth;
    private int comparisons;

    private FilterParser(String text) {
        this.text = text;
    }

    static Filter parse(String text) {
        if (text == null) {
            throw new ValidationException("filter", "The filter must not be null; use an empty string for none", 0);
        }
        if (text.length() > Filter.MAX_LENGTH) {
            throw new ValidationException("filter", "The filter has " + text.length() + " characters, at most "
                    + Filter.MAX_LENGTH + " are allowed", Filter.MAX_LENGTH);
        }
        FilterParser p = new FilterParser(text);
        p.skipSpace();
        if (p.pos == text.length()) {
            return Filter.ALL;
        }
        Filter f = p.or();
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.error("AND, OR or the end of the filter");
        }
        return f;
    }

    static Filter parseField(String text) {
        if (text == null || text.length() > 2000) {
            throw new ValidationException("field", "Invalid field: expected " + FIELDS, 0);
        }
        FilterParser p = new FilterParser(text);
        p.skipSpace();
        Field field = p.field();
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.error("the end of the field name");
        }
        // A carrier so that Field.parse can reuse the parser without a literal check.
        return new Filter.Comparison(field, Operator.EQ, List.of(field.kind().type() == Field.Type.NUMBER
                ? Literal.of(0) : Literal.of(sample(field.kind()))));
    }

    private static String sample(Field.Kind kind) {
        return switch (kind) {
            case CREATED, UPDATED -> "2026-01-01";
            case VERSION -> "1.0.0";
            default -> "x";
        };
    }

    private Filter or() {
        List<Filter> parts = new ArrayList<>();
        parts.add(and());
        while (keyword("OR")) {
            parts.add(and());
        }
        return parts.size() == 1 ? parts.get(0) : new Filter.Or(parts);
    }

    private Filter and() {
        List<Filter> parts = new ArrayList<>();
        parts.add(unary());
        while (keyword("AND")) {
            parts.add(unary());
        }
        return parts.size() == 1 ? parts.get(0) : new Filter.And(parts);
    }

    private Filter unary() {
        skipSpace();
        if (++depth > Filter.MAX_DEPTH) {
            throw new ValidationException("filter", "The filter nests deeper than " + Filter.MAX_DEPTH
                    + " levels of parentheses and NOT at position " + pos, pos);
        }
        try {
            if (keyword("NOT")) {
                return new Filter.Not(unary());
            }
            skipSpace();
            if (peek() == '(') {
                pos++;
                Filter inner = or();
                skipSpace();
                if (peek() != ')') {
                    throw error("')' to close the '(' or AND/OR");
                }
                pos++;
                return inner;
            }
            return comparison();
        } finally {
            depth--;
        }
    }

    private Filter comparison() {
        skipSpace();
        int start = pos;
        Field field = field();
        if (++comparisons > Filter.MAX_COMPARISONS) {
            throw new ValidationException("filter", "The filter has more than " + Filter.MAX_COMPARISONS
                    + " comparisons", start);
        }
        skipSpace();
        int opAt = pos;
        boolean negated = keyword("NOT");
        Operator op;
        if (keyword("LIKE")) {
            op = Operator.LIKE;
        } else if (keyword("ILIKE")) {
            op = Operator.ILIKE;
        } else if (keyword("IN")) {
            op = Operator.IN;
        } else if (negated) {
            throw error("LIKE, ILIKE or IN after NOT");
        } else {
            op = symbol();
        }
        List<Literal> values = new ArrayList<>();
        skipSpace();
        int valueAt = pos;
        if (op == Operator.IN) {
            if (peek() != '(') {
                throw error("'(' to start the IN list");
            }
            pos++;
            do {
                skipSpace();
                if (values.size() >= Filter.MAX_IN_VALUES) {
                    throw new ValidationException("filter", "An IN list holds at most " + Filter.MAX_IN_VALUES
                            + " values", pos);
                }
                values.add(literal());
                skipSpace();
            } while (consume(','));
            if (peek() != ')') {
                throw error("',' or ')' in the IN list");
            }
            pos++;
        } else {
            values.add(literal());
        }
        String problem;
        try {
            problem = Filter.Comparison.problem(field, op, values);
            if (problem == null) {
                Filter c = new Filter.Comparison(field, op, values);
                return negated ? new Filter.Not(c) : c;
            }
        } catch (ValidationException e) {
            problem = e.getMessage();
        }
        int at = problem.startsWith(op.symbol() + " does not apply") ? opAt : valueAt;
        throw new ValidationException("filter", problem + " (at position " + at + ")", at);
    }

    private Field field() {
        skipSpace();
        int start = pos;
        if (!isWordChar(peek()) || Character.isDigit(peek())) {
            throw error("a field: " + FIELDS);
        }
        String word = word();
        Field.Kind kind = Field.kindOf(word);
        if (kind == null) {
            throw new ValidationException("filter", "Unknown field '" + shown(word) + "' at position " + start
                    + ": expected " + FIELDS, start);
        }
        List<String> path = new ArrayList<>();
        while (peek() == '.') {
            pos++;
            if (!kind.keyed()) {
                throw new ValidationException("filter", "Field '" + kind.word() + "' takes no key, at position "
                        + (pos - 1), pos - 1);
            }
            if (path.size() == 1 && kind != Field.Kind.METADATA) {
                throw new ValidationException("filter", "Field '" + kind.word() + "' takes one key; quote keys"
                        + " containing '.' in backticks, e.g. " + kind.word() + ".`a.b` (at position " + (pos - 1)
                        + ")", pos - 1);
            }
            int keyAt = pos;
            String key;
            if (peek() == '`') {
                key = backtickKey();
            } else if (isWordChar(peek())) {
                key = word();
            } else {
                throw error("a key after '" + kind.word() + ".'; quote unusual keys in backticks");
            }
            if (path.size() >= Field.MAX_PATH_SEGMENTS) {
                throw new ValidationException("filter", "A metadata path has at most " + Field.MAX_PATH_SEGMENTS
                        + " segments (at position " + keyAt + ")", keyAt);
            }
            path.add(key);
        }
        if (kind.keyed() && path.isEmpty()) {
            throw new ValidationException("filter", "Field '" + kind.word() + "' needs a key, e.g. "
                    + kind.word() + ".accuracy (at position " + pos + ")", pos);
        }
        try {
            return new Field(kind, path);
        } catch (ValidationException e) {
            throw new ValidationException("filter", e.getMessage() + " (at position " + start + ")", start);
        }
    }

    private String backtickKey() {
        int start = pos;
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw new ValidationException("filter", "Unclosed backtick starting at position " + start
                        + ": expected a closing '`'", start);
            }
            char c = text.charAt(pos++);
            if (c == '`') {
                if (peek() == '`') {
                    pos++;
                    sb.append('`');
                } else {
                    return sb.toString();
                }
            } else {
                sb.append(c);
            }
        }
    }

    private Operator symbol() {
        skipSpace();
        char c = peek();
        char d = pos + 1 < text.length() ? text.charAt(pos + 1) : 0;
        switch (c) {
            case '=':
                pos += d == '=' ? 2 : 1;
                return Operator.EQ;
            case '!':
                if (d == '=') {
                    pos += 2;
                    return Operator.NE;
                }
                break;
            case '<':
                if (d == '=') {
                    pos += 2;
                    return Operator.LE;
                }
                if (d == '>') {
                    pos += 2;
                    return Operator.NE;
                }
                pos++;
                return Operator.LT;
            case '>':
                if (d == '=') {
                    pos += 2;
                    return Operator.GE;
                }
                pos++;
                return Operator.GT;
            default:
                break;
        }
        throw error("an operator: = != < <= > >= LIKE ILIKE IN");
    }

    private Literal literal() {
        skipSpace();
        char c = peek();
        if (c == '\'' || c == '"') {
            return Literal.of(string(c));
        }
        if (c == '-' || c == '+' || c == '.' || Character.isDigit(c)) {
            return number();
        }
        throw error("a value: a quoted string such as 'pytorch' or a number such as 0.9");
    }

    private String string(char quote) {
        int start = pos;
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw new ValidationException("filter", "Unclosed string starting at position " + start
                        + ": expected a closing " + quote, start);
            }
            char c = text.charAt(pos++);
            if (c == quote) {
                if (peek() == quote) {
                    pos++;
                    sb.append(quote);
                } else {
                    return sb.toString();
                }
            } else {
                sb.append(c);
            }
        }
    }

    private Literal number() {
        int start = pos;
        if (peek() == '-' || peek() == '+') {
            pos++;
        }
        while (Character.isDigit(peek()) || peek() == '.' || peek() == 'e' || peek() == 'E'
                || ((peek() == '-' || peek() == '+') && (text.charAt(pos - 1) == 'e' || text.charAt(pos - 1) == 'E'))) {
            pos++;
        }
        String n = text.substring(start, pos);
        try {
            if (n.length() > 64 || !n.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
                throw new NumberFormatException(n);
            }
            double d = Double.parseDouble(n);
            if (Double.isInfinite(d)) {
                throw new NumberFormatException(n);
            }
            return Literal.of(d);
        } catch (NumberFormatException e) {
            throw new ValidationException("filter", "Invalid number '" + shown(n) + "' at position " + start
                    + ": expected a finite decimal number such as 0.9, -3 or 1e-5", start);
        }
    }

    private boolean keyword(String word) {
        skipSpace();
        int end = pos + word.length();
        if (end <= text.length() && text.regionMatches(true, pos, word, 0, word.length())
                && (end == text.length() || !isWordChar(text.charAt(end)))) {
            pos = end;
            return true;
        }
        return false;
    }

    private boolean consume(char c) {
        skipSpace();
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    private String word() {
        int start = pos;
        while (isWordChar(peek())) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private ValidationException error(String expected) {
        String found;
        if (pos >= text.length()) {
            found = "the end of the filter";
        } else {
            int end = pos;
            while (end < text.length() && end - pos < 20 && !Character.isWhitespace(text.charAt(end))) {
                end++;
            }
            found = "'" + shown(text.substring(pos, Math.max(end, pos + 1))) + "'";
        }
        return new ValidationException("filter", "Expected " + expected + " at position " + pos + ", found " + found,
                pos);
    }

    private static String shown(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        StringBuilder sb = new StringBuilder();
        cut.codePoints().forEach(cp -> sb.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
        return sb.toString();
    }
}
