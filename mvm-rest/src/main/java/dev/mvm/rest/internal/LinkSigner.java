package dev.mvm.rest.internal;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks download links of the embedded store: HMAC-SHA256 over the model, the version, the file
 * path (empty for the version's file list), the file's digest and size, and the expiry, so a link opens
 * exactly one stored file of one version until it expires.
 */
public final class LinkSigner {
    private final SecretKeySpec key;

    /**
     * @param key at least 32 bytes
     * @throws IllegalArgumentException if the key is shorter
     */
    public LinkSigner(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("A link signing key needs at least 32 bytes, not " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /**
     * @return the signature, base64url without padding
     */
    public String sign(String model, String version, String path, String sha256, long size, Instant expires) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(payload(model, version, path, sha256, size,
                expires.getEpochSecond())));
    }

    /**
     * @return whether the signature is the one of these values, compared in constant time
     */
    public boolean verify(String model, String version, String path, String sha256, long size, long expiresEpochSecond,
            String signature) {
        byte[] presented;
        try {
            presented = Base64.getUrlDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(mac(payload(model, version, path, sha256, size, expiresEpochSecond)), presented);
    }

    private static byte[] payload(String model, String version, String path, String sha256, long size, long expires) {
        // newline-separated: none of the parts may contain a newline (names, versions, paths and digests cannot)
        return ("mvm-link-v1\n" + model + "\n" + version + "\n" + path + "\n" + sha256 + "\n" + size + "\n" + expires)
                .getBytes(StandardCharsets.UTF_8);
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(payload);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("The JDK cannot compute HmacSHA256", e);
        }
    }
}
