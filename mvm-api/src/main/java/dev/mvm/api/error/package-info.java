/**
 * The exception hierarchy. Everything MVM throws is an unchecked {@link dev.mvm.api.error.MvmException};
 * callers branch on the semantic subclass and on {@link dev.mvm.api.error.MvmException#retryable()}.
 * Backend exceptions (SQL, HTTP, SDK) only ever appear as the cause.
 */
@NullMarked
package dev.mvm.api.error;

import org.jspecify.annotations.NullMarked;
