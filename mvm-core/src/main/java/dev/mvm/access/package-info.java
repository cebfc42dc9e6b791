/**
 * Access control: the {@link dev.mvm.access.AccessController} that decides from grants who may do what where,
 * the embedded {@link dev.mvm.access.SqliteAccessPolicyStore}, and {@link dev.mvm.access.AuditedAccess}, which
 * runs a registry operation through the permission check and the audit log.
 */
@NullMarked
package dev.mvm.access;

import org.jspecify.annotations.NullMarked;
