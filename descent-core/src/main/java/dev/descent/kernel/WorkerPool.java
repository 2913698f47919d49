package dev.descent.kernel;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads behind {@link Parallel}: one job at a time, handed out in numbered chunks.
 *
 * <p>A job is published in one 64-bit word, {@code claim = epoch << 32 | chunksLeft}. A thread takes a
 * chunk by a compare-and-set that lowers {@code chunksLeft}; the epoch makes a stale claim from a
 * previous job fail. A job cannot end while a claimed chunk runs, so the job fields a thread reads
 * after a successful claim are those of its job. Idle workers spin briefly (the next kernel call
 * usually follows soon) and then park.
 */
final class WorkerPool {

    /** How long an idle thread spins before parking: long enough to bridge the gap between kernels. */
    private static final long SPIN_NANOS = Long.getLong("descent.spinMicros", 100L) * 1_000L;

    private final Worker[] workers;
    private final AtomicLong claim = new AtomicLong();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile boolean shutdown;
    private volatile Thread waiter;
    private volatile Throwable failure;

    // The job, written by the owner before it publishes the claim word.
    private int jobN;
    private int jobChunks;
    private Parallel.RangeBody rangeBody;
    private Parallel.ChunkBody chunkBody;
    private int epoch;

    WorkerPool(int workerCount) {
        workers = new Worker[workerCount];
        for (int i = 0; i < workerCount; i++) {
            workers[i] = new Worker(this, i);
            workers[i].start();
        }
    }

    static boolean insideWorker() {
        return KernelThread.current();
    }

    /**
     * Runs a job if the pool is free and returns true; returns false at once if another job is running
     * (another thread's, or an enclosing one of this thread's), so that the caller can run inline.
     */
    boolean tryRun(int n, int chunks, Parallel.RangeBody range, Parallel.ChunkBody chunk) {
        if (!busy.compareAndSet(false, true)) {
            return false;
        }
        try {
            jobN = n;
            jobChunks = chunks;
            rangeBody = range;
            chunkBody = chunk;
            failure = null;
            pending.set(chunks);
            epoch++;
            claim.set(((long) epoch << 32) | chunks);
            for (Worker w : workers) {
                if (w.parked) {
                    LockSupport.unpark(w);
                }
            }
            work();
            awaitPending();
            rangeBody = null;
            chunkBody = null;
            Throwable f = failure;
            failure = null;
            if (f instanceof RuntimeException re) {
                throw re;
            }
            if (f instanceof Error e) {
                throw e;
            }
            if (f != null) {
                throw new RuntimeException("parallel kernel chunk failed", f);
            }
            return true;
        } finally {
            busy.set(false);
        }
    }

    void shutdown() {
        shutdown = true;
        for (Worker w : workers) {
            LockSupport.unpark(w);
        }
    }

    /** Takes and runs chunks of the current job until none is left. */
    private void work() {
        for (;;) {
            long c = claim.get();
            int left = (int) c;
            if (left <= 0) {
                return;
            }
            if (claim.compareAndSet(c, c - 1)) {
                runChunk(jobChunks - left);
            }
        }
    }

    private void runChunk(int index) {
        try {
            Parallel.RangeBody range = rangeBody;
            if (range != null) {
                int start = (int) ((long) index * jobN / jobChunks);
                int end = (int) ((long) (index + 1) * jobN / jobChunks);
                range.run(start, end);
            } else {
                chunkBody.run(index);
            }
        } catch (Throwable t) {
            if (failure == null) {
                failure = t;
            }
        } finally {
            if (pending.decrementAndGet() == 0) {
                Thread w = waiter;
                if (w != null) {
                    LockSupport.unpark(w);
                }
            }
        }
    }

    /** The owner waits for chunks that workers still run: spin first, then park until the last one ends. */
    private void awaitPending() {
        long deadline = System.nanoTime() + SPIN_NANOS;
        int spins = 0;
        while (pending.get() != 0) {
            Thread.onSpinWait();
            if ((++spins & 63) == 0 && System.nanoTime() > deadline) {
                waiter = Thread.currentThread();
                while (pending.get() != 0) {
                    LockSupport.park(this);
                }
                waiter = null;
            }
        }
    }

    private boolean hasWork() {
        return (int) claim.get() > 0;
    }

    /** A pool thread: runs chunks while there are any, spins a little, then parks. */
    private static final class Worker extends KernelThread {
        private final WorkerPool pool;
        volatile boolean parked;

        Worker(WorkerPool pool, int index) {
            super("descent-kernel-" + index);
            this.pool = pool;
        }

        @Override
        public void run() {
            while (!pool.shutdown) {
                pool.work();
                idle();
            }
        }

        private void idle() {
            long deadline = System.nanoTime() + SPIN_NANOS;
            int spins = 0;
            while (!pool.hasWork() && !pool.shutdown) {
                Thread.onSpinWait();
                if ((++spins & 63) == 0 && System.nanoTime() > deadline) {
                    // Dekker-style hand-shake with tryRun: publish "parked", then look once more.
                    parked = true;
                    if (!pool.hasWork() && !pool.shutdown) {
                        LockSupport.park(this);
                    }
                    parked = false;
                    deadline = System.nanoTime() + SPIN_NANOS;
                }
            }
        }
    }
}
