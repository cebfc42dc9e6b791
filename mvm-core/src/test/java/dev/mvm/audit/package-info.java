/** Tests of the SQLite audit log: chaining, queries, export, tamper detection and concurrent appenders. */
@NullMarked
package dev.mvm.audit;

import org.jspecify.annotations.NullMarked;
