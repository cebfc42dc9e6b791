package dev.mvm.rest.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import dev.mvm.ModelHandle;
import dev.mvm.VersionHandle;
import dev.mvm.api.artifact.ArtifactManifest;
import dev.mvm.api.artifact.ArtifactPath;
import dev.mvm.api.artifact.FileLocation;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.api.spi.ArtifactStore;
import dev.mvm.api.spi.DownloadLink;
import dev.mvm.embedded.ContentAddressedBlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Files in and out: uploads that a version is registered from, download links (signed by this server for the
 * embedded store, presigned by the store for S3), the signed links themselves, and files read through the
 * registry.
 */
final class FileEndpoints {
    /** The buffer of file streaming: large enough that a copy costs one system call per mebibyte. */
    static final int STREAM_BUFFER = 1 << 20;
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private static final long DEFAULT_EXPIRY_SECONDS = 3600;

    private final RestConfig config;
    private final UploadArea uploads;
    private final LinkSigner signer;

    FileEndpoints(RestConfig config, UploadArea uploads, LinkSigner signer) {
        this.config = config;
        this.uploads = uploads;
        this.signer = signer;
    }

    // ---- uploads ------------------------------------------------------------------------------------------

    void openUpload(Call c) throws IOException {
        c.json("open upload", Set.of());
        UploadArea.Upload u = uploads.open(c.principal());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("upload_id", u.id());
        out.put("expires_at", Views.time(u.expiresAt()));
        c.exchange().getResponseHeaders().set("Location", RestApi.BASE + "/uploads/" + u.id());
        RestApi.sendJson(c.exchange(), 201, out);
    }

    void showUpload(Call c) throws IOException {
        UploadArea.Upload u = uploads.get(c.path("upload_id"), c.principal());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("upload_id", u.id());
        out.put("expires_at", Views.time(u.expiresAt()));
        List<Object> files = new ArrayList<>();
        for (UploadArea.StagedFile f : uploads.files(u)) {
            files.add(Map.of("path", f.path(), "size", f.size()));
        }
        out.put("files", files);
        RestApi.sendJson(c.exchange(), 200, out);
    }

    void deleteUpload(Call c) throws IOException {
        uploads.remove(uploads.get(c.path("upload_id"), c.principal()));
        RestApi.sendNoContent(c.exchange());
    }

