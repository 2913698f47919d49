package dev.descent.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pool hands back exactly the length asked for, zero-filled, and never holds more than its capacity. */
class BufferPoolTest {
    private static final int N = BufferPool.MIN_LENGTH + 3;

    @BeforeEach
    void empty() {
        BufferPool.setEnabled(true);
        BufferPool.clear();
    }

    @AfterEach
    void restore() {
        BufferPool.setPoisoning(false);
        BufferPool.setEnabled(true);
        BufferPool.setCapacityBytes(0);
    }

    @Test
    void givenArrayComesBackZeroFilledForItsExactLengthOnly() {
        float[] a = new float[N];
        Arrays.fill(a, 7f);
        BufferPool.giveFloats(a);
        assertEquals(4L * N, BufferPool.heldBytes());
        assertNull(BufferPool.takeFloats(N + 1), "another length is never served");
        assertNull(BufferPool.takeDoubles(N), "nor another type");
        float[] back = BufferPool.takeFloats(N);
        assertSame(a, back);
        for (float v : back) {
            assertEquals(0f, v);
        }
        assertNull(BufferPool.takeFloats(N), "each array is handed out once");
        assertEquals(0, BufferPool.heldBytes());

        double[] d = new double[N];
        Arrays.fill(d, -1.0);
        BufferPool.giveDoubles(d);
        assertSame(d, BufferPool.takeDoubles(N));
        assertEquals(0.0, Arrays.stream(d).map(Math::abs).sum());
    }

    @Test
    void unfilledTakesHandTheArrayBackAsItWasGiven() {
        float[] a = new float[N];
        Arrays.fill(a, 7f);
        BufferPool.giveFloats(a);
        float[] back = BufferPool.takeFloatsUnfilled(N);
        assertSame(a, back);
        assertEquals(7f, back[N - 1], "no fill: the caller overwrites every element");
        assertEquals(0, BufferPool.heldBytes());
        double[] d = new double[N];
        BufferPool.giveDoubles(d);
        assertNull(BufferPool.takeFloatsUnfilled(N), "the type still has to match");
        assertSame(d, BufferPool.takeDoublesUnfilled(N));
    }

    @Test
    void smallArraysAndDisabledPoolAreLeftToTheCollector() {
        BufferPool.giveFloats(new float[BufferPool.MIN_LENGTH - 1]);
        assertEquals(0, BufferPool.heldBytes());
        assertNull(BufferPool.takeFloats(BufferPool.MIN_LENGTH - 1));
        BufferPool.setEnabled(false);
        BufferPool.giveFloats(new float[N]);
        assertEquals(0, BufferPool.heldBytes());
        assertNull(BufferPool.takeFloats(N));
    }

    @Test
    void heldBytesNeverExceedTheCapacity() {
        BufferPool.setCapacityBytes(64L << 20);
        int n = 1 << 20; // 4 MiB of floats
        List<float[]> keep = new ArrayList<>();
        long given = 0;
        while (given <= BufferPool.capacityBytes() + 8L * n) {
            float[] a = new float[n];
            keep.add(a);
            BufferPool.giveFloats(a);
            given += 4L * n;
        }
        assertTrue(BufferPool.heldBytes() <= BufferPool.capacityBytes());
        assertTrue(BufferPool.heldBytes() >= BufferPool.capacityBytes() - 4L * n, "fills up to the capacity");
    }

    @Test
    void lengthsNobodyAsksForLeaveAfterTheStaleAge() {
        int old = N;
        int live = 2 * N;
        BufferPool.giveFloats(new float[old]);
        BufferPool.giveFloats(new float[old]);
        BufferPool.giveFloats(new float[live]);
        // only the live length is asked for and given back: the old one goes stale
        for (int i = 0; i < BufferPool.STALE_AFTER / 2 - BufferPool.SWEEP_PERIOD; i++) {
            BufferPool.giveFloats(BufferPool.takeFloats(live));
        }
        assertEquals(2, BufferPool.heldFloats(old), "not stale yet");
        for (int i = 0; i < BufferPool.STALE_AFTER / 2 + BufferPool.SWEEP_PERIOD; i++) {
            BufferPool.giveFloats(BufferPool.takeFloats(live));
        }
        assertEquals(0, BufferPool.heldFloats(old), "stale length dropped");
        assertEquals(1, BufferPool.heldFloats(live));
        assertEquals(4L * live, BufferPool.heldBytes());
    }

    @Test
    void overCapacityTheLeastRecentlyUsedLengthMakesRoom() {
        BufferPool.setCapacityBytes(4L * 4 * N);
        BufferPool.giveFloats(new float[N]);
        BufferPool.giveFloats(new float[N]);
        BufferPool.giveFloats(new float[N + 1]);
        assertEquals(2, BufferPool.heldFloats(N));
        BufferPool.giveFloats(new float[2 * N]); // does not fit: the oldest length (N) goes
        assertEquals(0, BufferPool.heldFloats(N));
        assertEquals(1, BufferPool.heldFloats(N + 1));
        assertEquals(1, BufferPool.heldFloats(2 * N));
        assertTrue(BufferPool.heldBytes() <= BufferPool.capacityBytes());
    }

    @Test
    void poisoningFillsGivenArraysWithNaN() {
        BufferPool.setPoisoning(true);
        float[] a = new float[N];
        BufferPool.giveFloats(a);
        assertTrue(Float.isNaN(a[0]) && Float.isNaN(a[N - 1]));
    }
}
