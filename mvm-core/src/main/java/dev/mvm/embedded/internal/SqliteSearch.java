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

    /** The page cache of a connection that searches, in KiB (negative: a size, not a page count). */
    private static final int CACHE_KIB = -32_768;

    /** The most of the file read through a memory map (SQLite maps at most the file's size). */
    private static final long MMAP_BYTES = 1L << 30;

    private static final SqlFilter.Fragment NO_JOINS = new SqlFilter.Fragment("", List.of());

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
            // Searches touch many pages; SQLite's default page cache (2 MiB) halves their speed on large files, and
            // reading pages through a memory map instead of a read call each saves about a quarter more.
            s.execute("PRAGMA cache_size = " + CACHE_KIB);
            s.execute("PRAGMA mmap_size = " + MMAP_BYTES);
            TextQuery match = null;
            if (!request.text().isEmpty()) {
                match = TextQuery.of(request.text(), vocabulary.current(s));
                if (match == null) {
                    return new SearchResult(List.of(), 0, offset, request.page().pageSize(), null);
                }
            }
            boolean models = request.scope() == SearchScope.MODELS;
            SqlFilter.Lookups lookups = models ? new SqlFilter.Lookups() : null;
            // bm25 costs about a microsecond per match: computed only when the order needs it, otherwise the page's
            // rows are scored alone, afterwards
            boolean ranked = match != null
                    && request.effectiveSorts().stream().anyMatch(Sort::isRelevance);
            StringBuilder text = new StringBuilder();
            List<Object> args = new ArrayList<>();
            if (match != null) {
                String table = match.words() != null ? "search_words" : "search_text";
                text.append(" JOIN (SELECT rowid AS pk");
                if (ranked) {
                    text.append(", -bm25(").append(table).append(", 10.0, 1.0, 3.0, 1.0) AS score");
                }
                text.append(" FROM ").append(table).append(" WHERE ").append(table)
                        .append(" MATCH ?) t ON t.pk = ").append(models ? "ms.model_pk" : "m.pk");
                args.add(match.words() != null ? match.words() : match.substrings());
            }
            StringBuilder condition = new StringBuilder(" WHERE ");
            if (match != null && match.words() != null && match.substrings() != null) {
                condition.append(models ? "ms.model_pk" : "m.pk")
                        .append(" IN (SELECT rowid FROM search_text WHERE search_text MATCH ?) AND ");
                args.add(match.substrings());
            }
            SqlFilter.Fragment where = SqlFilter.where(request.filter(), request.scope(), lookups);
            condition.append(where.sql());
            args.addAll(where.args());
            SqlFilter.Fragment filterJoins = lookups == null ? NO_JOINS : lookups.joins();

            // every order term is a result column, so that the same ORDER BY serves a plain query and one over the
            // materialized matches
            StringBuilder columns = new StringBuilder(models ? "ms.model_pk AS row_model, ms.version_pk AS row_version"
                    : "m.pk AS row_model, v.pk AS row_version").append(ranked ? ", t.score AS score" : ", 0 AS score");
            List<Object> columnArgs = new ArrayList<>();
            StringBuilder order = new StringBuilder(" ORDER BY ");
            int key = 0;
            for (Sort sort : request.effectiveSorts()) {
                String dir = sort.descending() ? " DESC" : " ASC";
                if (sort.isRelevance()) {
                    order.append("score").append(dir).append(", ");
                } else if (sort.field().kind() == dev.mvm.api.query.Field.Kind.VERSION) {
                    columns.append(", vo.major IS NULL AS o_unversioned").append(key);
                    order.append("o_unversioned").append(key).append(", ");
                    for (String part : List.of("major", "minor", "patch", "release", "pre")) {
                        columns.append(", vo.").append(part).append(" AS o_").append(part).append(key);
                        order.append("o_").append(part).append(key).append(dir).append(", ");
                    }
                    key++;
                } else {
                    // computed once per row as a result column; missing values last in either direction
                    SqlFilter.Fragment value = SqlFilter.sortValue(sort.field(), request.scope(), lookups);
                    String alias = "sort_" + key++;
                    columns.append(", ").append(value.sql()).append(" AS ").append(alias);
                    columnArgs.addAll(value.args());
                    order.append(alias).append(" IS NULL, ").append(alias).append(dir).append(", ");
                }
            }
            // a models search has one row per model, and names are unique: the name alone completes the order
            if (models) {
                columns.append(", ms.name AS o_name");
                order.append("o_name ASC");
            } else {
                columns.append(", m.name AS o_name, vo.major AS o_tie_major, vo.minor AS o_tie_minor,"
                        + " vo.patch AS o_tie_patch, vo.release AS o_tie_release, vo.pre AS o_tie_pre");
                order.append("o_name ASC, o_tie_major DESC, o_tie_minor DESC, o_tie_patch DESC, o_tie_release DESC,"
                        + " o_tie_pre DESC");
            }
            SqlFilter.Fragment allJoins = lookups == null ? NO_JOINS : lookups.joins();
            String page = "SELECT " + columns + tables(models, columns + condition.toString()) + allJoins.sql()
                    + text + condition;
            List<Object> pageArgs = new ArrayList<>(columnArgs);
            pageArgs.addAll(allJoins.args());
            pageArgs.addAll(args);

            List<long[]> rows = new ArrayList<>();
            List<Double> scores = new ArrayList<>();
            long total = -1;
            String select = match != null
                    // free text bounds the matches: read them once, then count and sort the materialized rows,
                    // instead of evaluating the join and the filters twice (a count and a page query)
                    ? "WITH hits AS MATERIALIZED (" + page + ") SELECT row_model, row_version, score,"
                            + " (SELECT count(*) FROM hits) FROM hits" + order + " LIMIT ? OFFSET ?"
                    : page + order + " LIMIT ? OFFSET ?";
            try (PreparedStatement ps = s.prepareOnce(select)) {
                int i = bind(ps, pageArgs, 1);
                ps.setInt(i++, request.page().pageSize());
                ps.setLong(i, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long mpk = rs.getLong(1);
                        long vpk = rs.getLong(2);
                        rows.add(new long[] {mpk, rs.wasNull() ? -1 : vpk});
                        scores.add(rs.getDouble(3));
                        if (match != null) {
                            total = rs.getLong(4);
                        }
                    }
                }
            }
            if (total < 0 && (match == null || offset > 0)) {
                // without text, or past the last match: a separate count, which needs only the filters' joins
                String from = tables(models, condition.toString()) + filterJoins.sql() + text + condition;
                try (PreparedStatement ps = s.prepareOnce("SELECT count(*)" + from)) {
                    int i = bind(ps, filterJoins.args(), 1);
                    bind(ps, args, i);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        total = rs.getLong(1);
                    }
                }
            }
            total = Math.max(total, 0);
            List<SearchHit> hits = new ArrayList<>(rows.size());
            for (int r = 0; r < rows.size(); r++) {
                SearchHit hit = hit(s, rows.get(r)[0], rows.get(r)[1], scores.get(r));
                if (match != null && !ranked) {
                    // not ranked by relevance: the page's rows get the store-independent score of the API
                    hit = new SearchHit(hit.model(), hit.version(), hit.latest(), hit.production(),
                            TextRelevance.score(request.text(), hit.model()));
                }
                hits.add(hit);
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
