package dev.descent.kernel;


/**
 * The optimizer kernels' range splitter, on {@link Parallel}'s pool and thread count.
 *
 * <p>{@link #forRange} cuts {@code [0, n)} into at most {@link #threads()} contiguous chunks of at
 * least {@code grain} elements, with boundaries on multiples of 64 so vector loops keep whole
 * vectors. Elementwise optimizer updates are independent per element, so the split does not change a
 * single bit of the result. Below {@code 2 * grain} elements nothing is split.
 */
final class OptimParallel {
    /** Body of a parallel loop over {@code [start, end)}. */
    @FunctionalInterface
    interface Range {
        void run(int start, int end);
    }

    /** True on a thread that runs one of {@link #forTasks}'s runs: kernels there do not split again. */
    private static final ThreadLocal<boolean[]> NESTED = ThreadLocal.withInitial(() -> new boolean[1]);

    private OptimParallel() {}

    static int threads() {
        return Parallel.threads();
    }

    static void setThreads(int n) {
        Parallel.setThreads(n);
    }

    /** Number of chunks {@link #forRange} would use for {@code n} elements. */
    static int chunks(int n, int grain) {
        int t = Parallel.threads();
        if (t <= 1 || n < 2L * grain || NESTED.get()[0]) {
            return 1;
        }
        return (int) Math.min(t, n / (long) grain);
    }

    /**
     * Runs {@code task(0) .. task(n−1)} in at most {@link #threads()} contiguous runs of roughly equal
     * total {@code cost}; inside a run, {@link #forRange} does not split further.
     */
    static void forTasks(int n, long[] cost, java.util.function.IntConsumer task) {
        long total = 0;
        for (int i = 0; i < n; i++) {
            total += cost[i];
        }
        int k = Math.min(Parallel.threads(), n);
        if (k <= 1 || total < 2L * OptimKernels.GRAIN || NESTED.get()[0]) {
            for (int i = 0; i < n; i++) {
                task.accept(i);
            }
            return;
        }
        int[] bounds = new int[k + 1];
        long acc = 0;
        int run = 1;
        for (int i = 0; i < n && run < k; i++) {
            acc += cost[i];
            if (acc * k >= total * run) {
                bounds[run++] = i + 1;
            }
        }
        while (run <= k) {
            bounds[run++] = n;
        }
        Parallel.forChunks(k, c -> {
            boolean[] flag = NESTED.get();
            boolean prev = flag[0];
            flag[0] = true;
            try {
                for (int i = bounds[c]; i < bounds[c + 1]; i++) {
                    task.accept(i);
                }
            } finally {
                flag[0] = prev;
            }
        });
    }

    /** Runs {@code body} over {@code [0, n)} split into contiguous chunks. */
    static void forRange(int n, int grain, Range body) {
        int k = chunks(n, grain);
        if (k <= 1) {
            body.run(0, n);
            return;
        }
        // chunk boundaries aligned to 64 elements so vector loops keep full vectors
        int per = (((int) (((long) n + k - 1) / k)) + 63) & ~63;
        int pieces = (int) ((n + (long) per - 1) / per);
        Parallel.forChunks(pieces, c -> body.run(c * per, (int) Math.min(n, (long) c * per + per)));
    }
}
