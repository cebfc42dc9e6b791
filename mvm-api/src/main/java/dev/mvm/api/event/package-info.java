/**
 * Registry events: one immutable, typed {@link dev.mvm.api.event.RegistryEvent} per mutation (a model
 * registered, a version created, a state changed, a pointer moved, ...), each with a unique id and a
 * timestamp, delivered to {@link dev.mvm.api.event.RegistryListener}s.
 */
@NullMarked
package dev.mvm.api.event;

import org.jspecify.annotations.NullMarked;
