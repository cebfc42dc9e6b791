/**
 * The lifecycle rules of a registry: the transition table ({@link dev.mvm.lifecycle.LifecyclePolicy}),
 * promotion rules ({@link dev.mvm.lifecycle.PromotionRule}) and the derived model status
 * ({@link dev.mvm.lifecycle.ModelStatus}). The operations themselves are on the facade:
 * {@code registry.model(m).version(v).publish()}, {@code registry.model(m).rollback(...)}.
 */
@NullMarked
package dev.mvm.lifecycle;

import org.jspecify.annotations.NullMarked;
