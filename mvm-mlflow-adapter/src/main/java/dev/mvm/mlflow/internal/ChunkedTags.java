package dev.mvm.mlflow.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Long values split over several tags, so that they fit the smallest tag value limit MLflow has had (5,000
 * characters): the first part under {@code key}, the next ones under {@code key.2}, {@code key.3}, ...
 */
final class ChunkedTags {
    /** The most characters one tag value holds. */
    static final int CHUNK = 5000;

    private ChunkedTags() {
    }

    /** @return the tags that hold {@code value} under {@code key} */
    static Map<String, String> encode(String key, String value) {
        Map<String, String> out = new LinkedHashMap<>();
        int start = 0;
        int part = 1;
        do {
            int end = Math.min(value.length(), start + CHUNK);
            if (end < value.length() && Character.isHighSurrogate(value.charAt(end - 1))) {
                end--;
            }
            out.put(part == 1 ? key : key + "." + part, value.substring(start, end));
            start = end;
            part++;
        } while (start < value.length());
        return out;
    }

    /** @return the value stored under {@code key}, joined from its parts, if the first part exists */
    static Optional<String> decode(Map<String, String> tags, String key) {
        String first = tags.get(key);
        if (first == null) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder(first);
        for (int part = 2; ; part++) {
            String next = tags.get(key + "." + part);
            if (next == null) {
                return Optional.of(sb.toString());
            }
            sb.append(next);
        }
    }
}
