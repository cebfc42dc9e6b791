package dev.mvm.cli;

import dev.mvm.api.access.Permission;
import dev.mvm.api.access.Scope;
import dev.mvm.cli.internal.Session;

/** The permission the operator commands (migration, export, import, backup) require under access control. */
final class OperatorChecks {
    private OperatorChecks() {
    }

    /**
     * These commands read and write below the facade (no per-item checks), so under access control the acting
     * principal needs {@code ADMINISTER} at global scope.
     *
     * @param session the registry
     * @throws dev.mvm.api.error.AccessDeniedException without it
     */
    static void requireAdminister(Session session) {
        if (session.access() != null) {
            session.access().check(session.registry().principal(), Permission.ADMINISTER, Scope.global());
        }
    }
}
