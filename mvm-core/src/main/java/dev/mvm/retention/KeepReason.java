package dev.mvm.retention;

/**
 * Why a retention plan keeps a version.
 *
 * @since 0.1
 */
public enum KeepReason {
    /** It is one of the last versions of its model, by semantic-version precedence. */
    LATEST,
    /** It is in {@code PRODUCTION}, or left {@code PRODUCTION} within the policy's period. */
    RECENT_PRODUCTION,
    /** An environment pointer points to it. */
    ENVIRONMENT_POINTER,
    /** A kept version names it as its parent or depends on it. */
    LINEAGE,
    /** It is already {@code ARCHIVED} and the action is {@link RetentionAction#ARCHIVE}: nothing to do. */
    ALREADY_ARCHIVED
}
