package dev.mvm;

import dev.mvm.access.AuditTarget;
import dev.mvm.access.Operation;
import dev.mvm.api.access.Scope;
import dev.mvm.api.audit.AuditLog;
import dev.mvm.api.audit.AuditQuery;
import dev.mvm.api.audit.AuditRecord;
import dev.mvm.api.audit.AuditVerification;
import dev.mvm.api.error.AccessDeniedException;
import java.io.OutputStream;
import java.util.List;

/**
 * The registry's audit trail: query, export and verify, as the registry's principal (which needs
 * {@code READ_AUDIT}). Obtained from {@link ModelRegistry#audit()}.
 *
 * @since 0.1
 */
public final class AuditTrail {
    private final ModelRegistry registry;

    AuditTrail(ModelRegistry registry) {
        this.registry = registry;
    }

    private AuditLog log() {
        return registry.audited().audit().orElseThrow(() -> new UnsupportedOperationException(
                "This registry keeps no audit log; build it with a directory or auditLog(..)"));
    }

    /**
     * @param query filters and paging
     * @return the matching records, oldest first
     * @throws AccessDeniedException without {@code READ_AUDIT}
     */
    public List<AuditRecord> query(AuditQuery query) {
        return registry.guarded(Operation.AUDIT_QUERY, AuditTarget.scope(Scope.global()), () -> log().query(query));
    }

    /**
     * Writes the matching records as JSON Lines.
     *
     * @param query filters
     * @param out where to write; not closed
     * @return how many records were written
     * @throws AccessDeniedException without {@code READ_AUDIT}
     */
    public long export(AuditQuery query, OutputStream out) {
        return registry.guarded(Operation.AUDIT_EXPORT, AuditTarget.scope(Scope.global()),
                () -> log().exportJsonLines(query, out));
    }

    /**
     * Checks the hash chain and reports the first record that was altered, removed or reordered.
     *
     * @return the verdict
     * @throws AccessDeniedException without {@code READ_AUDIT}
     */
    public AuditVerification verify() {
        return registry.guarded(Operation.AUDIT_VERIFY, AuditTarget.scope(Scope.global()), () -> log().verify());
    }
}
