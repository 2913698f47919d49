package dev.descent.data;

import dev.descent.tensor.Generator;
import java.lang.ref.Cleaner;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Cuts a dataset into mini-batches, shuffled reproducibly, optionally transformed, assembled ahead
 * of time on a background thread.
 *
 * <pre>{@code
 * try (DataLoader loader = DataLoader.builder(train).batchSize(128).shuffle(true).seed(42)
 *         .transform(Transforms.randomCrop(32, 4).andThen(Transforms.randomHorizontalFlip(0.5)))
 *         .build()) {
 *     for (int epoch = 0; epoch < 10; epoch++) {
 *         for (Batch b : loader) {        // the k-th loop over the loader is epoch k
 *             // b.x(): [128, 3, 32, 32], b.y(): [128] class indices as floats
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p><b>Reproducibility.</b> Everything random is a function of (seed, epoch): the order of epoch
 * {@code e} is a Fisher–Yates shuffle driven by a {@link Generator} seeded from (seed, e), and batch
 * {@code b} of that epoch is transformed with a generator seeded from (seed, e, b). So the same seed
 * gives the same batches on every run, each epoch has its own order, and a run resumed at epoch
 * {@code e}, batch {@code b} ({@link #iterator(int, int)}) sees exactly the batches the uninterrupted
 * run would have seen, whatever the prefetch depth. Every example appears exactly once per epoch;
 * with drop-last the final, smaller batch is left out.
 *
 * <p><b>Prefetch.</b> With {@code prefetch(k)}, k ≥ 1 (default 1), each epoch's iterator starts a
 * daemon thread that assembles batches into a queue of capacity k, so the next batch is ready when
 * the training step asks for it. The thread ends at the end of the epoch, when its iterator is
 * {@linkplain BatchIterator#close() closed}, when the loader is closed, or (as a safety net) when
 * an abandoned iterator is garbage-collected. {@code prefetch(0)} assembles batches on the calling
 * thread.
 */
public final class DataLoader implements Iterable<Batch>, AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final Object END = new Object();

    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private final Transform transform;
    private final int prefetch;
    private final Set<Worker> workers = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private int nextEpoch;

    private DataLoader(Builder b) {
        this.dataset = b.dataset;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.seed = b.seed;
        this.dropLast = b.dropLast;
        this.transform = b.transform;
        this.prefetch = b.prefetch;
    }

    /** A builder for a loader over {@code dataset}. */
    public static Builder builder(Dataset dataset) {
        return new Builder(dataset);
    }

    /** Shuffled batches of {@code batchSize}, last partial batch kept, prefetch 1. */
    public static DataLoader of(Dataset dataset, int batchSize, long seed) {
        return builder(dataset).batchSize(batchSize).shuffle(true).seed(seed).build();
    }

    /** Settings of a {@link DataLoader}; every value is checked by its setter. */
    public static final class Builder {
        private final Dataset dataset;
        private int batchSize = 1;
        private boolean shuffle;
        private long seed;
        private boolean dropLast;
        private Transform transform;
        private int prefetch = 1;

        private Builder(Dataset dataset) {
            this.dataset = java.util.Objects.requireNonNull(dataset, "dataset");
        }

        /** Examples per batch (default 1). */
        public Builder batchSize(int batchSize) {
            if (batchSize <= 0) {
                throw new IllegalArgumentException("Invalid batch size: " + batchSize + " (must be positive)");
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Reshuffle every epoch (default false: dataset order). */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** Seed of the shuffles and of the transforms' random numbers (default 0). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Takes the seed from {@code gen} (one {@code nextLong()}), for callers that thread one generator through a run. */
        public Builder generator(Generator gen) {
            this.seed = gen.nextLong();
            return this;
        }

        /** Leave out the last batch when it is smaller than the batch size (default false). */
        public Builder dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /** Transform applied to each batch's features (default none). */
        public Builder transform(Transform transform) {
            this.transform = transform;
            return this;
        }

        /** Batches assembled ahead on a background thread, 0 to 16 (default 1; 0 = no thread). */
        public Builder prefetch(int batches) {
            if (batches < 0 || batches > 16) {
                throw new IllegalArgumentException("Invalid prefetch: " + batches + " (use 0 to 16 batches)");
            }
            this.prefetch = batches;
            return this;
        }

        /** The loader. */
        public DataLoader build() {
            return new DataLoader(this);
        }
    }

    /** The dataset. */
    public Dataset dataset() {
        return dataset;
    }

    /** Examples per batch. */
    public int batchSize() {
        return batchSize;
    }

    /** The seed. */
    public long seed() {
        return seed;
    }

    /** Batches per epoch. */
    public int numBatches() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** The epoch that the next {@link #iterator()} call will produce. */
    public synchronized int epoch() {
        return nextEpoch;
    }

    /** Sets the epoch of the next {@link #iterator()} call (to resume a run). */
    public synchronized void setEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be non-negative, got " + epoch);
        }
        this.nextEpoch = epoch;
    }

    /** The order in which epoch {@code epoch} visits the examples: a permutation of {@code 0..size-1}. */
    public int[] order(int epoch) {
        int n = dataset.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle) {
            Generator g = new Generator(mix(seed + 0x9E3779B97F4A7C15L * (2L * epoch + 1)));
            for (int i = n - 1; i > 0; i--) {
                int j = g.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    /** The seed of the transform generator for batch {@code batch} of epoch {@code epoch}. */
    long batchSeed(int epoch, int batch) {
        return mix(mix(seed ^ (0xD1B54A32D192ED03L * (epoch + 1L))) + 0x9E3779B97F4A7C15L * (batch + 1L));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The batches of the next epoch ({@link #epoch()}), which then advances by one. */
    @Override
    public BatchIterator iterator() {
        int e;
        synchronized (this) {
            e = nextEpoch++;
        }
        return iterator(e, 0);
    }

    /** Batches {@code startBatch, startBatch + 1, ...} of epoch {@code epoch}; does not change {@link #epoch()}. */
    public BatchIterator iterator(int epoch, int startBatch) {
        if (closed) {
            throw new IllegalStateException("this DataLoader is closed");
        }
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be non-negative, got " + epoch);
        }
        int nb = numBatches();
        if (startBatch < 0 || startBatch > nb) {
            throw new IllegalArgumentException("start batch " + startBatch + " out of range: an epoch has " + nb + " batches");
        }
        return new BatchIterator(epoch, startBatch);
    }

    /** Batch {@code b} of epoch {@code epoch}, assembled and transformed. */
    Batch assemble(int[] order, int epoch, int b) {
        int from = b * batchSize;
        int to = Math.min(from + batchSize, order.length);
        Batch batch = dataset.batch(Arrays.copyOfRange(order, from, to));
        if (transform != null) {
            batch = new Batch(transform.apply(batch.x(), new Generator(batchSeed(epoch, b))), batch.y());
        }
        return batch;
    }

    /** Number of background threads currently running for this loader (for tests and diagnostics). */
    public int liveThreads() {
        int n = 0;
        for (Worker w : workers) {
            n += w.thread.isAlive() ? 1 : 0;
        }
        return n;
    }

    /** Stops every background thread of this loader and waits for them; further iteration is refused. */
    @Override
    public void close() {
        closed = true;
        for (Worker w : workers) {
            w.stop();
        }
        for (Worker w : workers) {
            w.join();
        }
        workers.clear();
    }

    @Override
    public String toString() {
        return "DataLoader(batchSize=" + batchSize + ", shuffle=" + shuffle + ", seed=" + seed + ", dropLast=" + dropLast
                + ", prefetch=" + prefetch + ", transform=" + transform + ", batches=" + numBatches() + ")";
    }

    /** The background producer of one epoch; it holds no reference to its iterator, so an abandoned iterator can be collected. */
    private static final class Worker implements Runnable {
        final ArrayBlockingQueue<Object> queue;
        final Thread thread;
        final DataLoader loader;
        final int[] order;
        final int epoch;
        final int start;
        final int end;
        volatile boolean stopped;

        Worker(DataLoader loader, int[] order, int epoch, int start, int end, int capacity) {
            this.loader = loader;
            this.order = order;
            this.epoch = epoch;
            this.start = start;
            this.end = end;
            this.queue = new ArrayBlockingQueue<>(capacity);
            this.thread = new Thread(this, "descent-loader-" + THREADS.incrementAndGet());
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            try {
                for (int b = start; b < end && !stopped; b++) {
                    if (!put(loader.assemble(order, epoch, b))) {
                        return;
                    }
                }
                put(END);
            } catch (Throwable t) {
                put(new Failure(t));
            } finally {
                loader.workers.remove(this);
            }
        }

        private boolean put(Object item) {
            try {
                while (!stopped) {
                    if (queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
                        return true;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }

        void stop() {
            stopped = true;
            thread.interrupt();
        }

        void join() {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private record Failure(Throwable error) {}

    /** The batches of one epoch; close it when leaving the loop early to stop its prefetch thread at once. */
    public final class BatchIterator implements Iterator<Batch>, AutoCloseable {
        private final int epoch;
        private final int[] order;
        private final int end;
        private final Worker worker;
        private final Cleaner.Cleanable cleanable;
        private int nextBatch;
        private Batch pending;
        private boolean finished;

        private BatchIterator(int epoch, int start) {
            this.epoch = epoch;
            this.order = order(epoch);
            this.end = numBatches();
            this.nextBatch = start;
            if (prefetch > 0 && start < end) {
                Worker w = new Worker(DataLoader.this, order, epoch, start, end, prefetch);
                workers.add(w);
                this.worker = w;
                this.cleanable = CLEANER.register(this, w::stop);
                w.thread.start();
            } else {
                this.worker = null;
                this.cleanable = null;
            }
        }

        /** The epoch these batches belong to. */
        public int epoch() {
            return epoch;
        }

        /** Index within the epoch of the batch the next {@link #next()} returns (for checkpoints). */
        public int nextBatchIndex() {
            return nextBatch;
        }

        @Override
        public boolean hasNext() {
            if (pending != null) {
                return true;
            }
            if (finished) {
                return false;
            }
            if (worker == null) {
                if (nextBatch >= end) {
                    finished = true;
                    return false;
                }
                if (closed) {
                    throw new IllegalStateException("this DataLoader was closed");
                }
                pending = assemble(order, epoch, nextBatch);
                return true;
            }
            Object item = take();
            if (item == END) {
                close();
                return false;
            }
            if (item instanceof Failure f) {
                close();
                if (f.error instanceof RuntimeException r) {
                    throw r;
                }
                if (f.error instanceof Error e) {
                    throw e;
                }
                throw new IllegalStateException("loading batch " + nextBatch + " of epoch " + epoch + " failed", f.error);
            }
            pending = (Batch) item;
            return true;
        }

        private Object take() {
            try {
                while (true) {
                    if (worker.stopped) {
                        finished = true;
                        throw new IllegalStateException("this DataLoader or iterator was closed");
                    }
                    Object item = worker.queue.poll(50, TimeUnit.MILLISECONDS);
                    if (item != null) {
                        return item;
                    }
                    if (!worker.thread.isAlive() && worker.queue.isEmpty()) {
                        finished = true;
                        throw new IllegalStateException("the loader thread of epoch " + epoch + " died");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a batch", e);
            }
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException("epoch " + epoch + " has no more batches");
            }
            Batch b = pending;
            pending = null;
            nextBatch++;
            return b;
        }

        /** Stops the prefetch thread (if any) and waits for it to end. Idempotent. */
        @Override
        public void close() {
            finished = true;
            pending = null;
            if (worker != null) {
                worker.stop();
                worker.join();
                workers.remove(worker);
                cleanable.clean();
            }
        }
    }
}
