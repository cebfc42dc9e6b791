package dev.mvm.compare;

/**
 * How an entry differs between two versions.
 *
 * @since 0.1
 */
public enum ChangeKind {
    /** Only the newer version has it. */
    ADDED,
    /** Only the older version has it. */
    REMOVED,
    /** Both have it, with different values. */
    CHANGED
}
