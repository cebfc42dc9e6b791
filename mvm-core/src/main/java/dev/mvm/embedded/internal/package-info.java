/**
 * Internals of the embedded stores: SQLite connections and transactions, schema migrations, error
 * translation and JSON columns. Not an API; may change in any release.
 */
@NullMarked
package dev.mvm.embedded.internal;

import org.jspecify.annotations.NullMarked;
