/**
 * Access control values and SPIs: who ({@link dev.mvm.api.access.Principal}) may do what
 * ({@link dev.mvm.api.access.Permission}, grouped in {@link dev.mvm.api.access.Role}s) where
 * ({@link dev.mvm.api.access.Scope}), as recorded in {@link dev.mvm.api.access.Grant}s kept by an
 * {@link dev.mvm.api.access.AccessPolicyStore}. Group membership comes from the embedding application
 * through a {@link dev.mvm.api.access.GroupResolver}.
 */
@NullMarked
package dev.mvm.api.access;

import org.jspecify.annotations.NullMarked;
