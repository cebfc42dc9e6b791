package dev.mvm.rest;

import com.sun.net.httpserver.HttpExchange;
import dev.mvm.api.access.Principal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Authenticates {@code Authorization: Bearer <token>} against a fixed table of tokens. Tokens are kept only as
 * SHA-256 digests and compared in constant time against every entry, so neither memory dumps nor response
 * timing reveal them.
 *
 * <pre>{@code
 * Authenticator auth = BearerTokenAuthenticator.of(Map.of(
 *         System.getenv("TRAINER_TOKEN"), Principal.service("trainer"),
 *         System.getenv("ALICE_TOKEN"), Principal.user("alice")));
 * }</pre>
 *
 * @since 0.1
 */
public final class BearerTokenAuthenticator implements Authenticator {
    /** The shortest token accepted. */
    public static final int MIN_TOKEN_LENGTH = 16;

    private record Entry(byte[] digest, Principal principal) {
    }

    private final List<Entry> entries;

    private BearerTokenAuthenticator(List<Entry> entries) {
        this.entries = entries;
    }

    /**
     * @param tokens token → the principal it authenticates
     * @return the authenticator
     * @throws IllegalArgumentException if a token is shorter than {@value #MIN_TOKEN_LENGTH} characters,
     *     contains white space, or a principal is a group (groups hold grants, they do not act)
     */
    public static BearerTokenAuthenticator of(Map<String, Principal> tokens) {
        List<Entry> entries = new ArrayList<>(tokens.size());
        for (Map.Entry<String, Principal> e : tokens.entrySet()) {
            String token = e.getKey();
            if (token.length() < MIN_TOKEN_LENGTH || token.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("A bearer token for " + e.getValue() + " must be at least "
                        + MIN_TOKEN_LENGTH + " characters without white space");
            }
            if (e.getValue().kind() == Principal.Kind.GROUP) {
                throw new IllegalArgumentException("A group cannot act: " + e.getValue()
                        + "; map the token to a user or service account");
            }
            entries.add(new Entry(sha256(token), e.getValue()));
        }
        return new BearerTokenAuthenticator(List.copyOf(entries));
    }

    @Override
    public Optional<Principal> authenticate(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        byte[] presented = sha256(header.substring(7).trim());
        Principal found = null;
        for (Entry e : entries) {
            // every entry is compared, so the time taken does not depend on which one matched
            if (MessageDigest.isEqual(e.digest(), presented)) {
                found = e.principal();
            }
        }
        return Optional.ofNullable(found);
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no SHA-256", e);
        }
    }

    /** @return a description without the tokens */
    @Override
    public String toString() {
        return "BearerTokenAuthenticator[" + entries.size() + " tokens]";
    }
}
