package dev.mvm.cli.internal;

import dev.mvm.api.error.AccessDeniedException;
import dev.mvm.api.error.BackendUnavailableException;
import dev.mvm.api.error.ConflictException;
import dev.mvm.api.error.IllegalTransitionException;
import dev.mvm.api.error.IntegrityException;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.error.PromotionRejectedException;
import dev.mvm.api.error.ValidationException;
import picocli.CommandLine;

/**
 * The exit status of {@code mvm}: one code per kind of failure, so scripts can tell them apart.
 */
public enum ExitCode {
    /** The command did what was asked. */
    OK(0, "success"),
    /** A storage or backend error, or anything not covered below. */
    ERROR(1, "storage or backend error, or an unexpected failure"),
    /** The command line or an input was not valid (bad option, name, version, filter, config). */
    USAGE(2, "usage or validation error"),
    /** A model, version, environment, grant or file does not exist. */
    NOT_FOUND(3, "not found"),
    /** Something already exists, or changed concurrently, or is still in use. */
    CONFLICT(4, "conflict: already exists, changed concurrently, or still published"),
    /** The acting principal lacks a permission. */
    ACCESS_DENIED(5, "access denied"),
    /** The lifecycle table or a promotion rule refused a state change. */
    ILLEGAL_TRANSITION(6, "illegal lifecycle transition or unmet promotion rule"),
    /** Stored bytes or the audit chain do not match their digests. */
    INTEGRITY(7, "integrity failure: a digest or the audit chain does not match"),
    /** A backend (MLflow server, S3 endpoint) could not be reached or is overloaded; retrying may help. */
    UNAVAILABLE(8, "backend unavailable; retrying may help");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** @return the process exit status */
    public int code() {
        return code;
    }

    /** @return what the code means, for the help text */
    public String meaning() {
        return meaning;
    }

    /**
     * @param failure what a command threw
     * @return the exit code that classifies it
     */
    public static ExitCode of(Throwable failure) {
        if (failure instanceof CommandLine.ParameterException || failure instanceof ValidationException
                || failure instanceof UsageException || failure instanceof IllegalArgumentException) {
            return USAGE;
        }
        if (failure instanceof NotFoundException) {
            return NOT_FOUND;
        }
        if (failure instanceof ConflictException) {
            return CONFLICT;
        }
        if (failure instanceof AccessDeniedException) {
            return ACCESS_DENIED;
        }
        if (failure instanceof IllegalTransitionException || failure instanceof PromotionRejectedException) {
            return ILLEGAL_TRANSITION;
        }
        if (failure instanceof IntegrityException) {
            return INTEGRITY;
        }
        if (failure instanceof BackendUnavailableException) {
            return UNAVAILABLE;
        }
        return ERROR;
    }

    /** @return the table of codes for the help footer */
    public static String[] helpLines() {
        ExitCode[] all = values();
        String[] lines = new String[all.length];
        for (int i = 0; i < all.length; i++) {
            lines[i] = String.format("  %d  %s", all[i].code, all[i].meaning);
        }
        return lines;
    }
}
