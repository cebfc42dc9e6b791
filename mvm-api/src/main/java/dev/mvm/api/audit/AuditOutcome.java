package dev.mvm.api.audit;

/**
 * How an audited operation ended.
 *
 * @since 0.1
 */
public enum AuditOutcome {
    /** The principal was allowed and the operation succeeded. */
    ALLOWED,
    /** The principal lacked the permission; nothing was done. */
    DENIED,
    /** The principal was allowed but the operation failed (conflict, not found, storage error). */
    FAILED
}
