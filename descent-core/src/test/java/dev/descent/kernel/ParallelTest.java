package dev.descent.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The worker pool: coverage of ranges, inline cases, nesting, failures and concurrent callers. */
class ParallelTest {

    @AfterEach
    void restore() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
    }

    /** n, grain, threads. */
    static Stream<Arguments> ranges() {
        SplittableRandom rnd = new SplittableRandom(3);
        Stream.Builder<Arguments> s = Stream.builder();
        int[][] edges = {{0, 1, 2}, {1, 1, 2}, {2, 1, 2}, {5, 5, 2}, {6, 5, 2}, {1000, 1, 1}, {1000, 1, 3}, {7, 2, 8}};
        for (int[] e : edges) {
            s.add(Arguments.of(e[0], e[1], e[2]));
        }
        for (int t = 0; t < 20; t++) {
            s.add(Arguments.of(rnd.nextInt(5000), 1 + rnd.nextInt(300), 1 + rnd.nextInt(4)));
        }
        return s.build();
    }

    @ParameterizedTest(name = "n={0} grain={1} threads={2}")
    @MethodSource("ranges")
    void forRangeCoversEveryIndexOnce(int n, int grain, int threads) {
        Parallel.setThreads(threads);
        for (int rep = 0; rep < 50; rep++) {
            AtomicIntegerArray hits = new AtomicIntegerArray(n);
            Parallel.forRange(n, grain, (start, end) -> {
                assertTrue(0 <= start && start < end && end <= n, start + ".." + end);
                for (int i = start; i < end; i++) {
                    hits.incrementAndGet(i);
                }
            });
            for (int i = 0; i < n; i++) {
                assertEquals(1, hits.get(i), "index " + i);
            }
        }
    }

    @Test
    void forChunksRunsEachChunkOnce() {
        Parallel.setThreads(2);
        AtomicIntegerArray hits = new AtomicIntegerArray(37);
        for (int rep = 0; rep < 100; rep++) {
            Parallel.forChunks(37, hits::incrementAndGet);
        }
        for (int i = 0; i < 37; i++) {
            assertEquals(100, hits.get(i));
        }
    }

    @Test
    void nestedCallsRunInlineWithoutDeadlock() {
        Parallel.setThreads(2);
        AtomicInteger total = new AtomicInteger();
        Parallel.forRange(8, 1, (s, e) -> {
            for (int i = s; i < e; i++) {
                Parallel.forRange(100, 1, (s2, e2) -> total.addAndGet(e2 - s2));
            }
        });
        assertEquals(800, total.get());
    }

    @Test
    void failureIsRethrownAfterAllChunksEnd() {
        Parallel.setThreads(2);
        AtomicInteger done = new AtomicInteger();
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Parallel.forChunks(8, i -> {
            if (i == 3) {
                throw boom;
            }
            done.incrementAndGet();
        }));
        assertSame(boom, thrown);
        assertEquals(7, done.get());
        // The pool still works afterwards.
        AtomicInteger after = new AtomicInteger();
        Parallel.forChunks(8, i -> after.incrementAndGet());
        assertEquals(8, after.get());
    }

    @Test
    void concurrentCallersBothComplete() throws InterruptedException {
        Parallel.setThreads(2);
        AtomicInteger total = new AtomicInteger();
        Runnable job = () -> {
            for (int rep = 0; rep < 2000; rep++) {
                Parallel.forRange(64, 1, (s, e) -> total.addAndGet(e - s));
            }
        };
        Thread other = new Thread(job);
        other.start();
        job.run();
        other.join();
        assertEquals(2 * 2000 * 64, total.get());
    }

    @Test
    void badArgumentsAreRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0));
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Parallel.forRange(-1, 1, (s, t) -> { }));
        assertThrows(IllegalArgumentException.class, () -> Parallel.forRange(1, 0, (s, t) -> { }));
        Parallel.setThreads(3);
        assertEquals(3, Parallel.threads());
    }
}
