package dev.mvm.api.artifact;

import dev.mvm.api.error.ValidationException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A SHA-256 digest, held as 64 lowercase hexadecimal characters.
 *
 * @param hex the digest in lowercase hex
 * @since 0.1
 */
public record Sha256(String hex) {
    /** The digest of zero bytes. */
    public static final Sha256 EMPTY = of(new byte[0]);

    /** @throws ValidationException unless {@code hex} is 64 lowercase hex characters */
    public Sha256 {
        if (hex == null || hex.length() != 64 || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new ValidationException("sha256", "Invalid SHA-256 digest '" + hex
                    + "': expected 64 lowercase hexadecimal characters");
        }
    }

    /**
     * @param hex 64 hex characters, either case
     * @return the digest
     */
    public static Sha256 parse(String hex) {
        return new Sha256(hex == null ? null : hex.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * @param digest the 32 raw bytes of a digest
     * @return the digest
     */
    public static Sha256 fromBytes(byte[] digest) {
        if (digest.length != 32) {
            throw new ValidationException("sha256", "A SHA-256 digest has 32 bytes, not " + digest.length);
        }
        return new Sha256(HexFormat.of().formatHex(digest));
    }

    /**
     * @param content bytes to hash
     * @return their digest
     */
    public static Sha256 of(byte[] content) {
        MessageDigest md = newDigest();
        return fromBytes(md.digest(content));
    }

    /** @return a fresh SHA-256 {@link MessageDigest} */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform provides SHA-256", e);
        }
    }

    /** @return the 32 raw bytes */
    public byte[] bytes() {
        return HexFormat.of().parseHex(hex);
    }

    /** @return {@code sha256:<hex>} */
    @Override
    public String toString() {
        return "sha256:" + hex;
    }
}
