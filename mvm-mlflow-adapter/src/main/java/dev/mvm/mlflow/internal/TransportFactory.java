package dev.mvm.mlflow.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * Builds the OkHttp client the way MLflow's own clients behave: Basic credentials when a user name and
 * password are set, else a Bearer token, else none; TLS verified against the JVM's trust store, a given PEM
 * CA bundle, or not at all when asked. Credentials go only into the {@code Authorization} header and are
 * never logged.
 */
public final class TransportFactory {
    private final HttpUrl url;
    private final OkHttpClient client;

    /**
     * @param trackingUri the server
     * @param username Basic user, or null
     * @param password Basic password, or null
     * @param token Bearer token, or null
     * @param insecureTls skip certificate checks
     * @param serverCertificate PEM CA bundle, or null
     * @param connectTimeout connect timeout
     * @param requestTimeout read, write and whole-call timeout of one attempt
     * @param quickAck acknowledge response segments at once where the platform allows
     * @param keepAlive how long an idle connection stays pooled; below the server's idle timeout
     * @throws IllegalStateException if the URI is malformed or the CA bundle cannot be read
     */
    public TransportFactory(String trackingUri, @Nullable String username, @Nullable String password,
            @Nullable String token, boolean insecureTls, @Nullable Path serverCertificate, Duration connectTimeout,
            Duration requestTimeout, boolean quickAck, Duration keepAlive) {
        HttpUrl parsed = HttpUrl.parse(trackingUri.endsWith("/")
                ? trackingUri.substring(0, trackingUri.length() - 1) : trackingUri);
        if (parsed == null) {
            throw new IllegalStateException("Malformed MLflow tracking URI: " + trackingUri);
        }
        this.url = parsed;
        String authorization = username != null && password != null
                ? "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                : token != null ? "Bearer " + token : null;
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .connectTimeout(connectTimeout)
                .readTimeout(requestTimeout)
                .writeTimeout(requestTimeout)
                .callTimeout(requestTimeout.plus(connectTimeout))
                .retryOnConnectionFailure(false) // retries are ours, counted and only for idempotent calls
                // a connection the server has already closed fails the next request sent on it
                .connectionPool(new ConnectionPool(5, Math.max(1, keepAlive.toMillis()), TimeUnit.MILLISECONDS));
        if (quickAck && QuickAckSocketFactory.supported()) {
            b.socketFactory(new QuickAckSocketFactory());
        }
        if (authorization != null) {
            b.addInterceptor(chain -> {
                Request r = chain.request().newBuilder().header("Authorization", authorization).build();
                return chain.proceed(r);
            });
        }
        try {
            if (insecureTls) {
                X509TrustManagerAll trustAll = new X509TrustManagerAll();
                javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
                ssl.init(null, new javax.net.ssl.TrustManager[] {trustAll}, new SecureRandom());
                b.sslSocketFactory(ssl.getSocketFactory(), trustAll).hostnameVerifier((host, session) -> true);
            } else if (serverCertificate != null) {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                try (InputStream in = Files.newInputStream(serverCertificate)) {
                    int i = 0;
                    for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        ks.setCertificateEntry("ca-" + i++, c);
                    }
                }
                javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                        javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                javax.net.ssl.X509TrustManager tm = (javax.net.ssl.X509TrustManager) tmf.getTrustManagers()[0];
                javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
                ssl.init(null, new javax.net.ssl.TrustManager[] {tm}, new SecureRandom());
                b.sslSocketFactory(ssl.getSocketFactory(), tm);
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot set up TLS for MLflow at " + parsed.host() + " with "
                    + (serverCertificate != null ? "CA bundle " + serverCertificate : "insecure TLS") + ": "
                    + e.getMessage(), e);
        }
        this.client = b.build();
    }

    /** @return the server's base URL */
    public HttpUrl url() {
        return url;
    }

    /** @return the configured client */
    public OkHttpClient client() {
        return client;
    }

    /** Accepts every certificate; only for {@code MLFLOW_TRACKING_INSECURE_TLS=true}. */
    private static final class X509TrustManagerAll implements javax.net.ssl.X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // trusting everything is what insecure TLS means
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // trusting everything is what insecure TLS means
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
