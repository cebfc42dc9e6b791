/** Implementation details of the facade. Not API: may change in any release. */
@NullMarked
package dev.mvm.internal;

import org.jspecify.annotations.NullMarked;
