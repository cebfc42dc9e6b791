/**
 * MVM's API: immutable domain values ({@link dev.mvm.api.model}, {@link dev.mvm.api.artifact},
 * {@link dev.mvm.api.lifecycle}), the exception hierarchy ({@link dev.mvm.api.error}) and the service
 * provider interfaces that stores implement ({@link dev.mvm.api.spi}). It has no runtime dependency but
 * JSpecify annotations.
 */
@NullMarked
package dev.mvm.api;

import org.jspecify.annotations.NullMarked;
