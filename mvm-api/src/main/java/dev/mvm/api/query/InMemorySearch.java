package dev.mvm.api.query;

import dev.mvm.api.lifecycle.EnvironmentName;
import dev.mvm.api.lifecycle.EnvironmentPointer;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.api.spi.ModelListing;
import dev.mvm.api.spi.RegistryStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates searches in memory, with exactly the semantics stores implement natively: three-valued logic
 * (a missing value never matches), case-sensitive {@code LIKE} and ASCII-case-insensitive {@code ILIKE}
 * with {@code %} and {@code _}, text ordered by Unicode code point, versions by SemVer precedence, times as
 * instants, and {@link TextRelevance} for free text. Stores use it for what they cannot push down; any
 * {@link RegistryStore} can be searched with {@link #search(RegistryStore, SearchRequest)}, which reads every
 * model and so suits small registries.
 *
 * @since 0.1
 */
public final class InMemorySearch {
    private InMemorySearch() {
    }

    /**
     * Searches any store by reading all its models, their versions and production pointers.
     *
     * @param store the store
     * @param request the search
     * @return the page asked for
     */
    public static SearchResult search(RegistryStore store, SearchRequest request) {
        List<SearchHit> rows = new ArrayList<>();
        ModelListing listing = ModelListing.all().withLimit(ModelListing.MAX_LIMIT);
        while (true) {
            List<Model> models = store.listModels(listing);
            for (Model m : models) {
                List<ModelVersion> versions = store.listVersions(m.name());
                ModelVersion latest = versions.isEmpty() ? null : versions.get(versions.size() - 1);
                Optional<EnvironmentPointer> prod = store.findPointer(m.name(), EnvironmentName.PRODUCTION);
                ModelVersion production = prod.flatMap(p -> versions.stream()
                        .filter(v -> v.version().hasSamePrecedence(p.version())).findFirst()).orElse(null);
                if (request.scope() == SearchScope.MODELS) {
                    rows.add(new SearchHit(m, latest, latest, production, 0));
                } else {
                    for (ModelVersion v : versions) {
                        rows.add(new SearchHit(m, v, latest, production, 0));
                    }
                }
            }
            if (models.size() < listing.limit()) {
                break;
            }
            ModelName last = models.get(models.size() - 1).name();
            listing = listing.withAfter(last);
        }
        return search(request, rows);
    }

    /**
     * Applies a search to candidate rows: scores the free text, filters, sorts and pages.
     *
     * @param request the search
     * @param candidates rows as {@link SearchHit}s; their relevance is ignored and recomputed
     * @return the page asked for
     */
    public static SearchResult search(SearchRequest request, Collection<SearchHit> candidates) {
        List<SearchHit> matching = new ArrayList<>();
        for (SearchHit row : candidates) {
            double relevance = 0;
            if (!request.text().isEmpty()) {
                relevance = TextRelevance.score(request.text(), row.model());
                if (relevance == 0) {
                    continue;
                }
            }
            if (matches(request.filter(), request.scope(), row.model(), row.version())) {
                matching.add(new SearchHit(row.model(), row.version(), row.latest(), row.production(), relevance));
            }
        }
        matching.sort(order(request));
        long offset = request.offset();
        int from = (int) Math.min(offset, matching.size());
        int to = (int) Math.min((long) from + request.page().pageSize(), matching.size());
        String next = to < matching.size() ? request.cursorAt(to) : null;
        return new SearchResult(matching.subList(from, to), matching.size(), offset, request.page().pageSize(), next);
    }

    /**
     * @param filter the filter
     * @param scope the scope, which decides which value some fields read
     * @param model the row's model
     * @param version the row's version (the latest in the models scope), or {@code null}
     * @return whether the filter is true for the row (unknown counts as false)
     */
    public static boolean matches(Filter filter, SearchScope scope, Model model, @Nullable ModelVersion version) {
        return Boolean.TRUE.equals(evaluate(filter, scope, model, version));
    }

    /**
     * @param filter the filter
     * @param scope the scope
     * @param model the row's model
     * @param version the row's version, or {@code null}
     * @return true, false, or {@code null} for unknown (a missing value)
     */
    public static @Nullable Boolean evaluate(Filter filter, SearchScope scope, Model model,
            @Nullable ModelVersion version) {
        if (filter instanceof Filter.All) {
            return true;
        }
        if (filter instanceof Filter.Not n) {
            Boolean b = evaluate(n.filter(), scope, model, version);
            return b == null ? null : !b;
        }
        if (filter instanceof Filter.And a) {
            boolean unknown = false;
            for (Filter f : a.filters()) {
                Boolean b = evaluate(f, scope, model, version);
                if (Boolean.FALSE.equals(b)) {
                    return false;
                }
                unknown |= b == null;
            }
            return unknown ? null : true;
        }
        if (filter instanceof Filter.Or o) {
            boolean unknown = false;
            for (Filter f : o.filters()) {
                Boolean b = evaluate(f, scope, model, version);
                if (Boolean.TRUE.equals(b)) {
                    return true;
                }
                unknown |= b == null;
            }
            return unknown ? null : false;
        }
        Filter.Comparison c = (Filter.Comparison) filter;
        Object value = value(c.field(), scope, model, version);
        if (value == null) {
            return null;
        }
        if (c.operator() == Operator.IN) {
            boolean unknown = false;
            for (Literal lit : c.values()) {
                Boolean b = compare(c.field(), Operator.EQ, value, lit);
                if (Boolean.TRUE.equals(b)) {
                    return true;
                }
                unknown |= b == null;
            }
            return unknown ? null : false;
        }
        return compare(c.field(), c.operator(), value, c.value());
    }

    private static @Nullable Boolean compare(Field field, Operator op, Object value, Literal lit) {
        if (op.isPattern()) {
            String text = value instanceof SemanticVersion v ? v.toString() : value instanceof String s ? s : null;
            if (text == null || !(lit instanceof Literal.Str p)) {
                return null;
            }
            return like(text, p.value(), op == Operator.ILIKE);
        }
        int cmp;
        if (value instanceof SemanticVersion v && lit instanceof Literal.Str s) {
            cmp = v.compareTo(s.asVersion());
        } else if (value instanceof Instant t && lit instanceof Literal.Str s) {
            cmp = t.compareTo(s.asInstant());
        } else if (value instanceof String s && lit instanceof Literal.Str l) {
            String expected = field.kind() == Field.Kind.STATE ? l.value().toUpperCase(Locale.ROOT) : l.value();
            cmp = compareText(s, expected);
        } else if (value instanceof Number n && !(value instanceof Boolean) && lit instanceof Literal.Num l) {
            cmp = Double.compare(n.doubleValue(), l.value());
            if (n.doubleValue() == l.value()) {
                cmp = 0;
            }
        } else {
            return null;
        }
        return switch (op) {
            case EQ -> cmp == 0;
            case NE -> cmp != 0;
            case LT -> cmp < 0;
            case LE -> cmp <= 0;
            case GT -> cmp > 0;
            case GE -> cmp >= 0;
            default -> throw new IllegalStateException("Unexpected operator " + op);
        };
    }

    /**
     * The value a field reads from a row, as the evaluator and sorting see it.
     *
     * @param field the field
     * @param scope the scope
     * @param model the model
     * @param version the row's version, or {@code null}
     * @return a {@link String}, {@link Double} (or other {@link Number} from metadata), {@link SemanticVersion}
     *     or {@link Instant}; {@code null} when missing
     */
    public static @Nullable Object value(Field field, SearchScope scope, Model model, @Nullable ModelVersion version) {
        boolean versions = scope == SearchScope.VERSIONS;
        return switch (field.kind()) {
            case NAME -> model.name().value();
            case DESCRIPTION -> versions ? (version == null ? null : version.description()) : model.description();
            case FRAMEWORK -> model.framework();
            case TASK -> model.task();
            case OWNER -> model.owner();
            case STATE -> version == null ? null : version.state().name();
            case VERSION -> version == null ? null : version.version();
            case CREATED -> versions ? (version == null ? null : version.createdAt()) : model.createdAt();
            case UPDATED -> versions ? (version == null ? null : version.updatedAt()) : model.updatedAt();
            case TAG -> versions ? (version == null ? null : version.tags().get(field.key()))
                    : model.tags().get(field.key());
            case METRIC -> version == null ? null : version.metrics().get(field.key());
            case PARAM -> version == null ? null : version.params().get(field.key());
            case METADATA -> metadata(model.metadata(), field.path());
        };
    }

    private static @Nullable Object metadata(Map<String, Object> root, List<String> path) {
        Object node = root;
        for (String segment : path) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(segment);
        }
        if (node instanceof String || (node instanceof Number && !(node instanceof Boolean))) {
            return node;
        }
        return null;
    }

    /**
     * The order of a search's results: its sort keys (missing values last), then model name ascending, then
     * version precedence descending.
     *
     * @param request the search
     * @return the comparator
     */
    public static Comparator<SearchHit> order(SearchRequest request) {
        Comparator<SearchHit> order = (a, b) -> 0;
        for (Sort sort : request.effectiveSorts()) {
            order = order.thenComparing((a, b) -> compareSortValues(sort, request.scope(), a, b));
        }
        return order.thenComparing((a, b) -> compareText(a.model().name().value(), b.model().name().value()))
                .thenComparing((a, b) -> {
                    if (a.version() == null || b.version() == null) {
                        return Boolean.compare(a.version() == null, b.version() == null);
                    }
                    return b.version().version().compareTo(a.version().version());
                });
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareSortValues(Sort sort, SearchScope scope, SearchHit a, SearchHit b) {
        Object x;
        Object y;
        if (sort.isRelevance()) {
            x = a.relevance();
            y = b.relevance();
        } else {
            x = value(sort.field(), scope, a.model(), a.version());
            y = value(sort.field(), scope, b.model(), b.version());
        }
        if (x instanceof Number nx && y instanceof Number ny) {
            x = nx.doubleValue();
            y = ny.doubleValue();
        } else if (x != null && y != null && x.getClass() != y.getClass()) {
            // metadata of mixed types: numbers before text, as SQLite orders them
            int c = Boolean.compare(x instanceof String, y instanceof String);
            return sort.descending() ? -c : c;
        }
        if (x == null || y == null) {
            return Boolean.compare(x == null, y == null);
        }
        int c = x instanceof String sx ? compareText(sx, (String) y) : ((Comparable) x).compareTo(y);
        return sort.descending() ? -c : c;
    }

    /**
     * Compares text by Unicode code point, the order of UTF-8 bytes that SQL stores use.
     *
     * @param a one text
     * @param b another
     * @return negative, zero or positive
     */
    public static int compareText(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    /**
     * Matches a {@code LIKE} pattern: {@code %} any run of characters, {@code _} one character, {@code \}
     * makes the next character literal.
     *
     * @param text the text
     * @param pattern the pattern
     * @param ignoreAsciiCase whether ASCII letters match regardless of case ({@code ILIKE})
     * @return whether the whole text matches
     */
    public static boolean like(String text, String pattern, boolean ignoreAsciiCase) {
        int[] t = text.codePoints().toArray();
        List<int[]> tokens = new ArrayList<>();
        int[] p = pattern.codePoints().toArray();
        for (int i = 0; i < p.length; i++) {
            if (p[i] == '\\' && i + 1 < p.length) {
                tokens.add(new int[] {0, p[++i]});
            } else if (p[i] == '%') {
                tokens.add(new int[] {1, 0});
            } else if (p[i] == '_') {
                tokens.add(new int[] {2, 0});
            } else {
                tokens.add(new int[] {0, p[i]});
            }
        }
        int ti = 0;
        int pi = 0;
        int starP = -1;
        int starT = 0;
        while (ti < t.length) {
            if (pi < tokens.size() && tokens.get(pi)[0] == 2) {
                ti++;
                pi++;
            } else if (pi < tokens.size() && tokens.get(pi)[0] == 0
                    && same(tokens.get(pi)[1], t[ti], ignoreAsciiCase)) {
                ti++;
                pi++;
            } else if (pi < tokens.size() && tokens.get(pi)[0] == 1) {
                starP = pi++;
                starT = ti;
            } else if (starP >= 0) {
                pi = starP + 1;
                ti = ++starT;
            } else {
                return false;
            }
        }
        while (pi < tokens.size() && tokens.get(pi)[0] == 1) {
            pi++;
        }
        return pi == tokens.size();
    }

    private static boolean same(int a, int b, boolean ignoreAsciiCase) {
        if (a == b) {
            return true;
        }
        return ignoreAsciiCase && a < 128 && b < 128 && Character.toLowerCase(a) == Character.toLowerCase(b);
    }
}