    void putFile(Call c) throws IOException {
        UploadArea.Upload u = uploads.get(c.path("upload_id"), c.principal());
        String expected = c.exchange().getRequestHeaders().getFirst("X-Content-SHA256");
        UploadArea.StagedFile f;
        try (InputStream body = c.exchange().getRequestBody()) {
            f = uploads.put(u, c.path("path"), body, expected);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("upload_id", u.id());
        out.put("path", f.path());
        out.put("size", f.size());
        out.put("sha256", f.sha256());
        RestApi.sendJson(c.exchange(), 201, out);
    }

    // ---- files through the registry -----------------------------------------------------------------------

    void manifest(Call c) throws IOException {
        VersionHandle v = c.registry().model(c.path("model_id")).version(c.path("version"));
        ArtifactManifest m = v.manifest();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model_id", v.ref().model().value());
        out.put("version", v.ref().version().toString());
        out.put("root_sha256", m.root().hex());
        out.put("total_bytes", m.totalBytes());
        out.put("files", m.files().stream().map(e -> Map.of("path", e.path().value(), "size", e.size(),
                "sha256", e.sha256().hex())).toList());
        RestApi.sendJson(c.exchange(), 200, out);
    }

    void readFile(Call c) throws IOException {
        VersionHandle v = c.registry().model(c.path("model_id")).version(c.path("version"));
        String path = c.path("path");
        ManifestEntry entry = v.manifest().find(ArtifactPath.of(path)).orElseThrow(() -> new NotFoundException(
                "Version " + v.ref() + " has no file '" + Call.printable(path) + "'"));
        // the stream re-hashes every byte: a mismatch at the end cuts the response short instead of completing it
        try (InputStream in = v.open(path)) {
            HttpExchange ex = c.exchange();
            ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
            ex.getResponseHeaders().set("ETag", "\"" + entry.sha256().hex() + "\"");
            ex.getResponseHeaders().set("X-Content-SHA256", entry.sha256().hex());
            ex.sendResponseHeaders(200, entry.size() == 0 ? -1 : entry.size());
            if (entry.size() > 0) {
                copy(in, ex.getResponseBody());
            }
        }
    }

    // ---- download links -----------------------------------------------------------------------------------

    void downloadLink(Call c) throws IOException {
        c.onlyQuery(Set.of("version", "expires_in", "environment"));
        ModelHandle h = c.registry().model(c.path("model_id"));
        long seconds = expirySeconds(c);
        String version = c.query("version");
        if (version == null) {
            String env = c.query("environment", "production");
            Optional<SemanticVersion> pointed = h.pointer(env).map(p -> p.version());
            if (pointed.isPresent()) {
                version = pointed.get().toString();
            } else if (c.query("environment") != null) {
                throw new NotFoundException("Environment '" + env + "' of model '" + h.name() + "' is not set");
            } else {
                version = h.latest().map(v -> v.version().toString()).orElseThrow(() -> new NotFoundException(
                        "Model '" + h.name() + "' has no versions to download"));
            }
        }
        String ref = h.name().value() + "@" + version;
        // the facade checks DOWNLOAD and audits the link; for S3 it returns the store's presigned links
        DownloadLink link = c.registry().downloadLink(ref, Duration.ofSeconds(seconds));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model_id", link.version().model().value());
        out.put("version", link.version().version().toString());
        List<Object> files = new ArrayList<>();
        if (config.registry().artifactStore() instanceof ContentAddressedBlobStore) {
            Instant expires = Instant.ofEpochSecond(config.clock().instant().getEpochSecond() + seconds);
            String base = baseUri(c.exchange());
            for (DownloadLink.FileLink f : link.files()) {
                files.add(fileView(f.path().value(), f.size(), f.sha256().hex(),
                        signedUrl(base, link.version().model().value(), link.version().version().toString(),
                                f.path().value(), f.sha256().hex(), f.size(), expires)));
            }
            String manifestUrl = signedUrl(base, link.version().model().value(), link.version().version().toString(),
                    "", link.root().hex(), link.size(), expires);
            out.put("download_url", link.files().size() == 1 ? ((Map<?, ?>) files.get(0)).get("download_url")
                    : manifestUrl);
            out.put("manifest_url", manifestUrl);
            out.put("expires_at", Views.time(expires));
        } else {
            for (DownloadLink.FileLink f : link.files()) {
                files.add(fileView(f.path().value(), f.size(), f.sha256().hex(), f.uri().toString()));
            }
            out.put("download_url", link.uri().toString());
            out.put("manifest_url", null);
            out.put("expires_at", Views.time(link.expiresAt()));
        }
        out.put("size", link.size());
        out.put("root_sha256", link.root().hex());
        out.put("files", files);
        c.exchange().getResponseHeaders().set("Cache-Control", "no-store");
        RestApi.sendJson(c.exchange(), 200, out);
    }

    private long expirySeconds(Call c) {
        String text = c.query("expires_in");
        if (text == null) {
            return Math.min(DEFAULT_EXPIRY_SECONDS, config.maxLinkExpiry().toSeconds());
        }
        long max = config.maxLinkExpiry().toSeconds();
        try {
            long s = Long.parseLong(text);
            if (s < 1 || s > max) {
                throw ApiException.validation("expires_in", "Query parameter 'expires_in' is " + s
                        + " seconds; allowed: 1 to " + max);
            }
            return s;
        } catch (NumberFormatException e) {
            throw ApiException.validation("expires_in", "Query parameter 'expires_in' must be a number of seconds,"
                    + " not '" + Call.printable(text) + "'");
        }
    }

    private static Map<String, Object> fileView(String path, long size, String sha256, String url) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("path", path);
        o.put("size", size);
        o.put("sha256", sha256);
        o.put("download_url", url);
        return o;
    }

    private String baseUri(HttpExchange ex) {
        URI configured = config.publicBaseUri();
        if (configured != null) {
            String s = configured.toString();
            return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        }
        String scheme = ex instanceof HttpsExchange ? "https" : "http";
        String host = ex.getRequestHeaders().getFirst("Host");
        if (host == null || host.isBlank() || !host.matches("[A-Za-z0-9.\\-\\[\\]:]+")) {
            var local = ex.getLocalAddress();
            String addr = local.getAddress().getHostAddress();
            host = (addr.contains(":") ? "[" + addr + "]" : addr) + ":" + local.getPort();
        }
        return scheme + "://" + host;
    }

    private String signedUrl(String base, String model, String version, String path, String sha256, long size,
            Instant expires) {
        String sig = signer.sign(model, version, path, sha256, size, expires);
        StringBuilder url = new StringBuilder(base).append(RestApi.BASE).append("/files/")
                .append(ModelEndpoints.segment(model)).append('/').append(ModelEndpoints.segment(version));
        if (!path.isEmpty()) {
            for (String part : path.split("/")) {
                url.append('/').append(ModelEndpoints.segment(part));
            }
        }
        return url.append("?sha256=").append(sha256).append("&size=").append(size).append("&expires=")
                .append(expires.getEpochSecond()).append("&sig=").append(sig).toString();
    }

    // ---- the signed links ---------------------------------------------------------------------------------

    /** A verified link: which version and file it opens. */
    private record Verified(ModelName model, SemanticVersion version, String path, Sha256 sha256, long size,
            Instant expires) {
    }

