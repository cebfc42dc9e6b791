package dev.mvm.mlflow.internal;

import dev.mvm.api.query.Field;
import dev.mvm.api.query.Filter;
import dev.mvm.api.query.Literal;
import dev.mvm.api.query.Operator;
import dev.mvm.api.query.SearchRequest;
import dev.mvm.api.query.SearchScope;
import dev.mvm.api.query.Sort;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Translates the part of an MVM filter that MLflow's {@code registered-models/search} filter language can
 * express into that language. MLflow 3.x accepts only {@code AND} of comparisons there: {@code name} with
 * {@code = != LIKE ILIKE IN}, and {@code tags.`key`} with {@code = != LIKE ILIKE}.
 *
 * <p>The translation is only ever as narrow as the MVM filter or wider, never narrower: the store evaluates
 * the whole filter again on what MLflow returns, with the semantics of
 * {@link dev.mvm.api.query.InMemorySearch}. So only top-level conjuncts are pushed; values with quotes or
 * backslashes (MLflow has no escapes in this language) are not; {@code !=} only where case-insensitive
 * database collations cannot drop a row; and {@code framework}, {@code task} and {@code owner} (tags
 * {@code mvm.framework} ...) only where the value cannot be the empty default of a model without the tag.
 */
public final class FilterPushDown {
    private static final Pattern NAME_TEXT = Pattern.compile("[a-z0-9._/-]+");
    private static final Pattern SAFE_TEXT = Pattern.compile("[^'\"\\\\`]*");

    private FilterPushDown() {
    }

    /**
     * @param filter the MVM filter
     * @param scope the search scope ({@code tags.*} read the version in the versions scope, so they are not
     *     pushed to the registered model search there)
     * @return an MLflow filter for {@code registered-models/search}, empty if nothing can be pushed
     */
    public static String registeredModels(Filter filter, SearchScope scope) {
        List<Filter> conjuncts = filter instanceof Filter.And and ? and.filters() : List.of(filter);
        List<String> clauses = new ArrayList<>();
        for (Filter f : conjuncts) {
            if (f instanceof Filter.Comparison c) {
                String clause = clause(c, scope);
                if (clause != null) {
                    clauses.add(clause);
                }
            }
        }
        return String.join(" AND ", clauses);
    }

    private static @Nullable String clause(Filter.Comparison c, SearchScope scope) {
        Field field = c.field();
        return switch (field.kind()) {
            case NAME -> nameClause(c);
            case TAG -> scope == SearchScope.MODELS && !field.key().startsWith(RegistryCodec.PREFIX)
                    ? tagClause(field.key(), c, false) : null;
            case FRAMEWORK -> tagClause(RegistryCodec.FRAMEWORK, c, true);
            case TASK -> tagClause(RegistryCodec.TASK, c, true);
            case OWNER -> tagClause(RegistryCodec.OWNER, c, true);
            default -> null;
        };
    }

    private static @Nullable String nameClause(Filter.Comparison c) {
        List<String> values = new ArrayList<>();
        for (Literal l : c.values()) {
            if (!(l instanceof Literal.Str s)) {
                return null;
            }
            values.add(s.value());
        }
        Operator op = c.operator();
        if (op.isPattern()) {
            String pattern = values.get(0);
            // '/' is stored as '~'; MVM names hold neither quotes nor backslashes, so such patterns are not pushed
            return SAFE_TEXT.matcher(pattern).matches()
                    ? "name " + op.symbol() + " '" + pattern.replace('/', RegistryCodec.NAMESPACE_SEPARATOR) + "'" : null;
        }
        if (op == Operator.EQ || op == Operator.NE || op == Operator.IN) {
            // Model names are lower case ASCII: '=' and '!=' on such text mean the same under any collation.
            if (!values.stream().allMatch(v -> NAME_TEXT.matcher(v).matches())) {
                return null;
            }
            List<String> mapped = values.stream()
                    .map(v -> "'" + v.replace('/', RegistryCodec.NAMESPACE_SEPARATOR) + "'").toList();
            return op == Operator.IN ? "name IN (" + String.join(", ", mapped) + ")"
                    : "name " + op.symbol() + " " + mapped.get(0);
        }
        return null;
    }

    private static @Nullable String tagClause(String key, Filter.Comparison c, boolean emptyWhenMissing) {
        if (!(c.value() instanceof Literal.Str s) || key.indexOf('`') >= 0 || !SAFE_TEXT.matcher(s.value()).matches()) {
            return null;
        }
        String value = s.value();
        Operator op = c.operator();
        boolean push = switch (op) {
            case EQ -> !(emptyWhenMissing && value.isEmpty());
            // A case-insensitive collation would drop rows whose value differs only in case: push only
            // values without letters, and not for fields a missing tag reads as "" (which != matches).
            case NE -> !emptyWhenMissing && value.chars().noneMatch(Character::isLetter)
                    && value.chars().allMatch(ch -> ch < 128) && !value.endsWith(" ");
            case LIKE, ILIKE -> !(emptyWhenMissing && value.chars().allMatch(ch -> ch == '%'));
            default -> false;
        };
        return push ? "tags.`" + key + "` " + op.symbol() + " '" + value + "'" : null;
    }

    /**
     * @param request a search
     * @return whether its filter or sort keys read version values (state, version, metrics, params) in the
     *     models scope, where those come from each model's latest version; always true in the versions scope
     */
    public static boolean readsVersions(SearchRequest request) {
        if (request.scope() == SearchScope.VERSIONS) {
            return true;
        }
        for (Sort sort : request.sorts()) {
            if (sort.field() != null && readsVersion(sort.field())) {
                return true;
            }
        }
        return readsVersions(request.filter());
    }

    private static boolean readsVersions(Filter f) {
        if (f instanceof Filter.Comparison c) {
            return readsVersion(c.field());
        }
        if (f instanceof Filter.And and) {
            return and.filters().stream().anyMatch(FilterPushDown::readsVersions);
        }
        if (f instanceof Filter.Or or) {
            return or.filters().stream().anyMatch(FilterPushDown::readsVersions);
        }
        return f instanceof Filter.Not not && readsVersions(not.filter());
    }

    private static boolean readsVersion(Field field) {
        return switch (field.kind()) {
            case STATE, VERSION, METRIC, PARAM -> true;
            default -> false;
        };
    }

    /**
     * @param mlflowNames registered model names
     * @return an MLflow {@code model-versions/search} filter for the versions of exactly those models
     */
    public static String versionsOf(List<String> mlflowNames) {
        return "name IN (" + mlflowNames.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", ")) + ")";
    }
}
