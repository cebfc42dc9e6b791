package dev.mvm.embedded.internal;

import dev.mvm.api.artifact.ArtifactSummary;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.lifecycle.LifecycleState;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.api.query.SearchHit;
import dev.mvm.api.query.SearchRequest;
import dev.mvm.api.query.SearchResult;
import dev.mvm.api.query.SearchScope;
import dev.mvm.api.query.Sort;
import dev.mvm.api.query.TextRelevance;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Search over the embedded registry (schemas V2 and V3): free text through the FTS5 indexes {@code search_words}
 * and {@code search_text} with typo and prefix expansion from {@link SearchVocabulary}, filters and sorts
 * translated by {@link SqlFilter}, for models their latest version, its state and metrics from the per-model rows
 * {@code model_search} and {@code model_metric}, and one count and one page query in the same
 * read transaction. Only fixed SQL shapes are prepared; every user value is a bound parameter.
 */
public final class SqliteSearch {
    private static final String MODEL_COLUMNS = "id, name, description, framework, task, metadata, tags, owner,"
            + " created_at, updated_at, revision";
    private static final String VERSION_COLUMNS = "model_pk, version, state, description, artifacts_root,"
            + " file_count, total_bytes, metrics, params, tags, lineage, created_by, created_at, updated_at, revision";
    /** bm25 weights of the columns name, description, tags, metadata. */
    private static final String RELEVANCE = "-bm25(search_text, 10.0, 1.0, 3.0, 1.0)";

    /** The page cache of a connection that searches, in KiB (negative: a size, not a page count). */
    private static final int CACHE_KIB = -32_768;

    /** The aliases of the tables a search joins only when its SQL uses them. */
    private static final Pattern MODEL_ALIAS = Pattern.compile("\\bm\\.");
    private static final Pattern VERSION_ALIAS = Pattern.compile("\\bv\\.");
    private static final Pattern ORDER_ALIAS = Pattern.compile("\\bvo\\.");

    private final SqliteConnections db;
    private final SearchVocabulary vocabulary = new SearchVocabulary();

    /** @param db the connections of the store to search */
    public SqliteSearch(SqliteConnections db) {
        this.db = db;
    }

