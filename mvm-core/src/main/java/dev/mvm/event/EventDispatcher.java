package dev.mvm.event;

import dev.mvm.api.event.RegistryEvent;
import dev.mvm.api.event.RegistryListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands registry events to listeners without ever blocking or failing the emitting operation.
 *
 * <p>Each listener gets one daemon thread and a bounded queue: it sees events one at a time, in emission
 * order. {@link #emit} only enqueues. When a listener's queue is full the event is dropped for that
 * listener, counted in {@link #dropped()} and logged (the first drop and every 1000th after it). A listener
 * that throws is logged with the event id and type and keeps receiving later events.
 *
 * @since 0.1
 */
public final class EventDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);

    /** The default capacity of each listener's queue. */
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;

    private final List<Channel> channels;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Object idle = new Object();
    private long pending;

    /**
     * @param listeners the listeners, each served by its own thread
     * @param queueCapacity how many undelivered events each listener may have waiting, at least 1
     * @throws IllegalArgumentException if the capacity is less than 1
     */
    public EventDispatcher(List<RegistryListener> listeners, int queueCapacity) {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be at least 1, not " + queueCapacity);
        }
        List<Channel> list = new ArrayList<>();
        for (int i = 0; i < listeners.size(); i++) {
            list.add(new Channel(listeners.get(i), i, queueCapacity));
        }
        this.channels = List.copyOf(list);
    }

    /**
     * Queues an event for every listener and returns at once.
     *
     * @param event the event
     */
    public void emit(RegistryEvent event) {
        for (Channel c : channels) {
            c.offer(event);
        }
    }

    /** @return how many deliveries were dropped because a listener's queue was full (or closed) */
    public long dropped() {
        return dropped.get();
    }

    /** @return how many deliveries ended with the listener throwing */
    public long failed() {
        return failed.get();
    }

    /** @return the number of listeners */
    public int listenerCount() {
        return channels.size();
    }

    /**
     * Waits until every queued event has been handed to its listener and the listener has returned.
     *
     * @param timeout how long to wait at most
     * @return {@code true} if everything was delivered, {@code false} if the time ran out first
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitDelivered(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (pending > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
            return true;
        }
    }

    /**
     * Stops accepting events, gives queued ones up to five seconds to be delivered, then interrupts the
     * listener threads.
     */
    @Override
    public void close() {
        channels.forEach(c -> c.executor.shutdown());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (Channel c : channels) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!c.executor.awaitTermination(left, TimeUnit.NANOSECONDS)) {
                    List<Runnable> undelivered = c.executor.shutdownNow();
                    LOG.warn("Listener {} did not finish within 5 s of close; {} event(s) not delivered",
                            c.listener.name(), undelivered.size());
                    changePending(-undelivered.size());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                c.executor.shutdownNow();
            }
        }
    }

    private void changePending(long delta) {
        synchronized (idle) {
            pending += delta;
            if (pending <= 0) {
                idle.notifyAll();
            }
        }
    }

    private final class Channel {
        private final RegistryListener listener;
        private final ThreadPoolExecutor executor;

        Channel(RegistryListener listener, int index, int capacity) {
            this.listener = listener;
            String threadName = "mvm-events-" + index + "-" + listener.name();
            this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(capacity),
                    r -> {
                        Thread t = new Thread(r, threadName);
                        t.setDaemon(true);
                        return t;
                    });
        }

        void offer(RegistryEvent event) {
            changePending(1);
            try {
                executor.execute(() -> deliver(event));
            } catch (RejectedExecutionException e) {
                changePending(-1);
                long n = dropped.incrementAndGet();
                if (n == 1 || n % 1000 == 0) {
                    LOG.warn("Dropped {} {} for listener {}: its queue is full or closed ({} dropped so far)",
                            event.type(), event.id(), listener.name(), n);
                }
            }
        }

        private void deliver(RegistryEvent event) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException | Error e) {
                failed.incrementAndGet();
                LOG.warn("Listener {} failed on {} {} for {}: {}", listener.name(), event.type(), event.id(),
                        event.target(), e.toString(), e);
                if (e instanceof VirtualMachineError vme) {
                    throw vme;
                }
            } finally {
                changePending(-1);
            }
        }
    }
}
