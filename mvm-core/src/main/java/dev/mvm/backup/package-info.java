/**
 * Online backup of the embedded registry: {@link dev.mvm.backup.RegistryBackup} snapshots the SQLite databases
 * with {@code VACUUM INTO} while writers go on, copies the blobs the snapshot references, verifies a backup and
 * restores it into a new directory.
 */
@NullMarked
package dev.mvm.backup;

import org.jspecify.annotations.NullMarked;
