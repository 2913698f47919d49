package dev.descent.landscape.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An ordered parallel map on a plain fixed thread pool: {@code out[i] = f(in[i])}, computed by up to
 * {@link #threads()} threads that take indices from a shared counter. Results do not depend on the
 * number of threads or the scheduling.
 */
public final class Parallel {
    private static volatile int threads = defaultThreads();

    private Parallel() {}

    private static int defaultThreads() {
        String p = System.getProperty("descent.sweep.threads");
        if (p != null) {
            return Math.max(1, Integer.parseInt(p.strip()));
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** The number of threads a sweep uses (the number of cores unless set). */
    public static int threads() {
        return threads;
    }

    /** Sets the number of threads sweeps use (1 runs everything on the calling thread). */
    public static void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("the number of threads must be at least 1, got " + n);
        }
        threads = n;
    }

    /** {@code f} applied to every element, in order. Exceptions of {@code f} are rethrown (the first by index). */
    public static <T, R> List<R> map(List<T> in, Function<? super T, ? extends R> f) {
        int n = in.size();
        List<R> out = new ArrayList<>(n);
        int t = Math.min(threads, n);
        if (t <= 1) {
            for (T x : in) {
                out.add(f.apply(x));
            }
            return out;
        }
        Object[] results = new Object[n];
        RuntimeException[] failures = new RuntimeException[n];
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                try {
                    results[i] = f.apply(in.get(i));
                } catch (RuntimeException e) {
                    failures[i] = e;
                }
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(t - 1, r -> {
            Thread th = new Thread(r, "descent-sweep");
            th.setDaemon(true);
            return th;
        });
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int k = 0; k < t - 1; k++) {
                fs.add(pool.submit(worker));
            }
            worker.run();
            for (Future<?> fu : fs) {
                fu.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a sweep", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        for (RuntimeException e : failures) {
            if (e != null) {
                throw e;
            }
        }
        for (int i = 0; i < n; i++) {
            @SuppressWarnings("unchecked")
            R r = (R) results[i];
            out.add(r);
        }
        return out;
    }
}
