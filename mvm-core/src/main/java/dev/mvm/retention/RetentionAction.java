package dev.mvm.retention;

/**
 * What a retention run does with a version the policy does not keep.
 *
 * @since 0.1
 */
public enum RetentionAction {
    /**
     * Moves the version to {@code ARCHIVED} through the facade's lifecycle (the transition is checked against
     * the lifecycle policy, audited and emitted as an event). Its files stay stored.
     */
    ARCHIVE,
    /**
     * Deletes the version through the facade. Files no other version references become garbage, removed by
     * the garbage collector after its grace period.
     */
    DELETE
}
