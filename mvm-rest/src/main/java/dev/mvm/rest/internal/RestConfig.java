package dev.mvm.rest.internal;

import dev.mvm.ModelRegistry;
import dev.mvm.rest.Authenticator;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Everything the handler is configured with, validated by {@code MvmRestHandler.Builder}.
 *
 * @param registry the registry; requests act through {@code registry.as(principal)}
 * @param authenticator turns a request into a principal
 * @param maxBodyBytes the largest JSON request body
 * @param maxUploadBytes the largest total of one upload
 * @param linkKey the HMAC key of download links
 * @param maxLinkExpiry the longest {@code expires_in} of a download link
 * @param publicBaseUri the scheme, host and port clients reach the server at, for links; {@code null} to take
 *     them from each request's {@code Host} header
 * @param serverPathRoots directories under which {@code model_path} may name files on the server; empty to
 *     refuse {@code model_path}
 * @param stagingDirectory where uploads wait; {@code null} for a temporary directory removed on close
 * @param uploadExpiry how long an upload stays open
 * @param clock the time source of link and upload expiry
 */
public record RestConfig(ModelRegistry registry, Authenticator authenticator, long maxBodyBytes, long maxUploadBytes,
        byte[] linkKey, Duration maxLinkExpiry, @Nullable URI publicBaseUri, List<Path> serverPathRoots,
        @Nullable Path stagingDirectory, Duration uploadExpiry, Clock clock) {
    /** Copies the key and the list. */
    public RestConfig {
        linkKey = linkKey.clone();
        serverPathRoots = List.copyOf(serverPathRoots);
    }
}
