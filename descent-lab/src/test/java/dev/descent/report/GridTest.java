package dev.descent.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GridTest {

    @Test
    void bilinearInterpolationIsExactForBilinearFunctions() {
        Grid g = Grid.sample((x, y) -> 1 + 2 * x - 3 * y + x * y, -1, 2, 7, 0, 3, 5);
        assertEquals(1 + 2 * 0.3 - 3 * 1.7 + 0.3 * 1.7, g.valueAt(0.3, 1.7), 1e-12);
    }

    @Test
    void gradientOfAPlaneIsItsSlope() {
        Grid g = Grid.sample((x, y) -> 3 * x - 2 * y, -1, 1, 9, -1, 1, 9);
        assertArrayEquals(new double[] {3, -2}, g.gradientAt(0.37, -0.81), 1e-12);
    }

    @Test
    void gradientPointsUphill() {
        Grid g = SampleData.himmelblauGrid(201);
        double[] num = g.gradientAt(1, -3.2);
        double[] exact = SampleData.himmelblauGradient(1, -3.2);
        double cos = (num[0] * exact[0] + num[1] * exact[1]) / (Math.hypot(num[0], num[1]) * Math.hypot(exact[0], exact[1]));
        assertTrue(cos > 0.999, "finite differences follow the true gradient, cos = " + cos);
    }

    @Test
    void shapeErrorsNameTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new Grid(new double[] {0, 1}, new double[] {0, 1, 2}, new double[2][2]));
        assertTrue(e.getMessage().contains("z[ny][nx]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Grid(new double[] {0, 0}, new double[] {0, 1}, new double[2][2]));
        assertTrue(e.getMessage().contains("strictly increasing"), e.getMessage());
    }
}
