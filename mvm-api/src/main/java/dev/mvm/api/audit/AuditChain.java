package dev.mvm.api.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The canonical form of an audit record and its hash, shared by every {@link AuditLog} implementation so that
 * any of them can verify a log another wrote.
 *
 * <p>The canonical form is the UTF-8 encoding of
 * <pre>
 * mvm-audit/1\n
 * &lt;sequence&gt;\n
 * &lt;timestamp in epoch milliseconds&gt;\n
 * </pre>
 * followed, for each of principal (text form), action, target, model, version, outcome (enum name), reason,
 * details (canonical JSON), request id and previous hash, by {@code <UTF-8 byte length>:<value>\n}, where an
 * absent model or version is written {@code -\n} instead. The canonical JSON of the details is an object with
 * keys in ascending order and no whitespace; the quote and the backslash are escaped with a backslash, control
 * characters as a backslash, {@code u} and four lowercase hex digits, nothing else. The record's hash is the
 * SHA-256 of that form, in lowercase hex.
 *
 * @since 0.1
 */
public final class AuditChain {
    /** The previous hash of the first record: 64 zeros. */
    public static final String GENESIS = "0".repeat(64);

    private static final byte[] HEADER = "mvm-audit/1\n".getBytes(StandardCharsets.US_ASCII);
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(AuditChain::newDigest);

    private AuditChain() {
    }

    /**
     * @param sequence the record's sequence number
     * @param event the event
     * @param previousHash the hash of the record before
     * @return the record's hash
     */
    public static String hash(long sequence, AuditEvent event, String previousHash) {
        return hash(sequence, event.timestamp().toEpochMilli(), event.principal().toString(), event.action(),
                event.target(), event.model(), event.version(), event.outcome().name(), event.reason(),
                canonicalDetails(event.details()), event.requestId(), previousHash);
    }

    /**
     * Hashes a record given as the stored texts, for verifiers that read raw columns.
     *
     * @param sequence sequence number
     * @param timestampMillis timestamp in epoch milliseconds
     * @param principal principal text form
     * @param action action
     * @param target target
     * @param model model, or {@code null}
     * @param version version, or {@code null}
     * @param outcome outcome enum name
     * @param reason reason
     * @param detailsJson canonical JSON of the details
     * @param requestId request id
     * @param previousHash previous hash
     * @return the hash in lowercase hex
     */
    public static String hash(long sequence, long timestampMillis, String principal, String action, String target,
            @Nullable String model, @Nullable String version, String outcome, String reason, String detailsJson,
            String requestId, String previousHash) {
        MessageDigest md = SHA256.get();
        md.reset();
        md.update(HEADER);
        md.update((sequence + "\n" + timestampMillis + "\n").getBytes(StandardCharsets.US_ASCII));
        field(md, principal);
        field(md, action);
        field(md, target);
        field(md, model);
        field(md, version);
        field(md, outcome);
        field(md, reason);
        field(md, detailsJson);
        field(md, requestId);
        field(md, previousHash);
        return hex(md.digest());
    }

    /**
     * @param details key/value pairs
     * @return their canonical JSON: keys sorted, no whitespace, minimal escaping
     */
    public static String canonicalDetails(Map<String, String> details) {
        StringBuilder sb = new StringBuilder(2 + details.size() * 24).append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : new TreeMap<>(details).entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            quote(sb, e.getKey());
            sb.append(':');
            quote(sb, e.getValue());
        }
        return sb.append('}').toString();
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }

    private static void field(MessageDigest md, @Nullable String value) {
        if (value == null) {
            md.update((byte) '-');
            md.update((byte) '\n');
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        md.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        md.update(bytes);
        md.update((byte) '\n');
    }

    private static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
