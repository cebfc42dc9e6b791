package dev.mvm.mlflow.internal;

import dev.mvm.api.error.AccessDeniedException;
import dev.mvm.api.error.BackendUnavailableException;
import dev.mvm.api.error.ConflictException;
import dev.mvm.api.error.MvmException;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.error.StorageException;
import dev.mvm.api.error.ValidationException;
import dev.mvm.mlflow.MlflowServerException;
import java.io.IOException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Translates MLflow failures into MVM exceptions. The {@link MlflowServerException} with the HTTP status,
 * MLflow's error code and message is always the cause.
 */
final class MlflowErrors {
    private MlflowErrors() {
    }

    static MvmException fromResponse(String server, String endpoint, int status, String errorCode, String message,
            @Nullable Duration retryAfter) {
        MlflowServerException cause = new MlflowServerException(endpoint, status, errorCode, message, null);
        String what = "MLflow at " + server + " answered " + endpoint + " with HTTP " + status
                + (errorCode.isEmpty() ? "" : " " + errorCode) + ": " + message;
        if (status == 401 || status == 403 || "PERMISSION_DENIED".equals(errorCode)
                || "UNAUTHENTICATED".equals(errorCode)) {
            return new AccessDeniedException(what + " (check MLFLOW_TRACKING_USERNAME/PASSWORD or"
                    + " MLFLOW_TRACKING_TOKEN and the permissions granted on the registered model)", cause);
        }
        if (status == 429 || status == 503) {
            return new ThrottledException(what, retryAfter, cause);
        }
        if (status >= 500) {
            return new BackendUnavailableException(what, cause);
        }
        if ("RESOURCE_DOES_NOT_EXIST".equals(errorCode) || status == 404) {
            return new NotFoundException(what, cause);
        }
        if ("RESOURCE_ALREADY_EXISTS".equals(errorCode)) {
            return new ConflictException(what, cause);
        }
        if ("INVALID_PARAMETER_VALUE".equals(errorCode) || "BAD_REQUEST".equals(errorCode)) {
            ValidationException e = new ValidationException("mlflow", what);
            e.initCause(cause);
            return e;
        }
        return new StorageException(what, cause);
    }

    static MvmException fromIo(String server, String endpoint, IOException e) {
        MlflowServerException cause = new MlflowServerException(endpoint, 0, "", e.toString(), e);
        return new BackendUnavailableException("Cannot reach MLflow at " + server + " for " + endpoint + ": "
                + e.getMessage() + " (" + e.getClass().getSimpleName() + ")", cause);
    }
}
