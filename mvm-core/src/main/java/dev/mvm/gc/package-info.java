/**
 * Garbage collection of unreferenced content-addressed blobs: a mark and sweep that sees only the
 * {@link dev.mvm.api.spi.SupportsGarbageCollection} capability, so it serves every store that offers it.
 */
@NullMarked
package dev.mvm.gc;

import org.jspecify.annotations.NullMarked;
