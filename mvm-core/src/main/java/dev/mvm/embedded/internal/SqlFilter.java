package dev.mvm.embedded.internal;

import dev.mvm.api.model.SemanticVersion;
import dev.mvm.api.query.Field;
import dev.mvm.api.query.Filter;
import dev.mvm.api.query.Literal;
import dev.mvm.api.query.Operator;
import dev.mvm.api.query.SearchScope;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Translates a {@link Filter} and sort fields into SQL over the aliases {@code m} (models), {@code v} (the row's
 * version, possibly NULL), {@code vo} (its {@code version_order} row) and, for models, {@code ms} (the model's
 * {@code model_search} row: the model's own scalar columns, its latest version's state, and through
 * {@code model_metric} that version's metrics). User text never becomes SQL: fields map
 * through a fixed switch to fixed column expressions, and every key, path and literal is a bound parameter.
 * The SQL keeps the three-valued logic of {@link dev.mvm.api.query.InMemorySearch}: a missing value is NULL.
 */
final class SqlFilter {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private final SearchScope scope;
    private final @Nullable Lookups lookups;
    private final StringBuilder sql = new StringBuilder();
    private final List<Object> args = new ArrayList<>();

    private SqlFilter(SearchScope scope, @Nullable Lookups lookups) {
        this.scope = scope;
        this.lookups = lookups;
    }

    /** SQL text with its arguments in order. */
    record Fragment(String sql, List<Object> args) {
    }

    /**
     * The per-model lookups of a models search: a model's tag or its latest version's metric, one LEFT JOIN per
     * distinct key, however many filters and sorts read it. Each join matches at most one row (the tables' primary
     * keys are {@code (model_pk, key)}), so a missing value reads as NULL, as a scalar subquery would, and a
     * filter and a sort on the same metric cost one lookup per row instead of two.
     */
    static final class Lookups {
        private final Map<String, String> aliases = new HashMap<>();
        private final StringBuilder sql = new StringBuilder();
        private final List<Object> args = new ArrayList<>();

        /** @return the column that holds the value of the tag or metric {@code key} */
        String column(Field.Kind kind, String key) {
            boolean tag = kind == Field.Kind.TAG;
            String alias = aliases.computeIfAbsent((tag ? "t:" : "m:") + key, k -> {
                String a = "k" + aliases.size();
                sql.append(" LEFT JOIN ").append(tag ? "model_tags " : "model_metric ").append(a).append(" ON ")
                        .append(a).append(".model_pk = ms.model_pk AND ").append(a)
                        .append(tag ? ".tag_key = ?" : ".name = ?");
                args.add(key);
                return a;
            });
            return alias + (tag ? ".tag_value" : ".value");
        }

        /** @return the joins so far, with their arguments */
        Fragment joins() {
            return new Fragment(sql.toString(), List.copyOf(args));
        }
    }

    /**
     * @param lookups where a models search joins tags and metrics; {@code null} for a versions search
     */
    static Fragment where(Filter filter, SearchScope scope, @Nullable Lookups lookups) {
        SqlFilter f = new SqlFilter(scope, lookups);
        f.filter(filter);
        return new Fragment(f.sql.toString(), List.copyOf(f.args));
    }

    /** @return the expressions a sort on {@code field} orders by, in order (several for versions) */
    static Fragment sortValue(Field field, SearchScope scope, @Nullable Lookups lookups) {
        SqlFilter f = new SqlFilter(scope, lookups);
        if (field.kind() == Field.Kind.VERSION) {
            f.sql.append("vo.major, vo.minor, vo.patch, vo.release, vo.pre");
        } else {
            f.value(field, null);
        }
        return new Fragment(f.sql.toString(), List.copyOf(f.args));
    }

    private void filter(Filter filter) {
        if (filter instanceof Filter.All) {
            sql.append("1");
        } else if (filter instanceof Filter.Not n) {
            sql.append("NOT (");
            filter(n.filter());
            sql.append(')');
        } else if (filter instanceof Filter.And a) {
            join(a.filters(), " AND ");
        } else if (filter instanceof Filter.Or o) {
            join(o.filters(), " OR ");
        } else {
            comparison((Filter.Comparison) filter);
        }
    }

    private void join(List<Filter> parts, String op) {
        sql.append('(');
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                sql.append(op);
            }
            filter(parts.get(i));
        }
        sql.append(')');
    }

    private void comparison(Filter.Comparison c) {
        if (c.operator() == Operator.IN) {
            sql.append('(');
            for (int i = 0; i < c.values().size(); i++) {
                if (i > 0) {
                    sql.append(" OR ");
                }
                single(c.field(), Operator.EQ, c.values().get(i));
            }
            sql.append(')');
        } else {
            single(c.field(), c.operator(), c.value());
        }
    }

    private void single(Field field, Operator op, Literal lit) {
        sql.append('(');
        if (op.isPattern()) {
            String pattern = ((Literal.Str) lit).value();
            if (field.kind() == Field.Kind.VERSION) {
                sql.append("v.version");
            } else {
                value(field, lit);
            }
            if (op == Operator.LIKE) {
                sql.append(" GLOB ?");
                args.add(glob(pattern));
            } else {
                sql.append(" LIKE ? ESCAPE '\\'");
                args.add(likeEscaped(pattern));
            }
        } else if (field.kind() == Field.Kind.VERSION) {
            SemanticVersion version = ((Literal.Str) lit).asVersion();
            sql.append("(vo.major, vo.minor, vo.patch, vo.release, vo.pre) ").append(symbol(op))
                    .append(" (?, ?, ?, ?, ?)");
            args.add(version.major());
            args.add(version.minor());
            args.add(version.patch());
            args.add(version.isPreRelease() ? 0L : 1L);
            args.add(preKey(version));
        } else if (field.kind().type() == Field.Type.TIME && lit instanceof Literal.Str time) {
            timeComparison(field, op, time.asInstant());
        } else {
            value(field, lit);
            sql.append(' ').append(symbol(op)).append(" ?");
            if (lit instanceof Literal.Num n) {
                args.add(n.value());
            } else {
                Literal.Str s = (Literal.Str) lit;
                if (field.kind().type() == Field.Type.TIME) {
                    args.add(timeKey(s.asInstant()));
                } else if (field.kind() == Field.Kind.STATE) {
                    args.add(s.value().toUpperCase(Locale.ROOT));
                } else {
                    args.add(s.value());
                }
            }
        }
        sql.append(')');
    }

    /**
     * Appends the SQL expression of a field's value.
     *
     * @param field the field
     * @param lit for metadata, the literal it is compared with (which picks the JSON types that can match),
     *     or {@code null} when sorting
     */
    private void value(Field field, Literal lit) {
        boolean versions = scope == SearchScope.VERSIONS;
        switch (field.kind()) {
            case NAME -> sql.append(versions ? "m.name" : "ms.name");
            case DESCRIPTION -> sql.append(versions ? "v.description" : "m.description");
            case FRAMEWORK -> sql.append(versions ? "m.framework" : "ms.framework");
            case TASK -> sql.append(versions ? "m.task" : "ms.task");
            case OWNER -> sql.append(versions ? "m.owner" : "ms.owner");
            case STATE -> sql.append(versions ? "v.state" : "ms.state");
            case VERSION -> sql.append("v.version");
            case CREATED -> time(versions ? "v.created_at" : "ms.created_at");
            case UPDATED -> time(versions ? "v.updated_at" : "ms.updated_at");
            case TAG -> {
                if (versions) {
                    sql.append("(SELECT value FROM json_each(v.tags) WHERE key = ?)");
                    args.add(field.key());
                } else {
                    sql.append(modelLookups().column(field.kind(), field.key()));
                }
            }
            case METRIC -> {
                if (versions) {
                    sql.append("(SELECT value FROM json_each(v.metrics) WHERE key = ?)");
                    args.add(field.key());
                } else {
                    sql.append(modelLookups().column(field.kind(), field.key()));
                }
            }
            case PARAM -> {
                sql.append("(SELECT value FROM json_each(v.params) WHERE key = ?)");
                args.add(field.key());
            }
            case METADATA -> {
                String types = lit == null ? "'integer', 'real', 'text'"
                        : lit instanceof Literal.Num ? "'integer', 'real'" : "'text'";
                sql.append("(CASE WHEN json_type(m.metadata, ?) IN (").append(types)
                        .append(") THEN json_extract(m.metadata, ?) END)");
                String path = jsonPath(field.path());
                args.add(path);
                args.add(path);
            }
            default -> throw new IllegalStateException("Unhandled field " + field);
        }
    }

    /**
     * A comparison of a timestamp column with an instant that normalizes the column only when its whole seconds
     * equal the instant's: a stored text whose first 19 characters (the seconds) sort after the instant's is
     * after it, one whose seconds sort before is before it, whatever the fraction. Only ties need the padded key,
     * so most rows cost two text comparisons instead of the normalization's string functions.
     */
    private void timeComparison(Field field, Operator op, Instant instant) {
        boolean versions = scope == SearchScope.VERSIONS;
        String column = field.kind() == Field.Kind.CREATED ? (versions ? "v.created_at" : "ms.created_at")
                : (versions ? "v.updated_at" : "ms.updated_at");
        String seconds = SECONDS.format(instant);
        boolean whenLater = op == Operator.GT || op == Operator.GE || op == Operator.NE;
        boolean whenEarlier = op == Operator.LT || op == Operator.LE || op == Operator.NE;
        // '[' sorts after 'Z' and '.', the characters that can follow the seconds
        sql.append("CASE WHEN ").append(column).append(" >= ? THEN ").append(whenLater ? 1 : 0)
                .append(" WHEN ").append(column).append(" < ? THEN ").append(whenEarlier ? 1 : 0).append(" ELSE ");
        args.add(seconds + "[");
        args.add(seconds);
        time(column);
        sql.append(' ').append(symbol(op)).append(" ?");
        args.add(timeKey(instant));
        sql.append(" END");
    }

    private Lookups modelLookups() {
        if (lookups == null) {
            throw new IllegalStateException("A models search reads tags and metrics through its lookups");
        }
        return lookups;
    }

    private void time(String column) {
        // ISO-8601 text as written by Instant#toString, with its fraction padded to nine digits so that texts
        // compare as instants (Instant#toString omits a zero fraction and prints 3, 6 or 9 digits).
        sql.append("(substr(").append(column).append(", 1, 19) || '.' || substr(CASE WHEN length(").append(column)
                .append(") = 20 THEN '' ELSE substr(").append(column).append(", 21, length(").append(column)
                .append(") - 21) END || '000000000', 1, 9))");
    }

    static String timeKey(Instant instant) {
        return SECONDS.format(instant) + "." + String.format(Locale.ROOT, "%09d", instant.getNano());
    }

    static String jsonPath(List<String> segments) {
        StringBuilder path = new StringBuilder("$");
        for (String s : segments) {
            path.append(".\"").append(s).append('"');
        }
        return path.toString();
    }

    /** The {@code version_order.pre} key of a version, as the V2 schema triggers compute it. */
    static String preKey(SemanticVersion version) {
        String pre = String.join(".", version.preRelease());
        int stem = pre.length();
        while (stem > 0 && Character.isDigit(pre.charAt(stem - 1)) && pre.charAt(stem - 1) < 128) {
            stem--;
        }
        if (stem == pre.length()) {
            return pre;
        }
        String padded = "0".repeat(40) + pre.substring(stem);
        return pre.substring(0, stem) + padded.substring(padded.length() - 40);
    }

    private static String symbol(Operator op) {
        return switch (op) {
            case EQ -> "=";
            case NE -> "<>";
            case LT -> "<";
            case LE -> "<=";
            case GT -> ">";
            case GE -> ">=";
            default -> throw new IllegalStateException("Not a plain comparison: " + op);
        };
    }

    /** LIKE pattern to GLOB pattern: {@code %} → {@code *}, {@code _} → {@code ?}, GLOB's own characters quoted. */
    static String glob(String like) {
        StringBuilder out = new StringBuilder();
        int[] cps = like.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            if (c == '\\' && i + 1 < cps.length) {
                globLiteral(out, cps[++i]);
            } else if (c == '%') {
                out.append('*');
            } else if (c == '_') {
                out.append('?');
            } else {
                globLiteral(out, c);
            }
        }
        return out.toString();
    }

    private static void globLiteral(StringBuilder out, int c) {
        if (c == '*' || c == '?' || c == '[') {
            out.append('[').appendCodePoint(c).append(']');
        } else {
            out.appendCodePoint(c);
        }
    }

    /** Re-renders a LIKE pattern so that a trailing lone backslash is a literal one, as the evaluator reads it. */
    static String likeEscaped(String like) {
        StringBuilder out = new StringBuilder();
        int[] cps = like.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            if (c == '\\') {
                int next = i + 1 < cps.length ? cps[++i] : '\\';
                out.append('\\').appendCodePoint(next);
            } else {
                out.appendCodePoint(c);
            }
        }
        return out.toString();
    }
}
