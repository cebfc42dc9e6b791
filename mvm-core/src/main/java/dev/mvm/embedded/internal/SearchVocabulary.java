package dev.mvm.embedded.internal;

import dev.mvm.api.query.TextRelevance;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The indexed words of the embedded registry, kept in memory by length, to turn one word of free text into the
 * indexed words it may mean with a typo. Reloaded inside the search's read transaction whenever
 * {@code search_generation} shows that the indexed text changed, so it always matches the snapshot read.
 */
final class SearchVocabulary {
    /** The most indexed words one query word expands to. */
    static final int MAX_EXPANSIONS = 32;

    private long generation = -1;
    private Map<Integer, List<String>> byLength = Map.of();

    synchronized Snapshot current(SqliteSession s) throws SQLException {
        long now;
        try (ResultSet rs = s.prepare("SELECT generation FROM search_generation WHERE id = 1").executeQuery()) {
            now = rs.next() ? rs.getLong(1) : 0;
        }
        if (now != generation) {
            Map<Integer, List<String>> terms = new HashMap<>();
            PreparedStatement ps = s.prepare("SELECT term FROM search_vocabulary");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String term = rs.getString(1);
                    if (isNumber(term)) {
                        continue; // a typo of a number is another number, not a match
                    }
                    int length = term.codePointCount(0, term.length());
                    terms.computeIfAbsent(length, k -> new ArrayList<>()).add(term);
                }
            }
            byLength = terms;
            generation = now;
        }
        return new Snapshot(byLength);
    }

    static boolean isNumber(String term) {
        return term.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** An immutable view of the words at one generation. */
    record Snapshot(Map<Integer, List<String>> byLength) {
        /**
         * @param word a lower-case query word
         * @return indexed words within {@link TextRelevance#maxEdits} edits of it
         */
        List<String> expansions(String word) {
            List<String> out = new ArrayList<>();
            int length = word.codePointCount(0, word.length());
            int edits = TextRelevance.maxEdits(word);
            if (edits == 0 || isNumber(word)) {
                return out;
            }
            for (int l = Math.max(1, length - edits); l <= length + edits; l++) {
                for (String t : byLength.getOrDefault(l, List.of())) {
                    if (out.size() >= MAX_EXPANSIONS) {
                        return out;
                    }
                    if (!t.equals(word) && TextRelevance.distance(word, t, edits) <= edits) {
                        out.add(t);
                    }
                }
            }
            return out;
        }
    }
}
