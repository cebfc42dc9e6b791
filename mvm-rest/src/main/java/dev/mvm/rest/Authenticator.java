package dev.mvm.rest;

import com.sun.net.httpserver.HttpExchange;
import dev.mvm.api.access.Principal;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns an HTTP request into the principal it acts as. Every request then runs through
 * {@code registry.as(principal)}, so the registry's access control and audit trail apply to it.
 *
 * <p>An implementation reads only what it needs (headers, the TLS session of an {@code HttpsExchange}) and
 * never the request body. It is called on the server's worker threads, concurrently.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface Authenticator {

    /**
     * @param exchange the request; its body must not be read
     * @return the principal, or empty when the request carries no valid credentials (answered with 401)
     */
    Optional<Principal> authenticate(HttpExchange exchange);

    /**
     * Every request acts as one principal, without credentials. Fit for a server bound to loopback on a
     * developer machine, or behind a gateway that authenticates for it.
     *
     * @param principal a user or service account
     * @return the authenticator
     */
    static Authenticator actingAs(Principal principal) {
        Objects.requireNonNull(principal, "principal");
        Optional<Principal> fixed = Optional.of(principal);
        return exchange -> fixed;
    }
}
