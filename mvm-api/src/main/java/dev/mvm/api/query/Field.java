package dev.mvm.api.query;

import dev.mvm.api.error.ValidationException;
import dev.mvm.api.model.Limits;
import java.util.List;
import java.util.Locale;

/**
 * A field a filter compares or a sort orders by: a fixed field such as {@code name} or {@code created}, or a
 * keyed one such as {@code tags.language}, {@code metrics.accuracy}, {@code params.lr} or the JSON path
 * {@code metadata.input.shape}. Keys with characters other than letters, digits, {@code _} and {@code -}
 * are written in backticks: {@code tags.`team/owner`}.
 *
 * <p>Which value a field reads depends on the {@link SearchScope}: in the models scope, {@code state},
 * {@code version}, {@code metrics.*} and {@code params.*} read the model's latest version (highest
 * precedence); in the versions scope {@code description}, {@code created}, {@code updated} and {@code tags.*}
 * read the version itself, and the other fixed fields its model.
 *
 * @param kind which field
 * @param path the key of a keyed field (one element) or the segments of a metadata path; empty otherwise
 * @since 0.1
 */
public record Field(Kind kind, List<String> path) {
    /** The most segments in a metadata path. */
    public static final int MAX_PATH_SEGMENTS = 16;

    /** The kinds of field and the type of value each holds. */
    public enum Kind {
        /** The model name (text). */
        NAME("name", Type.TEXT),
        /** The model's, or in the versions scope the version's, description (text). */
        DESCRIPTION("description", Type.TEXT),
        /** The model's framework (text). */
        FRAMEWORK("framework", Type.TEXT),
        /** The model's task (text). */
        TASK("task", Type.TEXT),
        /** The model's owner (text). */
        OWNER("owner", Type.TEXT),
        /** The version's lifecycle state (text, compared in upper case). */
        STATE("state", Type.TEXT),
        /** The semantic version, compared by SemVer precedence. */
        VERSION("version", Type.VERSION),
        /** Creation time. */
        CREATED("created", Type.TIME),
        /** Last change time. */
        UPDATED("updated", Type.TIME),
        /** A tag value, {@code tags.<key>} (text). */
        TAG("tags", Type.TEXT),
        /** A version metric, {@code metrics.<name>} (number). */
        METRIC("metrics", Type.NUMBER),
        /** A version parameter, {@code params.<name>} (text). */
        PARAM("params", Type.TEXT),
        /** A value inside the model metadata, {@code metadata.<path>} (text or number). */
        METADATA("metadata", Type.JSON);

        private final String word;
        private final Type type;

        Kind(String word, Type type) {
            this.word = word;
            this.type = type;
        }

        /** @return the word that names the field (or the prefix of a keyed field) */
        public String word() {
            return word;
        }

        /** @return the type of value the field holds */
        public Type type() {
            return type;
        }

        /** @return whether the field takes a key, as in {@code tags.<key>} */
        public boolean keyed() {
            return this == TAG || this == METRIC || this == PARAM || this == METADATA;
        }
    }

    /** The type of a field's value, which decides the literals and operators it accepts. */
    public enum Type {
        /** Text: string literals, every operator. */
        TEXT,
        /** Numbers: number literals, no patterns. */
        NUMBER,
        /** SemVer: string literals holding a version; patterns match the text. */
        VERSION,
        /** Instants: string literals holding a date or an ISO-8601 instant; no patterns. */
        TIME,
        /** JSON values: string or number literals; a value of another JSON type never matches. */
        JSON
    }

    /** Validates the key or path and copies it. */
    public Field {
        java.util.Objects.requireNonNull(kind, "kind");
        path = List.copyOf(path);
        if (!kind.keyed() && !path.isEmpty()) {
            throw new ValidationException("filter", "Field '" + kind.word() + "' takes no key");
        }
        if (kind.keyed()) {
            if (path.isEmpty() || (kind != Kind.METADATA && path.size() != 1)) {
                throw new ValidationException("filter", "Field '" + kind.word() + "' needs "
                        + (kind == Kind.METADATA ? "a path" : "one key") + ", e.g. " + kind.word() + ".accuracy");
            }
            if (path.size() > MAX_PATH_SEGMENTS) {
                throw new ValidationException("filter", "Metadata path has " + path.size() + " segments, at most "
                        + MAX_PATH_SEGMENTS + " are allowed");
            }
            for (String key : path) {
                if (key.isEmpty() || key.length() > Limits.MAX_KEY_LENGTH) {
                    throw new ValidationException("filter", "Invalid key in field '" + kind.word()
                            + "': keys have 1 to " + Limits.MAX_KEY_LENGTH + " characters");
                }
                if (kind == Kind.METADATA && key.indexOf('"') >= 0) {
                    throw new ValidationException("filter", "Invalid metadata path segment: '\"' is not allowed");
                }
                for (int i = 0; i < key.length(); i++) {
                    if (Character.isISOControl(key.charAt(i))) {
                        throw new ValidationException("filter", "Invalid key in field '" + kind.word()
                                + "': control characters are not allowed");
                    }
                }
            }
        }
    }

    /**
     * A field without key.
     *
     * @param kind a kind that takes no key
     * @return the field
     * @throws ValidationException if the kind needs a key
     */
    public static Field of(Kind kind) {
        return new Field(kind, List.of());
    }

    /**
     * Parses a field as written in the filter language, e.g. {@code name}, {@code metrics.accuracy},
     * {@code tags.`odd key`}, {@code metadata.input.shape}.
     *
     * @param text the field text
     * @return the field
     * @throws ValidationException if it names no field
     */
    public static Field parse(String text) {
        Filter parsed = FilterParser.parseField(text);
        return ((Filter.Comparison) parsed).field();
    }

    /**
     * @param word a field word or keyed prefix, any case
     * @return the kind it names, or {@code null}
     */
    static Kind kindOf(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        for (Kind k : Kind.values()) {
            if (k.word.equals(w)) {
                return k;
            }
        }
        return switch (w) {
            case "tag" -> Kind.TAG;
            case "metric" -> Kind.METRIC;
            case "param" -> Kind.PARAM;
            case "created_at", "creation_timestamp" -> Kind.CREATED;
            case "updated_at", "last_updated_timestamp" -> Kind.UPDATED;
            default -> null;
        };
    }

    /** @return the key of a tag, metric or parameter field */
    public String key() {
        if (path.isEmpty()) {
            throw new IllegalStateException("Field '" + kind.word() + "' has no key");
        }
        return path.get(0);
    }

    /** @return the field as written in the filter language */
    @Override
    public String toString() {
        if (!kind.keyed()) {
            return kind.word();
        }
        StringBuilder sb = new StringBuilder(kind.word());
        for (String segment : path) {
            sb.append('.');
            if (segment.matches("[A-Za-z_][A-Za-z0-9_-]*")) {
                sb.append(segment);
            } else {
                sb.append('`').append(segment.replace("`", "``")).append('`');
            }
        }
        return sb.toString();
    }
}
