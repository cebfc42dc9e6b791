package dev.mvm.rest.internal;

import com.sun.net.httpserver.HttpExchange;
import dev.mvm.ModelRegistry;
import dev.mvm.api.access.Principal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** One request being served: the exchange, the matched path parameters, the query and the acting registry. */
final class Call {
    private final HttpExchange exchange;
    private final Map<String, String> pathParams;
    private final Map<String, String> query;
    private final @Nullable Principal principal;
    private final @Nullable ModelRegistry registry;
    private final long maxBodyBytes;

    Call(HttpExchange exchange, Map<String, String> pathParams, @Nullable Principal principal,
            @Nullable ModelRegistry registry, long maxBodyBytes) {
        this.exchange = exchange;
        this.pathParams = pathParams;
        this.query = parseQuery(exchange.getRequestURI().getRawQuery());
        this.principal = principal;
        this.registry = registry;
        this.maxBodyBytes = maxBodyBytes;
    }

    HttpExchange exchange() {
        return exchange;
    }

    String path(String name) {
        String v = pathParams.get(name);
        if (v == null) {
            throw new IllegalStateException("route has no parameter " + name);
        }
        return v;
    }

    @Nullable String query(String name) {
        String v = query.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    String query(String name, String fallback) {
        String v = query(name);
        return v == null ? fallback : v;
    }

    @Nullable Integer intQuery(String name, int min, int max) {
        String v = query(name);
        if (v == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw ApiException.validation(name, "Query parameter '" + name + "' is " + n + "; allowed: " + min
                        + " to " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.validation(name, "Query parameter '" + name + "' must be an integer, not '"
                    + printable(v) + "'");
        }
    }

    void onlyQuery(Set<String> allowed) {
        for (String k : query.keySet()) {
            if (!allowed.contains(k)) {
                throw ApiException.validation(k, "Unknown query parameter '" + printable(k) + "'; allowed: "
                        + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        }
    }

    Principal principal() {
        if (principal == null) {
            throw new IllegalStateException("unauthenticated route asked for a principal");
        }
        return principal;
    }

    ModelRegistry registry() {
        if (registry == null) {
            throw new IllegalStateException("unauthenticated route asked for the registry");
        }
        return registry;
    }

    /**
     * Reads a JSON object body of at most the configured size.
     *
     * @throws ApiException 413 beyond the limit, 400 for malformed JSON or unknown fields
     */
    JsonBody json(String what, Set<String> allowed) {
        return Json.parseObject(boundedBody(), what, allowed);
    }

    private byte[] boundedBody() {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > maxBodyBytes) {
                    throw tooLarge();
                }
            } catch (NumberFormatException e) {
                throw ApiException.validation("Content-Length", "Invalid Content-Length '" + printable(length) + "'");
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            long total = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                if (total > maxBodyBytes) {
                    throw tooLarge();
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw ApiException.validation("body", "Cannot read the request body: " + e.getMessage());
        }
    }

    private ApiException tooLarge() {
        return new ApiException(413, "PAYLOAD_TOO_LARGE", "The request body is larger than " + maxBodyBytes
                + " bytes, the limit of this server for JSON bodies; upload files with PUT /api/v1/uploads/{upload_id}/files/{path}");
    }

    static String printable(String value) {
        String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }

    static Map<String, String> parseQuery(@Nullable String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decodeQuery(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decodeQuery(pair.substring(eq + 1));
            if (out.putIfAbsent(k, v) != null) {
                throw ApiException.validation(k, "Query parameter '" + printable(k) + "' is given twice; give it once");
            }
        }
        return out;
    }

    private static String decodeQuery(String s) {
        try {
            return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("query", "Malformed percent-encoding in the query: '" + printable(s) + "'");
        }
    }
}
