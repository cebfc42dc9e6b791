package dev.mvm.rest.internal;

import java.util.Map;

/**
 * An error answered with a status and a stable code, for conditions the REST layer itself finds (bad JSON, a
 * body too large, a missing credential, a bad link signature). Registry exceptions are mapped by
 * {@link ErrorMapping}.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient Map<String, Object> details;

    /**
     * @param status the HTTP status
     * @param code the stable error code
     * @param message what was wrong and what is allowed
     */
    public ApiException(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    /**
     * @param status the HTTP status
     * @param code the stable error code
     * @param message what was wrong and what is allowed
     * @param details extra fields of the error object
     */
    public ApiException(int status, String code, String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = Map.copyOf(details);
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return the stable error code */
    public String code() {
        return code;
    }

    /** @return extra fields of the error object */
    public Map<String, Object> details() {
        return details;
    }

    static ApiException validation(String field, String message) {
        return new ApiException(400, "VALIDATION", message, Map.of("field", field));
    }
}
