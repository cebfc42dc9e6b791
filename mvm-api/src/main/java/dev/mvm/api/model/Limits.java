package dev.mvm.api.model;

import dev.mvm.api.error.ValidationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The documented limits on free-form inputs, and the checks that enforce them. They are chosen so that
 * every value fits every backend MVM supports (MLflow's tag and parameter limits included).
 *
 * @since 0.1
 */
public final class Limits {
    /** Longest tag, metric or parameter key. */
    public static final int MAX_KEY_LENGTH = 250;
    /** Longest tag value. */
    public static final int MAX_TAG_VALUE_LENGTH = 5000;
    /** Longest parameter value. */
    public static final int MAX_PARAM_VALUE_LENGTH = 6000;
    /** Longest description. */
    public static final int MAX_DESCRIPTION_LENGTH = 10_000;
    /** Longest short text such as a framework, task, owner, run id or dataset reference. */
    public static final int MAX_SHORT_TEXT_LENGTH = 500;
    /** Most entries in one tag, metric or parameter map. */
    public static final int MAX_ENTRIES = 10_000;
    /** Prefix reserved for MVM's own bookkeeping keys; user keys may not start with it. */
    public static final String RESERVED_PREFIX = "mvm.";

    private Limits() {
    }

    /**
     * Checks a map of tags: keys of 1 to {@value #MAX_KEY_LENGTH} characters without control characters,
     * surrounding spaces or the reserved {@code mvm.} prefix; values of at most
     * {@value #MAX_TAG_VALUE_LENGTH} characters without control characters.
     *
     * @param field the name of the input, for the message
     * @param tags the tags
     * @return an immutable copy, in the given iteration order
     * @throws ValidationException naming the first bad key or value
     */
    public static Map<String, String> tags(String field, Map<String, String> tags) {
        return strings(field, tags, MAX_TAG_VALUE_LENGTH);
    }

    /**
     * Checks a map of parameters: keys as for {@link #tags}; values of at most
     * {@value #MAX_PARAM_VALUE_LENGTH} characters.
     *
     * @param field the name of the input, for the message
     * @param params the parameters
     * @return an immutable copy
     * @throws ValidationException naming the first bad key or value
     */
    public static Map<String, String> params(String field, Map<String, String> params) {
        return strings(field, params, MAX_PARAM_VALUE_LENGTH);
    }

    /**
     * Checks a map of metrics: keys as for {@link #tags}; values finite numbers.
     *
     * @param field the name of the input, for the message
     * @param metrics the metrics
     * @return an immutable copy
     * @throws ValidationException naming the first bad key or value
     */
    public static Map<String, Double> metrics(String field, Map<String, Double> metrics) {
        entries(field, metrics.size());
        Map<String, Double> copy = new LinkedHashMap<>();
        metrics.forEach((k, v) -> {
            key(field, k);
            if (v == null || v.isNaN() || v.isInfinite()) {
                throw new ValidationException(field + "." + k, "Invalid value " + v + " for metric '" + k
                        + "': metrics must be finite numbers");
            }
            copy.put(k, v);
        });
        return java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * Checks one key of a tag, metric or parameter map.
     *
     * @param field the name of the input, for the message
     * @param key the key
     * @return the key
     * @throws ValidationException if it is empty, too long, has control characters or surrounding spaces,
     *     or uses the reserved prefix
     */
    public static String key(String field, @Nullable String key) {
        if (key == null || key.isEmpty()) {
            throw new ValidationException(field, "Invalid key in " + field + ": it is empty");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw new ValidationException(field, "Invalid key '" + ModelName.printable(key) + "' in " + field + ": it has "
                    + key.length() + " characters, at most " + MAX_KEY_LENGTH + " are allowed");
        }
        if (hasControl(key) || !key.strip().equals(key)) {
            throw new ValidationException(field, "Invalid key '" + ModelName.printable(key) + "' in " + field
                    + ": control characters and leading or trailing spaces are not allowed");
        }
        if (key.startsWith(RESERVED_PREFIX)) {
            throw new ValidationException(field, "Invalid key '" + key + "' in " + field + ": the prefix '"
                    + RESERVED_PREFIX + "' is reserved for MVM");
        }
        return key;
    }

    /**
     * Checks a free text such as a description.
     *
     * @param field the name of the input, for the message
     * @param text the text
     * @param max the most characters allowed
     * @return the text
     * @throws ValidationException if it is too long or contains a NUL character
     */
    public static String text(String field, String text, int max) {
        if (text == null) {
            throw new ValidationException(field, field + " must not be null; use an empty string");
        }
        if (text.length() > max) {
            throw new ValidationException(field, "Invalid " + field + ": it has " + text.length()
                    + " characters, at most " + max + " are allowed");
        }
        if (text.indexOf('\0') >= 0) {
            throw new ValidationException(field, "Invalid " + field + ": NUL characters are not allowed");
        }
        return text;
    }

    /**
     * Checks a short single-line text such as a framework or run id.
     *
     * @param field the name of the input, for the message
     * @param text the text
     * @return the text
     * @throws ValidationException if longer than {@value #MAX_SHORT_TEXT_LENGTH} or with control characters
     */
    public static String shortText(String field, String text) {
        text(field, text, MAX_SHORT_TEXT_LENGTH);
        if (hasControl(text)) {
            throw new ValidationException(field, "Invalid " + field + " '" + ModelName.printable(text)
                    + "': control characters are not allowed");
        }
        return text;
    }

    private static Map<String, String> strings(String field, Map<String, String> values, int maxValue) {
        entries(field, values.size());
        Map<String, String> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            key(field, k);
            if (v == null) {
                throw new ValidationException(field + "." + k, "Missing value for '" + k + "' in " + field
                        + ": values must not be null; use an empty string");
            }
            if (v.length() > maxValue) {
                throw new ValidationException(field + "." + k, "Invalid value for '" + k + "' in " + field
                        + ": it has " + v.length() + " characters, at most " + maxValue + " are allowed");
            }
            if (v.indexOf('\0') >= 0) {
                throw new ValidationException(field + "." + k, "Invalid value for '" + k + "' in " + field
                        + ": NUL characters are not allowed");
            }
            copy.put(k, v);
        });
        return java.util.Collections.unmodifiableMap(copy);
    }

    private static void entries(String field, int size) {
        if (size > MAX_ENTRIES) {
            throw new ValidationException(field, "Too many entries in " + field + ": " + size + ", at most "
                    + MAX_ENTRIES + " are allowed");
        }
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Checks free model metadata: a JSON-like tree of maps with string keys, lists, strings, numbers and
     * booleans (no nulls), at most 32 levels deep.
     *
     * @param field the name of the input, for the message
     * @param metadata the metadata
     * @return a deeply immutable copy
     * @throws ValidationException naming the first unsupported value
     */
    public static Map<String, Object> metadata(String field, Map<String, ?> metadata) {
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) json(field, metadata, 0);
        return copy;
    }

    private static Object json(String path, @Nullable Object value, int depth) {
        if (depth > 32) {
            throw new ValidationException(path, "Metadata nested deeper than 32 levels at " + path);
        }
        if (value == null) {
            throw new ValidationException(path, "Null value at " + path + ": metadata values must not be null");
        }
        if (value instanceof String s) {
            return text(path, s, MAX_DESCRIPTION_LENGTH);
        }
        if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            throw new ValidationException(path, "Non-finite number at " + path);
        }
        if (value instanceof Float f && (f.isNaN() || f.isInfinite())) {
            throw new ValidationException(path, "Non-finite number at " + path);
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            entries(path, map.size());
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String k) || k.isEmpty() || k.length() > MAX_KEY_LENGTH) {
                    throw new ValidationException(path, "Invalid key '" + e.getKey() + "' at " + path
                            + ": keys must be strings of 1 to " + MAX_KEY_LENGTH + " characters");
                }
                copy.put(k, json(path + "." + k, e.getValue(), depth + 1));
            }
            return java.util.Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            entries(path, list.size());
            List<Object> copy = new java.util.ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                copy.add(json(path + "[" + i + "]", list.get(i), depth + 1));
            }
            return List.copyOf(copy);
        }
        throw new ValidationException(path, "Unsupported metadata value of type " + value.getClass().getName()
                + " at " + path + ": use maps, lists, strings, numbers and booleans");
    }
}
