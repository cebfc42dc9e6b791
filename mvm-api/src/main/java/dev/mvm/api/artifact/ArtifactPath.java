package dev.mvm.api.artifact;

import dev.mvm.api.error.ValidationException;

/**
 * A file's path relative to the root of a version, with {@code /} as the separator, e.g.
 * {@code tokenizer/vocab.txt}. Never absolute, never with {@code .} or {@code ..} segments, empty segments,
 * backslashes or control characters; at most {@value #MAX_LENGTH} characters and
 * {@value #MAX_SEGMENT_LENGTH} per segment.
 *
 * @param value the normalised path
 * @since 0.1
 */
public record ArtifactPath(String value) implements Comparable<ArtifactPath> {
    /** Longest path accepted. */
    public static final int MAX_LENGTH = 1024;
    /** Longest path segment accepted. */
    public static final int MAX_SEGMENT_LENGTH = 255;

    /** @throws ValidationException if the path breaks a rule above */
    public ArtifactPath {
        String problem = problem(value);
        if (problem != null) {
            throw new ValidationException("path", "Invalid artifact path '" + printable(value) + "': " + problem
                    + ". Allowed: a relative path with '/' separators, no '.' or '..' segments, at most "
                    + MAX_LENGTH + " characters.");
        }
    }

    /**
     * @param value the path text
     * @return the path
     */
    public static ArtifactPath of(String value) {
        return new ArtifactPath(value);
    }

    private static String problem(String value) {
        if (value == null || value.isEmpty()) {
            return "it is empty";
        }
        if (value.length() > MAX_LENGTH) {
            return "it has " + value.length() + " characters";
        }
        if (value.startsWith("/") || (value.length() > 1 && value.charAt(1) == ':')) {
            return "it is absolute";
        }
        if (value.indexOf('\\') >= 0) {
            return "it contains a backslash";
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return "it contains a control character";
            }
        }
        for (String segment : value.split("/", -1)) {
            if (segment.isEmpty()) {
                return "it has an empty segment";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "it has a '" + segment + "' segment";
            }
            if (segment.length() > MAX_SEGMENT_LENGTH) {
                return "a segment has more than " + MAX_SEGMENT_LENGTH + " characters";
            }
        }
        return null;
    }

    private static String printable(String value) {
        if (value == null) {
            return "null";
        }
        String shown = value.length() > 120 ? value.substring(0, 120) + "..." : value;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }

    /** @return the last segment, the file name */
    public String fileName() {
        return value.substring(value.lastIndexOf('/') + 1);
    }

    @Override
    public int compareTo(ArtifactPath other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
