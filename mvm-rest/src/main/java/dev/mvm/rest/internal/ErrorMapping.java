package dev.mvm.rest.internal;

import dev.mvm.api.error.AccessDeniedException;
import dev.mvm.api.error.ConflictException;
import dev.mvm.api.error.IllegalTransitionException;
import dev.mvm.api.error.IntegrityException;
import dev.mvm.api.error.MvmException;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.error.PromotionRejectedException;
import dev.mvm.api.error.StorageException;
import dev.mvm.api.error.ValidationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one table from exceptions to HTTP status and stable error code. Codes never change meaning; messages
 * are for people.
 *
 * <table>
 * <caption>codes</caption>
 * <tr><td>VALIDATION</td><td>400</td></tr>
 * <tr><td>UNAUTHENTICATED</td><td>401</td></tr>
 * <tr><td>ACCESS_DENIED</td><td>403</td></tr>
 * <tr><td>NOT_FOUND</td><td>404</td></tr>
 * <tr><td>METHOD_NOT_ALLOWED</td><td>405</td></tr>
 * <tr><td>CONFLICT, ILLEGAL_TRANSITION, PROMOTION_REJECTED</td><td>409</td></tr>
 * <tr><td>PAYLOAD_TOO_LARGE</td><td>413</td></tr>
 * <tr><td>INTEGRITY</td><td>422 (uploaded bytes do not match their digest) or 500 (stored bytes)</td></tr>
 * <tr><td>INTERNAL, STORAGE</td><td>500</td></tr>
 * <tr><td>UNSUPPORTED</td><td>501</td></tr>
 * <tr><td>UNAVAILABLE</td><td>503</td></tr>
 * </table>
 */
public final class ErrorMapping {
    private ErrorMapping() {
    }

    /**
     * @param e what an endpoint threw
     * @return the status, code, message and details to answer with; 500 INTERNAL for anything unexpected,
     *     whose message is not shown
     */
    public static ApiException map(Throwable e) {
        if (e instanceof ApiException api) {
            return api;
        }
        if (e instanceof ValidationException v) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("field", v.field());
            if (v.position() >= 0) {
                d.put("position", v.position());
            }
            return new ApiException(400, "VALIDATION", v.getMessage(), d);
        }
        if (e instanceof NotFoundException) {
            return new ApiException(404, "NOT_FOUND", e.getMessage());
        }
        if (e instanceof IllegalTransitionException t) {
            return new ApiException(409, "ILLEGAL_TRANSITION", t.getMessage(),
                    Map.of("from", lower(t.from()), "to", lower(t.to()), "allowed", t.allowed().stream()
                            .map(ErrorMapping::lower).toList()));
        }
        if (e instanceof PromotionRejectedException p) {
            return new ApiException(409, "PROMOTION_REJECTED", p.getMessage(), Map.of("unmet_rules", p.unmetRules()));
        }
        if (e instanceof ConflictException) {
            return new ApiException(409, "CONFLICT", e.getMessage());
        }
        if (e instanceof AccessDeniedException) {
            return new ApiException(403, "ACCESS_DENIED", e.getMessage());
        }
        if (e instanceof IntegrityException) {
            return new ApiException(500, "INTEGRITY", e.getMessage());
        }
        if (e instanceof MvmException m && m.retryable()) {
            return new ApiException(503, "UNAVAILABLE", e.getMessage());
        }
        if (e instanceof StorageException) {
            return new ApiException(500, "STORAGE", e.getMessage());
        }
        if (e instanceof UnsupportedOperationException) {
            return new ApiException(501, "UNSUPPORTED", String.valueOf(e.getMessage()));
        }
        if (e instanceof IllegalArgumentException) {
            // value constructors and builders of the registry reject bad input this way
            return new ApiException(400, "VALIDATION", String.valueOf(e.getMessage()), Map.of("field", "request"));
        }
        return new ApiException(500, "INTERNAL", "Internal error; the server log has the details");
    }

    /** @return every code this API answers with, for the OpenAPI document test */
    public static List<String> codes() {
        return List.of("VALIDATION", "UNAUTHENTICATED", "ACCESS_DENIED", "NOT_FOUND", "METHOD_NOT_ALLOWED", "CONFLICT",
                "ILLEGAL_TRANSITION", "PROMOTION_REJECTED", "PAYLOAD_TOO_LARGE", "INTEGRITY", "INTERNAL", "STORAGE",
                "UNSUPPORTED", "UNAVAILABLE");
    }

    static String lower(String state) {
        return state.toLowerCase(java.util.Locale.ROOT);
    }
}