    private Verified verify(Call c, String path) {
        c.onlyQuery(Set.of("sha256", "size", "expires", "sig"));
        String sha = c.query("sha256");
        String size = c.query("size");
        String expires = c.query("expires");
        String sig = c.query("sig");
        if (sha == null || size == null || expires == null || sig == null) {
            throw new ApiException(403, "ACCESS_DENIED", "This file link is not signed: it needs sha256, size,"
                    + " expires and sig; get one from GET /api/v1/models/{model_id}/download");
        }
        String model = c.path("model_id");
        String version = c.path("version");
        long sizeValue;
        long expiresValue;
        try {
            sizeValue = Long.parseLong(size);
            expiresValue = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            throw new ApiException(403, "ACCESS_DENIED", "This file link was altered: size and expires must be numbers");
        }
        if (!signer.verify(model, version, path, sha, sizeValue, expiresValue, sig)) {
            throw new ApiException(403, "ACCESS_DENIED", "This file link's signature does not match: the link was"
                    + " altered, or signed by a server with another key");
        }
        Instant expiry = Instant.ofEpochSecond(expiresValue);
        if (!config.clock().instant().isBefore(expiry)) {
            throw new ApiException(403, "ACCESS_DENIED", "This file link expired at " + expiry
                    + "; get a new one from GET /api/v1/models/{model_id}/download");
        }
        ModelName name = ModelName.of(model);
        SemanticVersion v = SemanticVersion.parse(version);
        ModelVersion stored = config.registry().registryStore().findVersion(name, v).orElseThrow(() ->
                new NotFoundException("Version " + model + "@" + version + " no longer exists"));
        return new Verified(stored.model(), stored.version(), path, Sha256.parse(sha), sizeValue, expiry);
    }

    void signedManifest(Call c) throws IOException {
        Verified link = verify(c, "");
        ArtifactManifest m = config.registry().artifactStore().readManifest(link.model(), link.version(), link.sha256());
        String base = baseUri(c.exchange());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model_id", link.model().value());
        out.put("version", link.version().toString());
        out.put("root_sha256", m.root().hex());
        out.put("size", m.totalBytes());
        out.put("expires_at", Views.time(link.expires()));
        out.put("files", m.files().stream().map(e -> fileView(e.path().value(), e.size(), e.sha256().hex(),
                signedUrl(base, link.model().value(), link.version().toString(), e.path().value(), e.sha256().hex(),
                        e.size(), link.expires()))).toList());
        c.exchange().getResponseHeaders().set("Cache-Control", "no-store");
        RestApi.sendJson(c.exchange(), 200, out);
    }

    void signedFile(Call c) throws IOException {
        Verified link = verify(c, c.path("path"));
        ArtifactStore store = config.registry().artifactStore();
        FileLocation location = new FileLocation(link.model(), link.version(), ArtifactPath.of(link.path()));
        HttpExchange ex = c.exchange();
        long offset = 0;
        long length = link.size();
        int status = 200;
        String range = ex.getRequestHeaders().getFirst("Range");
        if (range != null && link.size() > 0) {
            long[] r = range(range, link.size());
            if (r == null) {
                ex.getResponseHeaders().set("Content-Range", "bytes */" + link.size());
                RestApi.sendJson(ex, 416, Map.of("error", Map.of("code", "VALIDATION", "message",
                        "Range '" + Call.printable(range) + "' is not satisfiable for " + link.size() + " bytes",
                        "field", "Range")));
                return;
            }
            offset = r[0];
            length = r[1] - r[0] + 1;
            status = 206;
            ex.getResponseHeaders().set("Content-Range", "bytes " + r[0] + "-" + r[1] + "/" + link.size());
        }
        try (InputStream in = status == 206 ? store.openRange(location, link.sha256(), offset, length)
                : store.open(location, link.sha256())) {
            ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
            ex.getResponseHeaders().set("Accept-Ranges", "bytes");
            ex.getResponseHeaders().set("ETag", "\"" + link.sha256().hex() + "\"");
            ex.getResponseHeaders().set("X-Content-SHA256", link.sha256().hex());
            ex.getResponseHeaders().set("Cache-Control", "private, no-store");
            ex.sendResponseHeaders(status, length == 0 ? -1 : length);
            if (length > 0) {
                copy(in, ex.getResponseBody());
            }
        }
    }

    /** @return {first, last} inclusive, or {@code null} if unsatisfiable; a malformed header is a 400 */
    private static long @Nullable [] range(String header, long size) {
        Matcher m = RANGE.matcher(header.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            throw ApiException.validation("Range", "Unsupported Range '" + Call.printable(header)
                    + "': give one range as bytes=first-last, bytes=first- or bytes=-suffix");
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                return suffix == 0 ? null : new long[] {Math.max(0, size - suffix), size - 1};
            }
            long first = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            return first >= size || last < first ? null : new long[] {first, last};
        } catch (NumberFormatException e) {
            throw ApiException.validation("Range", "Range '" + Call.printable(header) + "' has a number out of range");
        }
    }

    /**
     * Copies a stored file to the response in 1 MiB steps. The JDK server does not expose its socket channel, so
     * {@code FileChannel.transferTo} cannot reach the socket (sendfile); one large buffer keeps the copy at one
     * read and one write per mebibyte, which the load harness compares with a plain {@code Files.copy}.
     */
    static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[STREAM_BUFFER];
        for (int n; (n = in.read(buf)) > 0; ) {
            out.write(buf, 0, n);
        }
        out.close();
    }
}
