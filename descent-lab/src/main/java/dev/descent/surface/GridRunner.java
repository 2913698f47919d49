package dev.descent.surface;

import dev.descent.kernel.Parallel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * Evaluates the points of a grid with a number of workers, each with its own model copy (used by
 * {@link Surface2d}, {@link Interpolation1d} and the convexity map). Workers
 * take the next unfinished point from a shared counter, so the assignment of points to workers
 * varies but every point's value does not (each is computed from scratch on a copy set to exactly
 * that point). Workers run as chunks of {@link Parallel#forChunks}: inside them the kernels run on
 * one thread, so the cores are split between points, not inside each product. With one worker the
 * points run on the calling thread and each product uses all threads instead.
 */
public final class GridRunner {
    /** Evaluates single points on one worker's private state. */
    @FunctionalInterface
    public interface Worker<T> {
        T evaluate(int index);
    }

    /** Receives every finished point (called under a lock, in completion order). */
    @FunctionalInterface
    public interface Sink<T> {
        void accept(int index, T value) throws IOException;
    }

    private GridRunner() {}

    /**
     * Computes every index of {@code [0, total)} not marked in {@code done}.
     *
     * @param workers       number of workers (model copies)
     * @param newWorker     builds worker w (called on the thread that will use it)
     * @param limit         stop after this many new points (for tests of interruption); negative for no limit
     * @return the number of points computed
     */
    public static <T> int run(int total, boolean[] done, int workers, IntFunction<Worker<T>> newWorker, Sink<T> sink,
                              int limit) {
        int[] todo = new int[total];
        int count = 0;
        for (int i = 0; i < total; i++) {
            if (!done[i]) {
                todo[count++] = i;
            }
        }
        if (count == 0) {
            return 0;
        }
        int todoCount = count;
        AtomicInteger next = new AtomicInteger();
        AtomicInteger computed = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Object lock = new Object();
        int w = Math.max(1, Math.min(workers, todoCount));
        Parallel.ChunkBody body = chunk -> {
            Worker<T> worker;
            try {
                worker = newWorker.apply(chunk);
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
                stop.set(true);
                return;
            }
            while (!stop.get()) {
                int k = next.getAndIncrement();
                if (k >= todoCount) {
                    break;
                }
                if (limit >= 0 && k >= limit) {
                    stop.set(true);
                    break;
                }
                try {
                    T m = worker.evaluate(todo[k]);
                    synchronized (lock) {
                        if (!stop.get() || failure.get() == null) {
                            try {
                                sink.accept(todo[k], m);
                                computed.incrementAndGet();
                            } catch (Throwable t) {
                                // recorded before the lock is released: a worker waiting for it must
                                // not log another point after the one whose sink failed
                                failure.compareAndSet(null, t);
                                stop.set(true);
                            }
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                    stop.set(true);
                }
            }
        };
        if (w == 1) {
            body.run(0);
        } else {
            Parallel.forChunks(w, body);
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t instanceof IOException io) {
            throw new UncheckedIOException(io);
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
        return computed.get();
    }
}
