/**
 * Retention: which versions a registry keeps as it ages. A {@link dev.mvm.retention.RetentionPolicy} says what
 * to keep (the last versions of each model, recent production versions, whatever an environment points to
 * or another version's lineage needs) and what to do with the rest (archive or delete);
 * {@link dev.mvm.retention.Retention} computes a {@link dev.mvm.retention.RetentionPlan} (the dry run) and
 * applies it through the facade, so events, audit records and access control apply.
 */
@NullMarked
package dev.mvm.retention;

import org.jspecify.annotations.NullMarked;
