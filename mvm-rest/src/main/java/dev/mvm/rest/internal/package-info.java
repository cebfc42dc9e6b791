/** Routing, JSON shapes, signed links and upload staging behind {@link dev.mvm.rest.MvmRestHandler}. */
@NullMarked
package dev.mvm.rest.internal;

import org.jspecify.annotations.NullMarked;
