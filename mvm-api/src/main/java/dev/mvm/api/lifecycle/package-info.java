/** Lifecycle values: states, recorded state changes, environment pointers and their moves. */
@NullMarked
package dev.mvm.api.lifecycle;

import org.jspecify.annotations.NullMarked;
