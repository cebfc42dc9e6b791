package dev.mvm.mlflow;

import org.jspecify.annotations.Nullable;

/**
 * What an MLflow tracking server answered when a call failed: the HTTP status, MLflow's error code (e.g.
 * {@code RESOURCE_DOES_NOT_EXIST}) and its message. It is never thrown on its own: it is the cause of the
 * {@code dev.mvm.api.error} exception the adapter throws, so callers can read the server's own words.
 *
 * @since 0.1
 */
public final class MlflowServerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final String errorCode;
    private final String serverMessage;
    private final String endpoint;

    /**
     * @param endpoint the REST endpoint, e.g. {@code POST registered-models/create}
     * @param httpStatus the HTTP status, or 0 if the call failed before a response
     * @param errorCode MLflow's error code, or an empty string if the response had none
     * @param serverMessage MLflow's message, or the response body's start
     * @param cause the transport failure, if any
     */
    public MlflowServerException(String endpoint, int httpStatus, String errorCode, String serverMessage,
            @Nullable Throwable cause) {
        super(endpoint + " -> HTTP " + httpStatus + (errorCode.isEmpty() ? "" : " " + errorCode) + ": "
                + serverMessage, cause);
        this.endpoint = endpoint;
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.serverMessage = serverMessage;
    }

    /** @return the HTTP status, 0 when no response arrived */
    public int httpStatus() {
        return httpStatus;
    }

    /** @return MLflow's error code such as {@code RESOURCE_ALREADY_EXISTS}, or an empty string */
    public String errorCode() {
        return errorCode;
    }

    /** @return MLflow's message */
    public String serverMessage() {
        return serverMessage;
    }

    /** @return the REST endpoint that failed */
    public String endpoint() {
        return endpoint;
    }
}
