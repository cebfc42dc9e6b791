package dev.mvm.api.query;

import dev.mvm.api.model.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Free-text matching tolerant of typos and partial words, the rules every store follows.
 *
 * <p>The text is split into words (runs of letters and digits), lower-cased. Every word must match the
 * model's name, description, tags (keys and values) or metadata (keys and values) in one of three ways:
 * <ul>
 *   <li>as the start of a word of the text, so {@code chin} finds {@code bert-base-chinese};
 *   <li>for words of three or more characters of scripts written without spaces (any word with a non-ASCII
 *       character, e.g. Chinese), anywhere inside the text, so {@code 语言模} finds {@code 中文语言模型};
 *   <li>as a typo of a whole word of the text: within one edit (insertion, deletion, substitution or swap of
 *       neighbours) for words of 4 to 7 characters, two for longer ones, so {@code bret} finds {@code bert}.
 *       Only ASCII words match as typos, and numbers never do.
 * </ul>
 * Matches in the name weigh most, then tags, then description and metadata; exact words weigh more than
 * prefixes, and prefixes more than typos.
 *
 * @since 0.1
 */
public final class TextRelevance {
    /** The most words of free text considered; further words are ignored. */
    public static final int MAX_WORDS = 8;

    private static final double[] WEIGHTS = {10, 1, 3, 1};

    private TextRelevance() {
    }

    /**
     * @param text free text
     * @return its distinct lower-case words, at most {@value #MAX_WORDS}
     */
    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        String lower = text.toLowerCase(Locale.ROOT);
        for (int i = 0; i <= lower.length(); ) {
            int cp = i < lower.length() ? lower.codePointAt(i) : ' ';
            if (Character.isLetterOrDigit(cp)) {
                current.appendCodePoint(cp);
            } else if (current.length() > 0) {
                String w = current.toString();
                if (!words.contains(w) && words.size() < MAX_WORDS) {
                    words.add(w);
                }
                current.setLength(0);
            }
            i += i < lower.length() ? Character.charCount(cp) : 1;
        }
        return words;
    }

    /**
     * @param word a query word
     * @return how many edits a typo of it may have: 0 below 4 characters, 1 up to 7, else 2
     */
    public static int maxEdits(String word) {
        int n = word.codePointCount(0, word.length());
        return n < 4 ? 0 : n <= 7 ? 1 : 2;
    }

    /**
     * The optimal-string-alignment distance (Damerau-Levenshtein without repeated edits of a substring),
     * giving up once it exceeds {@code limit}.
     *
     * @param a one word
     * @param b another word
     * @param limit the largest distance of interest
     * @return the distance, or {@code limit + 1} if it is larger
     */
    public static int distance(String a, String b, int limit) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        if (Math.abs(x.length - y.length) > limit) {
            return limit + 1;
        }
        int[][] d = new int[x.length + 1][y.length + 1];
        for (int i = 0; i <= x.length; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= y.length; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= x.length; i++) {
            int rowMin = Integer.MAX_VALUE;
            for (int j = 1; j <= y.length; j++) {
                int cost = x[i - 1] == y[j - 1] ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1]) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
                rowMin = Math.min(rowMin, v);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
        }
        return d[x.length][y.length];
    }

    /**
     * Scores a model against free text.
     *
     * @param text the free text
     * @param model the model
     * @return 0 if some word of the text matches nothing, else a positive score, higher for better matches
     */
    public static double score(String text, Model model) {
        List<String> words = words(text);
        if (words.isEmpty()) {
            return 0;
        }
        String[] fields = documents(model);
        List<List<String>> fieldWords = new ArrayList<>();
        for (String f : fields) {
            fieldWords.add(words(f, Integer.MAX_VALUE));
        }
        double total = 0;
        for (String w : words) {
            double best = 0;
            for (int f = 0; f < fields.length; f++) {
                double quality = match(w, fields[f], fieldWords.get(f));
                best = Math.max(best, quality * WEIGHTS[f]);
            }
            if (best == 0) {
                return 0;
            }
            total += best;
        }
        return total;
    }

    /**
     * The searchable text of a model in four parts: name, description, tags (keys and values) and metadata
     * (keys and scalar values), each lower-cased.
     *
     * @param model the model
     * @return the four texts
     */
    public static String[] documents(Model model) {
        StringBuilder tags = new StringBuilder();
        model.tags().forEach((k, v) -> tags.append(k).append(' ').append(v).append(' '));
        StringBuilder meta = new StringBuilder();
        flatten(model.metadata(), meta);
        return new String[] {model.name().value().toLowerCase(Locale.ROOT), model.description().toLowerCase(Locale.ROOT),
                tags.toString().toLowerCase(Locale.ROOT), meta.toString().toLowerCase(Locale.ROOT)};
    }

    private static void flatten(Object value, StringBuilder out) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                out.append(k).append(' ');
                flatten(v, out);
            });
        } else if (value instanceof List<?> list) {
            list.forEach(v -> flatten(v, out));
        } else {
            out.append(value).append(' ');
        }
    }

    /**
     * @param word a lower-case query word
     * @return whether it matches starts of words (ASCII words, and words shorter than three characters) rather
     *     than any part of the text
     */
    public static boolean matchesWords(String word) {
        return word.chars().allMatch(c -> c < 128) || word.codePointCount(0, word.length()) < 3;
    }

    private static double match(String word, String field, List<String> fieldWords) {
        if (matchesWords(word) ? fieldWords.stream().anyMatch(fw -> fw.startsWith(word)) : field.contains(word)) {
            return fieldWords.contains(word) ? 1.0 : 0.8;
        }
        int edits = maxEdits(word);
        if (edits > 0 && !isNumber(word) && matchesWords(word)) {
            for (String fw : fieldWords) {
                if (isNumber(fw)) {
                    continue;
                }
                if (distance(word, fw, edits) <= edits) {
                    return 0.5;
                }
            }
        }
        return 0;
    }

    private static boolean isNumber(String word) {
        return word.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static List<String> words(String text, int max) {
        List<String> words = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i <= text.length(); ) {
            int cp = i < text.length() ? text.codePointAt(i) : ' ';
            if (Character.isLetterOrDigit(cp)) {
                current.appendCodePoint(cp);
            } else if (current.length() > 0) {
                if (words.size() < max) {
                    words.add(current.toString());
                }
                current.setLength(0);
            }
            i += i < text.length() ? Character.charCount(cp) : 1;
        }
        return words;
    }
}
