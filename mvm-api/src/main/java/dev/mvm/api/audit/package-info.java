/**
 * The audit trail: {@link dev.mvm.api.audit.AuditEvent}s appended to an {@link dev.mvm.api.audit.AuditLog}
 * become hash-chained {@link dev.mvm.api.audit.AuditRecord}s, which can be queried
 * ({@link dev.mvm.api.audit.AuditQuery}), verified ({@link dev.mvm.api.audit.AuditVerification}) and exported.
 * {@link dev.mvm.api.audit.AuditChain} defines the canonical form every implementation hashes.
 */
@NullMarked
package dev.mvm.api.audit;

import org.jspecify.annotations.NullMarked;
