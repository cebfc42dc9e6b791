/** Runnable examples of the MVM API; the documentation's snippets come from these. */
@NullMarked
package dev.mvm.examples;

import org.jspecify.annotations.NullMarked;
