/** Byte-level readers behind the inspectors: bounded cursors over range reads, local and stored sources. */
@NullMarked
package dev.mvm.inspect.internal;

import org.jspecify.annotations.NullMarked;
