package dev.mvm.api.model;

import dev.mvm.api.error.ValidationException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A model's unique name: lowercase letters, digits, {@code .}, {@code _} and {@code -}, starting with a
 * letter or digit, with one optional {@code namespace/} prefix of the same form, at most
 * {@value #MAX_LENGTH} characters in all and never containing {@code ..}.
 *
 * <p>Examples: {@code bert-base-chinese}, {@code nlp/bert-base-chinese}, {@code fraud_v2.onnx}.
 *
 * @param value the name as given
 * @since 0.1
 */
public record ModelName(String value) implements Comparable<ModelName> {
    /** The longest name accepted, namespace included. */
    public static final int MAX_LENGTH = 128;

    private static final Pattern SEGMENT = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    /**
     * @throws ValidationException if the name breaks the rules above; the message says which
     */
    public ModelName {
        String problem = problem(value);
        if (problem != null) {
            throw new ValidationException("name", "Invalid model name '" + printable(value) + "': " + problem
                    + ". Allowed: lowercase letters, digits, '.', '_', '-', starting with a letter or digit,"
                    + " an optional 'namespace/' prefix, at most " + MAX_LENGTH + " characters.");
        }
    }

    /**
     * Parses a model name.
     *
     * @param value the text
     * @return the name
     * @throws ValidationException if it is not a valid name
     */
    public static ModelName of(String value) {
        return new ModelName(value);
    }

    private static String problem(String value) {
        if (value == null || value.isEmpty()) {
            return "it is empty";
        }
        if (value.length() > MAX_LENGTH) {
            return "it has " + value.length() + " characters";
        }
        if (value.startsWith("/")) {
            return "it starts with '/'";
        }
        if (value.contains("..")) {
            return "it contains '..'";
        }
        String[] segments = value.split("/", -1);
        if (segments.length > 2) {
            return "it has more than one '/'";
        }
        for (String segment : segments) {
            if (segment.isEmpty()) {
                return "it has an empty segment";
            }
            if (!SEGMENT.matcher(segment).matches()) {
                if (!segment.equals(segment.toLowerCase(java.util.Locale.ROOT))) {
                    return "it has upper-case letters";
                }
                return "'" + segment + "' has a character outside [a-z0-9._-] or does not start with a letter or digit";
            }
        }
        return null;
    }

    static String printable(String value) {
        if (value == null) {
            return "null";
        }
        String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }

    /** @return the namespace (the part before {@code /}), if any */
    public Optional<String> namespace() {
        int slash = value.indexOf('/');
        return slash < 0 ? Optional.empty() : Optional.of(value.substring(0, slash));
    }

    /** @return the name without its namespace */
    public String localName() {
        return value.substring(value.indexOf('/') + 1);
    }

    @Override
    public int compareTo(ModelName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
