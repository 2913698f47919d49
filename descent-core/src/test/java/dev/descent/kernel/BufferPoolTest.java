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
        BufferPool.clear();
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
    void poisoningFillsGivenArraysWithNaN() {
        BufferPool.setPoisoning(true);
        float[] a = new float[N];
        BufferPool.giveFloats(a);
        assertTrue(Float.isNaN(a[0]) && Float.isNaN(a[N - 1]));
    }
}
