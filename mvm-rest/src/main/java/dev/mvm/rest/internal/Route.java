package dev.mvm.rest.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One method and path template, e.g. {@code GET /api/v1/models/{model_id}/versions/{version}}. A last
 * segment written {@code {name*}} takes the rest of the path, slashes included. Path segments are
 * percent-decoded one by one, so a model name with a namespace is written {@code nlp%2Fbert}.
 *
 * @param method the HTTP method
 * @param template the path template
 * @param authenticated whether the request needs a principal (signed links and the OpenAPI document do not)
 * @param endpoint what serves it
 */
record Route(String method, String template, boolean authenticated, Endpoint endpoint) {

    /** Serves one matched request. */
    @FunctionalInterface
    interface Endpoint {
        void serve(Call call) throws IOException;
    }

    List<String> segments() {
        return split(template);
    }

    /** @return the path parameters if the raw path matches, else {@code null} */
    @Nullable Map<String, String> match(List<String> rawSegments) {
        List<String> t = segments();
        boolean greedy = !t.isEmpty() && t.get(t.size() - 1).endsWith("*}");
        if (greedy ? rawSegments.size() < t.size() : rawSegments.size() != t.size()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < t.size(); i++) {
            String part = t.get(i);
            if (part.startsWith("{")) {
                String name = part.substring(1, part.length() - (part.endsWith("*}") ? 2 : 1));
                if (part.endsWith("*}")) {
                    List<String> rest = new ArrayList<>();
                    for (String s : rawSegments.subList(i, rawSegments.size())) {
                        rest.add(decode(s));
                    }
                    params.put(name, String.join("/", rest));
                } else {
                    params.put(name, decode(rawSegments.get(i)));
                }
            } else if (!part.equals(rawSegments.get(i))) {
                return null;
            }
        }
        return params;
    }

    static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /** Percent-decodes one path segment ({@code +} stays a plus). */
    static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length()) {
                    throw malformed(segment);
                }
                int hi = Character.digit(segment.charAt(i + 1), 16);
                int lo = Character.digit(segment.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw malformed(segment);
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static ApiException malformed(String segment) {
        return ApiException.validation("path", "Malformed percent-encoding in path segment '"
                + Call.printable(segment) + "'");
    }
}
