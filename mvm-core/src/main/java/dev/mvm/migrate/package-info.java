/**
 * Moving a registry: {@link dev.mvm.migrate.RegistryMigration} copies everything from one registry to another
 * (models, versions with their files verified by digest, lifecycle states and their history, environment
 * pointers and their history, custom roles, grants, audit records), resumable and idempotent;
 * {@link dev.mvm.migrate.RegistryArchive} writes the same content to a single portable file and imports it
 * into another registry with the same code.
 */
@NullMarked
package dev.mvm.migrate;

import org.jspecify.annotations.NullMarked;
