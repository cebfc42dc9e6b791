package dev.mvm.api.access;

/**
 * What a principal may do. Each facade operation needs exactly one permission on its target (a model, or
 * for registry-wide operations the global scope); the table in {@code docs/en/security.md} lists them.
 *
 * @since 0.1
 */
public enum Permission {
    /** See a model, its versions, manifests, states, pointers and histories; find it in lists and searches. */
    READ,
    /** Read a version's file contents: download, open a file, read a header range. */
    DOWNLOAD,
    /** Register a new model under a name (checked on the name, so namespace grants apply). */
    CREATE_MODEL,
    /** Register a new version of a model. */
    CREATE_VERSION,
    /** Change model or version metadata: description, framework, task, metadata, tags, metrics, params. */
    UPDATE,
    /** Move a version through its lifecycle and move environment pointers: promote, publish, unpublish,
     *  rollback, deprecate, archive. */
    TRANSITION,
    /** Bring an archived version back (ARCHIVED to STAGING), which the lifecycle reserves for managers. */
    RESTORE,
    /** Delete a version or a whole model. */
    DELETE,
    /** Grant and revoke roles at the scope, within what the granting principal holds there itself. */
    MANAGE_PERMISSIONS,
    /** Query, verify and export the audit log for the scope. */
    READ_AUDIT,
    /** Registry-wide maintenance such as garbage collection and defining custom roles; meaningful at the
     *  global scope only. */
    ADMINISTER;

    /** @return a one-bit mask of this permission, for compact permission sets */
    public long bit() {
        return 1L << ordinal();
    }
}
