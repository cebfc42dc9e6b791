package dev.mvm.s3.internal;

import dev.mvm.api.error.AccessDeniedException;
import dev.mvm.api.error.BackendUnavailableException;
import dev.mvm.api.error.MvmException;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.error.StorageException;
import java.io.IOException;
import java.io.InterruptedIOException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns S3 and I/O failures into MVM exceptions: not found, access denied, retryable backend trouble, or a
 * plain storage failure. The SDK exception stays the cause; messages never carry URLs with query strings.
 */
public final class S3ErrorTranslator {

    private S3ErrorTranslator() {
    }

    /**
     * @param what what was being done, e.g. {@code "Reading s3://b/k"}
     * @param e the failure
     * @return the MVM exception to throw
     */
    public static MvmException translate(String what, Throwable e) {
        if (e instanceof MvmException mvm) {
            return mvm;
        }
        if (e instanceof java.io.UncheckedIOException unchecked && unchecked.getCause() != null) {
            return translate(what, unchecked.getCause());
        }
        if (e instanceof java.util.concurrent.CompletionException wrapped && wrapped.getCause() != null) {
            return translate(what, wrapped.getCause());
        }
        if (e instanceof AwsServiceException service) {
            int status = service.statusCode();
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            String detail = what + ": HTTP " + status + (code == null ? "" : " " + code);
            if (status == 404 || "NoSuchKey".equals(code) || "NoSuchBucket".equals(code)) {
                return new NotFoundException(detail + " (nothing is stored there)", e);
            }
            if (status == 401 || status == 403) {
                return new AccessDeniedException(detail + " (the credentials lack the permission;"
                        + " see the IAM policy in the deployment guide)", e);
            }
            if (status == 429 || status >= 500 || service.isThrottlingException()) {
                return new BackendUnavailableException(detail + " (the store is busy or failing; retry later)", e);
            }
            return new StorageException(detail, e, false);
        }
        if (e instanceof AbortedException || e instanceof InterruptedIOException
                || e instanceof InterruptedException) {
            return new StorageException(what + ": interrupted", e, false);
        }
        if (e instanceof SdkClientException || e instanceof IOException) {
            return new BackendUnavailableException(what + ": " + safeMessage(e), e);
        }
        if (e instanceof SdkException) {
            return new StorageException(what + ": " + safeMessage(e), e, false);
        }
        return new StorageException(what + ": " + e, e, false);
    }

    /**
     * @param e a failure
     * @return whether it is an HTTP 404 or an S3 "no such key"
     */
    public static boolean isNotFound(Throwable e) {
        return e instanceof AwsServiceException s && (s.statusCode() == 404
                || (s.awsErrorDetails() != null && "NoSuchKey".equals(s.awsErrorDetails().errorCode())));
    }

    /**
     * @param e a failure
     * @return whether a conditional write lost because the object already exists
     */
    public static boolean isPreconditionFailed(Throwable e) {
        return e instanceof AwsServiceException s && (s.statusCode() == 412 || s.statusCode() == 409);
    }

    /**
     * @param e a failure
     * @return whether the range asked for lies beyond the end of the object
     */
    public static boolean isInvalidRange(Throwable e) {
        return e instanceof AwsServiceException s && s.statusCode() == 416;
    }

    private static String safeMessage(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // SDK messages can quote a URL; drop any query string so no signature leaks into logs.
        return message.replaceAll("\\?[^\\s\"']*", "?…");
    }
}
