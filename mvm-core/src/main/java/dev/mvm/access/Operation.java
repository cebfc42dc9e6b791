package dev.mvm.access;

import dev.mvm.api.access.Permission;

/**
 * Every operation the registry facade offers, with the permission it needs and the action name its audit
 * records carry. Mutations, downloads and grant changes are audited when allowed, when denied and when they
 * fail; reads are audited only when denied.
 *
 * @since 0.1
 */
public enum Operation {
    /** {@code models().register(name, ...)}; checked on the new model's name. */
    MODEL_REGISTER("model.register", Permission.CREATE_MODEL, true),
    /** {@code models().find/get}, {@code model(m).info()}, {@code versions()}, {@code latest()}, pointers. */
    MODEL_READ("model.read", Permission.READ, false),
    /**
     * {@code models().list(...)}. Not denied up front: the result holds only the models on which the principal
     * has READ ({@link AccessController#isAllowed(dev.mvm.api.access.Principal, Permission,
     * dev.mvm.api.model.ModelName)} per model).
     */
    MODEL_LIST("model.list", Permission.READ, false),
    /** {@code model(m).update(...)}. */
    MODEL_UPDATE("model.update", Permission.UPDATE, true),
    /** {@code model(m).delete()}. */
    MODEL_DELETE("model.delete", Permission.DELETE, true),
    /** {@code model(m).newVersion()...register()}. */
    VERSION_REGISTER("version.register", Permission.CREATE_VERSION, true),
    /** {@code version(v).info()}, {@code manifest()}, {@code stateHistory()}, and {@code compare} (both sides). */
    VERSION_READ("version.read", Permission.READ, false),
    /** {@code version(v).update(...)}. */
    VERSION_UPDATE("version.update", Permission.UPDATE, true),
    /** {@code version(v).delete()}. */
    VERSION_DELETE("version.delete", Permission.DELETE, true),
    /** {@code version(v).download(dir)} and {@code open(path)}. */
    VERSION_DOWNLOAD("version.download", Permission.DOWNLOAD, true),
    /** Lifecycle moves: promote, demote, deprecate, archive, reject. */
    VERSION_TRANSITION("version.transition", Permission.TRANSITION, true),
    /** Bringing an archived version back. */
    VERSION_RESTORE("version.restore", Permission.RESTORE, true),
    /** Pointing an environment at a version ({@code publish}). */
    POINTER_PUBLISH("pointer.publish", Permission.TRANSITION, true),
    /** Moving an environment back to an earlier version ({@code rollback}). */
    POINTER_ROLLBACK("pointer.rollback", Permission.TRANSITION, true),
    /** Removing an environment pointer ({@code unpublish}). */
    POINTER_UNPUBLISH("pointer.unpublish", Permission.TRANSITION, true),
    /** {@code search(...)}. Like {@link #MODEL_LIST}: filtered per model by READ, not denied up front. */
    SEARCH("registry.search", Permission.READ, false),
    /** Granting a role; the controller also applies the delegation limits. */
    ACCESS_GRANT("access.grant", Permission.MANAGE_PERMISSIONS, true),
    /** Revoking a grant and what was delegated from it. */
    ACCESS_REVOKE("access.revoke", Permission.MANAGE_PERMISSIONS, true),
    /** Defining a custom role; global scope. */
    ROLE_DEFINE("access.role.define", Permission.ADMINISTER, true),
    /** Querying the audit log (global scope, or a model's scope for a model filter). */
    AUDIT_QUERY("audit.query", Permission.READ_AUDIT, false),
    /** Exporting the audit log as JSON Lines. */
    AUDIT_EXPORT("audit.export", Permission.READ_AUDIT, true),
    /** Verifying the audit log's hash chain; global scope. */
    AUDIT_VERIFY("audit.verify", Permission.READ_AUDIT, true),
    /** Garbage collection of unreferenced blobs; global scope. */
    GARBAGE_COLLECT("registry.gc", Permission.ADMINISTER, true);

    private final String action;
    private final Permission permission;
    private final boolean auditedWhenAllowed;

    Operation(String action, Permission permission, boolean auditedWhenAllowed) {
        this.action = action;
        this.permission = permission;
        this.auditedWhenAllowed = auditedWhenAllowed;
    }

    /** @return the action name in audit records, e.g. {@code version.register} */
    public String action() {
        return action;
    }

    /** @return the permission the operation needs on its target */
    public Permission permission() {
        return permission;
    }

    /** @return whether an allowed (or failed) call is audited; denied calls always are */
    public boolean auditedWhenAllowed() {
        return auditedWhenAllowed;
    }
}
