package dev.mvm.access;

import dev.mvm.api.access.Principal;
import dev.mvm.api.audit.AuditEvent;
import dev.mvm.api.audit.AuditLog;
import dev.mvm.api.audit.AuditOutcome;
import dev.mvm.api.error.AccessDeniedException;
import dev.mvm.api.error.MvmException;
import dev.mvm.api.error.StorageException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs one registry operation through the access check and the audit log, in the facade's order: (the caller
 * has validated the input) check the permission, do the work, append the audit record; the caller then emits
 * its event. A denial is audited and thrown as {@link AccessDeniedException}; a failure of an audited operation
 * is audited as {@code FAILED} and rethrown unchanged.
 *
 * <p>If the audit record of a successful operation cannot be written, the operation has still happened: a
 * {@link StorageException} says so, so that callers do not blindly repeat it.
 *
 * @since 0.1
 */
public final class AuditedAccess {
    private final AccessController access;
    private final @Nullable AuditLog audit;
    private final Clock clock;

    /**
     * @param access decides permissions
     * @param audit where records go, or {@code null} to audit nothing
     * @param clock the time source of audit records
     */
    public AuditedAccess(AccessController access, @Nullable AuditLog audit, Clock clock) {
        this.access = Objects.requireNonNull(access, "access");
        this.audit = audit;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @return the access controller */
    public AccessController access() {
        return access;
    }

    /** @return the audit log, if records are kept */
    public java.util.Optional<AuditLog> audit() {
        return java.util.Optional.ofNullable(audit);
    }

    /** @return a fresh request id: 32 lowercase hex digits */
    public static String newRequestId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return String.format("%016x%016x", r.nextLong(), r.nextLong());
    }

    /**
     * Checks the permission of {@code op} on the target, audits a denial, and otherwise runs the work.
     *
     * @param principal who calls
     * @param requestId the request's id, or {@code null} for a fresh one
     * @param op the operation
     * @param target what it acts on
     * @param work the operation itself
     * @param <T> its result
     * @return the work's result
     * @throws AccessDeniedException if the principal lacks the permission (audited as DENIED)
     */
    public <T> T call(Principal principal, @Nullable String requestId, Operation op, AuditTarget target,
            Supplier<T> work) {
        return call(principal, requestId, op, target, work, (t, result) -> t);
    }

    /**
     * As {@link #call(Principal, String, Operation, AuditTarget, Supplier)}, with the audited target refined
     * from the result (e.g. the version number a bump chose, the id of a new grant).
     *
     * @param principal who calls
     * @param requestId the request's id, or {@code null} for a fresh one
     * @param op the operation
     * @param target what it acts on, as known before the work
     * @param work the operation itself
     * @param refine the target to record, given the work's result
     * @param <T> its result
     * @return the work's result
     * @throws AccessDeniedException if the principal lacks the permission (audited as DENIED)
     */
    public <T> T call(Principal principal, @Nullable String requestId, Operation op, AuditTarget target,
            Supplier<T> work, BiFunction<AuditTarget, ? super T, AuditTarget> refine) {
        String request = requestId == null ? newRequestId() : requestId;
        if (!access.isAllowed(principal, op.permission(), target.scope())) {
            AccessDeniedException denied = access.denial(principal, op.permission(), target.scope());
            record(principal, request, op, target, AuditOutcome.DENIED, denied.getMessage(), denied);
            throw denied;
        }
        T result;
        try {
            result = work.get();
        } catch (AccessDeniedException e) {
            // a nested check (e.g. delegation limits of a grant) refused: a denial, not a failure
            record(principal, request, op, target, AuditOutcome.DENIED, e.getMessage(), e);
            throw e;
        } catch (RuntimeException e) {
            if (op.auditedWhenAllowed()) {
                record(principal, request, op, target, AuditOutcome.FAILED,
                        e.getClass().getSimpleName() + ": " + e.getMessage(), e);
            }
            throw e;
        }
        if (op.auditedWhenAllowed() && audit != null) {
            AuditTarget done = refine.apply(target, result);
            try {
                audit.append(event(principal, request, op, done, AuditOutcome.ALLOWED, ""));
            } catch (MvmException e) {
                throw new StorageException(op.action() + " on " + done.text() + " by " + principal
                        + " succeeded, but its audit record could not be written to " + audit.describe() + ": "
                        + e.getMessage(), e);
            }
        }
        return result;
    }

    /**
     * As {@link #call(Principal, String, Operation, AuditTarget, Supplier)} for work without a result.
     *
     * @param principal who calls
     * @param requestId the request's id, or {@code null} for a fresh one
     * @param op the operation
     * @param target what it acts on
     * @param work the operation itself
     * @throws AccessDeniedException if the principal lacks the permission (audited as DENIED)
     */
    public void run(Principal principal, @Nullable String requestId, Operation op, AuditTarget target,
            Runnable work) {
        call(principal, requestId, op, target, () -> {
            work.run();
            return Boolean.TRUE;
        });
    }

    private void record(Principal principal, String request, Operation op, AuditTarget target, AuditOutcome outcome,
            @Nullable String reason, RuntimeException cause) {
        if (audit == null) {
            return;
        }
        try {
            audit.append(event(principal, request, op, target, outcome, reason == null ? "" : reason));
        } catch (MvmException e) {
            cause.addSuppressed(e);
        }
    }

    private AuditEvent event(Principal principal, String request, Operation op, AuditTarget target,
            AuditOutcome outcome, String reason) {
        String shortReason = reason.length() > 4000 ? reason.substring(0, 4000) + "..." : reason;
        return new AuditEvent(Instant.now(clock), principal, op.action(), target.text(), target.model(),
                target.version(), outcome, shortReason, target.details(), request);
    }
}
