package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DataLoaderTest {
    /** Example i has features [i, -i] and label i, so a batch tells which examples it holds. */
    static TensorDataset indexed(int n) {
        float[] x = new float[2 * n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = -i;
            y[i] = i;
        }
        return new TensorDataset(Tensor.wrap(x, n, 2), Tensor.wrap(y, n), 0, List.of());
    }

    static List<float[]> labels(Iterable<Batch> batches) {
        List<float[]> out = new ArrayList<>();
        for (Batch b : batches) {
            out.add(b.y().toFloatArray());
        }
        return out;
    }

    static Stream<Arguments> configs() {
        // edge cases first: a single example, batch larger than the set, batch size 1; then random
        Stream<Arguments> edges = Stream.of(Arguments.of(1L, 1, 1, false, 1), Arguments.of(2L, 5, 8, true, 0),
                Arguments.of(3L, 7, 1, true, 2));
        Stream<Arguments> random = IntStream.range(0, 9).mapToObj(i -> {
            SplittableRandom r = new SplittableRandom(40 + i);
            return Arguments.of(40L + i, 1 + r.nextInt(200), 1 + r.nextInt(33), r.nextBoolean(), r.nextInt(3));
        });
        return Stream.concat(edges, random);
    }

    @ParameterizedTest
    @MethodSource("configs")
    void everyExampleExactlyOncePerEpochAndSameSeedSameBatches(long seed, int n, int bs, boolean dropLast, int prefetch) {
        TensorDataset d = indexed(n);
        try (DataLoader a = DataLoader.builder(d).batchSize(bs).shuffle(true).seed(seed).dropLast(dropLast).prefetch(prefetch).build();
             DataLoader b = DataLoader.builder(d).batchSize(bs).shuffle(true).seed(seed).dropLast(dropLast).prefetch(2 - prefetch).build()) {
            int expectedBatches = dropLast ? n / bs : (n + bs - 1) / bs;
            assertEquals(expectedBatches, a.numBatches());
            for (int epoch = 0; epoch < 3; epoch++) {
                List<float[]> la = labels(a);
                List<float[]> lb = labels(b);
                assertEquals(expectedBatches, la.size());
                for (int k = 0; k < la.size(); k++) {
                    assertArrayEquals(la.get(k), lb.get(k), "same seed, same batches whatever the prefetch depth");
                    assertEquals(k < n / bs ? bs : n % bs, la.get(k).length, "batch size");
                }
                float[] all = la.stream().reduce(new float[0], DataLoaderTest::concat);
                Arrays.sort(all);
                int covered = dropLast ? n / bs * bs : n;
                assertEquals(covered, all.length);
                for (int i = 1; i < all.length; i++) {
                    assertNotEquals(all[i - 1], all[i], "no example twice in an epoch");
                }
                if (!dropLast) {
                    for (int i = 0; i < n; i++) {
                        assertEquals(i, all[i], "every example once");
                    }
                }
            }
            assertEquals(3, a.epoch());
        }
    }

    @Test
    void featuresAndLabelsStayPaired() {
        try (DataLoader loader = DataLoader.of(indexed(50), 8, 1)) {
            for (Batch b : loader) {
                float[] x = b.x().toFloatArray();
                float[] y = b.y().toFloatArray();
                assertArrayEquals(new int[] {y.length, 2}, b.x().shape());
                for (int i = 0; i < y.length; i++) {
                    assertEquals(y[i], x[2 * i]);
                    assertEquals(-y[i], x[2 * i + 1], 0f);
                }
            }
        }
    }

    @Test
    void epochsHaveDifferentOrdersAndSeedsDifferentStreams() {
        DataLoader a = DataLoader.builder(indexed(100)).batchSize(10).shuffle(true).seed(7).prefetch(0).build();
        DataLoader b = DataLoader.builder(indexed(100)).batchSize(10).shuffle(true).seed(8).prefetch(0).build();
        assertFalse(Arrays.equals(a.order(0), a.order(1)));
        assertFalse(Arrays.equals(a.order(0), b.order(0)));
        assertArrayEquals(a.order(5), a.order(5));
        DataLoader plain = DataLoader.builder(indexed(10)).batchSize(3).build();
        assertArrayEquals(IntStream.range(0, 10).toArray(), plain.order(3), "no shuffle: dataset order");
    }

    @Test
    void resumingAtEpochAndBatchReproducesTheUninterruptedRun() {
        Transform noise = (x, gen) -> x.add(Tensor.rand(gen, x.dtype(), x.shape()));
        DataLoader loader = DataLoader.builder(indexed(37)).batchSize(5).shuffle(true).seed(99).transform(noise).build();
        loader.setEpoch(4);
        List<Batch> full = new ArrayList<>();
        loader.forEach(full::add);
        try (DataLoader.BatchIterator resumed = loader.iterator(4, 3)) {
            for (int k = 3; k < full.size(); k++) {
                assertEquals(k, resumed.nextBatchIndex());
                Batch b = resumed.next();
                assertArrayEquals(full.get(k).x().toFloatArray(), b.x().toFloatArray(), "batch " + k);
                assertArrayEquals(full.get(k).y().toFloatArray(), b.y().toFloatArray(), "batch " + k);
            }
            assertFalse(resumed.hasNext());
        }
        loader.close();
    }

    @Test
    void closingTheLoaderStopsItsPrefetchThread() throws Exception {
        DataLoader loader = DataLoader.builder(indexed(1000)).batchSize(10).prefetch(2).build();
        DataLoader.BatchIterator it = loader.iterator();
        it.next(); // the thread is now blocked on a full queue
        Thread.sleep(20);
        assertEquals(1, loader.liveThreads());
        List<Thread> before = loaderThreads();
        loader.close();
        assertEquals(0, loader.liveThreads());
        for (Thread t : before) {
            t.join(2000);
            assertFalse(t.isAlive(), t.getName() + " still running");
        }
        assertThrows(IllegalStateException.class, it::hasNext);
        assertThrows(IllegalStateException.class, loader::iterator);
    }

    @Test
    void breakingOutAndClosingTheIteratorStopsTheThread() throws Exception {
        try (DataLoader loader = DataLoader.builder(indexed(1000)).batchSize(10).build()) {
            try (DataLoader.BatchIterator it = loader.iterator()) {
                it.next();
            }
            assertEquals(0, loader.liveThreads());
            // a finished epoch ends its thread by itself
            labels(loader);
            for (int i = 0; i < 100 && loader.liveThreads() > 0; i++) {
                Thread.sleep(10);
            }
            assertEquals(0, loader.liveThreads());
        }
    }

    @Test
    void datasetErrorsReachTheTrainingThread() {
        Dataset broken = new Dataset() {
            @Override
            public int size() {
                return 10;
            }

            @Override
            public Example get(int index) {
                if (index == 7) {
                    throw new IllegalStateException("example 7 is unreadable");
                }
                return new Example(Tensor.zeros(2), Tensor.zeros());
            }
        };
        try (DataLoader loader = DataLoader.builder(broken).batchSize(3).build()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> labels(loader));
            assertEquals("example 7 is unreadable", e.getMessage());
            assertEquals(0, loader.liveThreads());
        }
    }

    @Test
    void validatesSettings() {
        DataLoader.Builder b = DataLoader.builder(indexed(3));
        assertEquals("Invalid batch size: 0 (must be positive)",
                assertThrows(IllegalArgumentException.class, () -> b.batchSize(0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.prefetch(-1));
        DataLoader loader = b.batchSize(2).build();
        assertThrows(IllegalArgumentException.class, () -> loader.iterator(0, 3));
        assertTrue(loader.toString().contains("batchSize=2"));
    }

    private static List<Thread> loaderThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("descent-loader-")).toList();
    }

    private static float[] concat(float[] a, float[] b) {
        float[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
