/**
 * Embedded default stores: SQLite metadata and a content-addressed blob directory.
 */
@NullMarked
package dev.mvm.embedded;

import org.jspecify.annotations.NullMarked;
