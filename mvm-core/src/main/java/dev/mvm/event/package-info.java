/**
 * Delivery of {@link dev.mvm.api.event.RegistryEvent}s to in-process
 * {@link dev.mvm.api.event.RegistryListener}s: each listener has its own thread and bounded queue, so a slow
 * or failing listener never fails or blocks the operation that emitted the event, nor other listeners.
 */
@NullMarked
package dev.mvm.event;

import org.jspecify.annotations.NullMarked;
