/**
 * The embedded audit log: {@link dev.mvm.audit.SqliteAuditLog}, an append-only, hash-chained trail in its own
 * SQLite file that can be queried, verified and exported as JSON Lines.
 */
@NullMarked
package dev.mvm.audit;

import org.jspecify.annotations.NullMarked;
