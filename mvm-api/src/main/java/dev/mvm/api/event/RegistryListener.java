package dev.mvm.api.event;

/**
 * Receives {@link RegistryEvent}s. Register listeners on the registry's builder.
 *
 * <p>The registry calls a listener on a thread of its own, one event at a time and in the order the
 * events were emitted, never on the thread that made the change. A listener may be slow or throw: the
 * operation that emitted the event has already completed and is not affected. Events that arrive while the
 * listener's bounded queue is full are dropped, counted and logged, so a listener that must not miss an
 * event should hand it off quickly (or reconcile from the histories, which are complete).
 *
 * @since 0.1
 */
@FunctionalInterface
public interface RegistryListener {
    /**
     * Handles one event.
     *
     * @param event the event
     */
    void onEvent(RegistryEvent event);

    /** @return a short name for thread names and logs; the class name by default */
    default String name() {
        return getClass().getSimpleName().isEmpty() ? "listener" : getClass().getSimpleName();
    }
}