    /**
     * @param request the search
     * @return the page asked for, with the total count
     */
    public SearchResult search(SearchRequest request) {
        long offset = request.offset();
        return db.read("search " + request.scope().name().toLowerCase(java.util.Locale.ROOT), s -> {
            // Searches touch many pages; SQLite's default page cache (2 MiB) halves their speed on large files.
            s.execute("PRAGMA cache_size = " + CACHE_KIB);
            TextQuery match = null;
            if (!request.text().isEmpty()) {
                match = TextQuery.of(request.text(), vocabulary.current(s));
                if (match == null) {
                    return new SearchResult(List.of(), 0, offset, request.page().pageSize(), null);
                }
            }
            boolean models = request.scope() == SearchScope.MODELS;
            StringBuilder text = new StringBuilder();
            List<Object> args = new ArrayList<>();
            if (match != null) {
                String table = match.words() != null ? "search_words" : "search_text";
                text.append(" JOIN (SELECT rowid AS pk, -bm25(").append(table).append(", 10.0, 1.0, 3.0, 1.0)")
                        .append(" AS score FROM ").append(table).append(" WHERE ").append(table)
                        .append(" MATCH ?) t ON t.pk = ").append(models ? "ms.model_pk" : "m.pk");
                args.add(match.words() != null ? match.words() : match.substrings());
            }
            StringBuilder condition = new StringBuilder(" WHERE ");
            if (match != null && match.words() != null && match.substrings() != null) {
                condition.append(models ? "ms.model_pk" : "m.pk")
                        .append(" IN (SELECT rowid FROM search_text WHERE search_text MATCH ?) AND ");
                args.add(match.substrings());
            }
            SqlFilter.Fragment where = SqlFilter.where(request.filter(), request.scope());
            condition.append(where.sql());
            args.addAll(where.args());

            // the total comes from a separate count: a window count would make SQLite keep and sort every
            // matching row instead of only the first offset + page size
            StringBuilder columns = new StringBuilder(models ? "ms.model_pk, ms.version_pk, " : "m.pk, v.pk, ")
                    .append(match == null ? "0" : "t.score");
            List<Object> columnArgs = new ArrayList<>();
            StringBuilder order = new StringBuilder(" ORDER BY ");
            StringBuilder sortJoins = new StringBuilder();
            List<Object> sortJoinArgs = new ArrayList<>();
            int key = 0;
            for (Sort sort : request.effectiveSorts()) {
                String dir = sort.descending() ? " DESC" : " ASC";
                if (sort.isRelevance()) {
                    order.append(match == null ? "0" : "t.score").append(dir).append(", ");
                } else if (sort.field().kind() == dev.mvm.api.query.Field.Kind.VERSION) {
                    order.append("vo.major IS NULL, ");
                    for (String part : List.of("vo.major", "vo.minor", "vo.patch", "vo.release", "vo.pre")) {
                        order.append(part).append(dir).append(", ");
                    }
                } else if (models && sort.field().kind() == dev.mvm.api.query.Field.Kind.METRIC) {
                    // the latest version's metric, joined by its (model_pk, name) key; missing values last
                    String alias = "k" + key++;
                    sortJoins.append(" LEFT JOIN model_metric ").append(alias).append(" ON ").append(alias)
                            .append(".model_pk = ms.model_pk AND ").append(alias).append(".name = ?");
                    sortJoinArgs.add(sort.field().key());
                    String value = alias + ".value";
                    order.append(value).append(" IS NULL, ").append(value).append(dir).append(", ");
                } else {
                    // computed once per row as a result column; missing values last in either direction
                    SqlFilter.Fragment value = SqlFilter.sortValue(sort.field(), request.scope());
                    String alias = "sort_" + key++;
                    columns.append(", ").append(value.sql()).append(" AS ").append(alias);
                    columnArgs.addAll(value.args());
                    order.append(alias).append(" IS NULL, ").append(alias).append(dir).append(", ");
                }
            }
            // a models search has one row per model, and names are unique: the name alone completes the order
            order.append(models ? "ms.name ASC"
                    : "m.name ASC, vo.major DESC, vo.minor DESC, vo.patch DESC, vo.release DESC, vo.pre DESC");
            String from = tables(models, condition.toString()) + text + condition;
            String select = "SELECT " + columns + tables(models, columns + condition.toString() + order) + sortJoins
                    + text + condition + order + " LIMIT ? OFFSET ?";
            List<long[]> rows = new ArrayList<>();
            List<Double> scores = new ArrayList<>();
            try (PreparedStatement ps = s.prepareOnce(select)) {
                int i = bind(ps, columnArgs, 1);
                i = bind(ps, sortJoinArgs, i);
                i = bind(ps, args, i);
                ps.setInt(i++, request.page().pageSize());
                ps.setLong(i, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long mpk = rs.getLong(1);
                        long vpk = rs.getLong(2);
                        rows.add(new long[] {mpk, rs.wasNull() ? -1 : vpk});
                        scores.add(rs.getDouble(3));
                    }
                }
            }
            long total;
            try (PreparedStatement ps = s.prepareOnce("SELECT count(*)" + from)) {
                bind(ps, args, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<SearchHit> hits = new ArrayList<>(rows.size());
            for (int r = 0; r < rows.size(); r++) {
                hits.add(hit(s, rows.get(r)[0], rows.get(r)[1], scores.get(r)));
            }
            long end = offset + hits.size();
            String next = end < total ? request.cursorAt(end) : null;
            return new SearchResult(hits, total, offset, request.page().pageSize(), next);
        });
    }

    /**
     * The tables a query reads, joined only when {@code sql} (the query's own text; user values are bound
     * parameters, never part of it) uses their alias. A models search reads the narrow {@code model_search} row and
     * joins the wide models and versions rows only for the fields that live there alone.
     */
    private static String tables(boolean models, String sql) {
        StringBuilder from = new StringBuilder(" FROM ");
        if (models) {
            from.append("model_search ms");
            if (MODEL_ALIAS.matcher(sql).find()) {
                from.append(" LEFT JOIN models m ON m.pk = ms.model_pk");
            }
            if (VERSION_ALIAS.matcher(sql).find()) {
                from.append(" LEFT JOIN versions v ON v.pk = ms.version_pk");
            }
            if (ORDER_ALIAS.matcher(sql).find()) {
                from.append(" LEFT JOIN version_order vo ON vo.version_pk = ms.version_pk");
            }
        } else {
            from.append("versions v JOIN models m ON m.pk = v.model_pk");
            if (ORDER_ALIAS.matcher(sql).find()) {
                from.append(" LEFT JOIN version_order vo ON vo.version_pk = v.pk");
            }
        }
        return from.toString();
    }

    /**
     * The free text as FTS5 queries. Every word must match. Words of letters and digits from ASCII, and shorter
     * words of any script, match indexed words that start with them or are within a few edits of them
     * ({@code words}, on {@code search_words}); longer words of other scripts match anywhere in the text
     * ({@code substrings}, on the trigram index {@code search_text}). Each term is an FTS5 string holding only
     * letters and digits.
     *
     * @param words the query on search_words, or {@code null}
     * @param substrings the query on search_text, or {@code null}
     */
    record TextQuery(@Nullable String words, @Nullable String substrings) {
        static @Nullable TextQuery of(String text, SearchVocabulary.Snapshot vocabulary) {
            List<String> wordClauses = new ArrayList<>();
            List<String> substringClauses = new ArrayList<>();
            for (String word : TextRelevance.words(text)) {
                if (!TextRelevance.matchesWords(word)) {
                    substringClauses.add(quoted(word));
                    continue;
                }
                StringBuilder clause = new StringBuilder("(").append(quoted(word)).append('*');
                for (String t : vocabulary.expansions(word)) {
                    clause.append(" OR ").append(quoted(t));
                }
                wordClauses.add(clause.append(')').toString());
            }
            if (wordClauses.isEmpty() && substringClauses.isEmpty()) {
                return null;
            }
            return new TextQuery(wordClauses.isEmpty() ? null : String.join(" AND ", wordClauses),
                    substringClauses.isEmpty() ? null : String.join(" AND ", substringClauses));
        }

        private static String quoted(String term) {
            return '"' + term.replace("\"", "\"\"") + '"';
        }
    }

    private static int bind(PreparedStatement ps, List<Object> args, int start) throws SQLException {
        int i = start;
        for (Object arg : args) {
            if (arg instanceof String str) {
                ps.setString(i++, str);
            } else if (arg instanceof Double d) {
                ps.setDouble(i++, d);
            } else if (arg instanceof Long l) {
                ps.setLong(i++, l);
            } else {
                throw new IllegalStateException("Unexpected argument type " + arg.getClass());
            }
        }
        return i;
    }

    private static SearchHit hit(SqliteSession s, long modelPk, long versionPk, double score) throws SQLException {
        Model model = model(s, modelPk);
        ModelVersion version = versionPk < 0 ? null : version(s, versionPk, model.name());
        ModelVersion latest = null;
        PreparedStatement ps = s.prepare("SELECT version_pk FROM model_latest WHERE model_pk = ?");
        ps.setLong(1, modelPk);
        long latestPk = -1;
        try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                latestPk = rs.getLong(1);
            }
        }
        if (latestPk >= 0) {
            latest = latestPk == versionPk ? version : version(s, latestPk, model.name());
        }
        ps = s.prepare("SELECT version_pk FROM pointers WHERE model_pk = ? AND environment = 'production'");
        ps.setLong(1, modelPk);
        ModelVersion production = null;
        long productionPk = -1;
        try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                productionPk = rs.getLong(1);
            }
        }
        if (productionPk >= 0) {
            production = productionPk == versionPk ? version
                    : productionPk == latestPk ? latest : version(s, productionPk, model.name());
        }
        return new SearchHit(model, version, latest, production, score);
    }

    private static Model model(SqliteSession s, long pk) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT " + MODEL_COLUMNS + " FROM models WHERE pk = ?");
        ps.setLong(1, pk);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("Model row " + pk + " vanished inside its read transaction");
            }
            return new Model(rs.getString(1), ModelName.of(rs.getString(2)), rs.getString(3), rs.getString(4),
                    rs.getString(5), JsonColumns.readObject(rs.getString(6)), JsonColumns.readStrings(rs.getString(7)),
                    rs.getString(8), Instant.parse(rs.getString(9)), Instant.parse(rs.getString(10)), rs.getLong(11));
        }
    }

    private static ModelVersion version(SqliteSession s, long pk, ModelName model) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT " + VERSION_COLUMNS + " FROM versions WHERE pk = ?");
        ps.setLong(1, pk);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("Version row " + pk + " vanished inside its read transaction");
            }
            return new ModelVersion(model, SemanticVersion.parse(rs.getString(2)), new LifecycleState(rs.getString(3)),
                    rs.getString(4), new ArtifactSummary(new Sha256(rs.getString(5)), rs.getInt(6), rs.getLong(7)),
                    JsonColumns.readDoubles(rs.getString(8)), JsonColumns.readStrings(rs.getString(9)),
                    JsonColumns.readStrings(rs.getString(10)), JsonColumns.readLineage(rs.getString(11)),
                    rs.getString(12), Instant.parse(rs.getString(13)), Instant.parse(rs.getString(14)),
                    rs.getLong(15));
        }
    }
}
