package dev.mvm.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook body: {@code sha256=<hex>}, the lowercase hex HMAC-SHA256 of the exact body
 * bytes under the shared secret, sent in the {@value #HEADER} header. Receivers recompute it over the raw
 * bytes they received (before any JSON parsing) and compare with {@link #verify}, which runs in constant
 * time.
 *
 * @since 0.1
 */
public final class WebhookSignature {
    /** The header carrying the signature. */
    public static final String HEADER = "X-MVM-Signature";
    /** The header carrying the event id, the same on every retry: receivers drop duplicates by it. */
    public static final String EVENT_ID_HEADER = "X-MVM-Event-Id";
    /** The header carrying the event type, e.g. {@code pointer.moved}. */
    public static final String EVENT_TYPE_HEADER = "X-MVM-Event-Type";
    /** The header carrying the attempt number, starting at 1. */
    public static final String ATTEMPT_HEADER = "X-MVM-Delivery-Attempt";

    private static final String PREFIX = "sha256=";

    private WebhookSignature() {
    }

    /**
     * @param secret the shared secret
     * @param body the exact body bytes
     * @return {@code sha256=<64 lowercase hex digits>}
     */
    public static String sign(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /**
     * @param secret the shared secret
     * @param body the exact body bytes received
     * @param header the value of the {@value #HEADER} header, may be {@code null} if it was missing
     * @return whether the header is the body's signature under the secret
     */
    public static boolean verify(byte[] secret, byte[] body, @org.jspecify.annotations.Nullable String header) {
        if (header == null) {
            return false;
        }
        return MessageDigest.isEqual(sign(secret, body).getBytes(StandardCharsets.US_ASCII),
                header.trim().getBytes(StandardCharsets.US_ASCII));
    }
}
