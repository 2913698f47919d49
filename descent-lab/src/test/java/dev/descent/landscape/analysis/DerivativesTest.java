package dev.descent.landscape.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.landscape.expr.Expr;
import dev.descent.landscape.expr.RandomExpressions;
import dev.descent.landscape.functions.FunctionLibrary;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DerivativesTest {

    private static LinkedHashMap<String, Double> point(List<String> names, double[] x) {
        LinkedHashMap<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < x.length; i++) {
            m.put(names.get(i), x[i]);
        }
        return m;
    }

    /**
     * The notes' example. The figure in the notes prints 26.3 for the slope of x² sin x at 3.6;
     * the slope is 2x sin x + x² cos x = -14.808 there (negative: the function falls to the right).
     */
    @Test
    void notesExampleSlopeOfXSquaredSinXAt3point6() {
        double x = 3.6;
        Derivatives d = Derivatives.at(Expr.parse("x^2*sin(x)"), Map.of("x", x));
        double slope = 2 * x * Math.sin(x) + x * x * Math.cos(x);
        double curvature = 2 * Math.sin(x) + 4 * x * Math.cos(x) - x * x * Math.sin(x);
        assertEquals(x * x * Math.sin(x), d.value(), 1e-15);
        assertEquals(slope, d.gradient()[0], 1e-13);
        assertEquals(-14.808136267413484, d.gradient()[0], 1e-12);
        assertEquals(curvature, d.hessian()[0][0], 1e-12);
    }

    static IntStream seeds() {
        return IntStream.range(0, 40);
    }

    /** The notes' bowl J = θ1² + θ2²: gradient (2θ1, 2θ2), Hessian 2I, everywhere. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void bowlGradientIsTwiceThePoint(int seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double t1 = seed == 0 ? 0 : rnd.nextDouble(-5, 5);
        double t2 = seed == 0 ? 0 : rnd.nextDouble(-5, 5);
        Derivatives d = Derivatives.at(FunctionLibrary.bowl(), t1, t2);
        assertArrayEquals(new double[] {2 * t1, 2 * t2}, d.gradient(), 0);
        assertArrayEquals(new double[] {2, 0}, d.hessian()[0], 0);
        assertArrayEquals(new double[] {0, 2}, d.hessian()[1], 0);
        Derivatives named = Derivatives.at(Expr.parse("t1^2 + t2^2"), point(List.of("t1", "t2"), new double[] {t1, t2}));
        assertArrayEquals(d.gradient(), named.gradient(), 0);
    }

    static IntStream randomCases() {
        return IntStream.range(0, 150);
    }

    /**
     * Autograd against central finite differences on random smooth expressions: the gradient against
     * differences of the value, the Hessian (double backward) against differences of the gradient.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("randomCases")
    void derivativesOfRandomExpressionsMatchFiniteDifferences(int seed) {
        SplittableRandom rnd = new SplittableRandom(1000 + seed);
        List<String> names = List.of("x", "y", "z");
        for (int attempt = 0; attempt < 50; attempt++) {
            Expr e = RandomExpressions.smooth(rnd, names, 1 + seed % 5);
            double[] x = {rnd.nextDouble(-2, 2), rnd.nextDouble(-2, 2), rnd.nextDouble(-2, 2)};
            Derivatives d = Derivatives.at(e, point(names, x));
            if (!Double.isFinite(d.value()) || Math.abs(d.value()) > 1e6) {
                continue; // a tree whose values explode (x^3 of x^3 of ...): draw another
            }
            double scale = Math.max(1, Math.abs(d.value()));
            for (int i = 0; i < 3; i++) {
                double h = 1e-5;
                double[] fd = new double[3];
                for (int j = 0; j < 3; j++) {
                    double[] plus = x.clone();
                    double[] minus = x.clone();
                    plus[j] += h;
                    minus[j] -= h;
                    fd[j] = (Derivatives.at(e, point(names, plus)).gradient()[i]
                            - Derivatives.at(e, point(names, minus)).gradient()[i]) / (2 * h);
                    double hScale = Math.max(scale, Math.abs(d.hessian()[i][j]));
                    assertEquals(fd[j], d.hessian()[i][j], 1e-5 * hScale,
                            "d2/d" + names.get(i) + "d" + names.get(j) + " of " + e);
                }
                double[] plus = x.clone();
                double[] minus = x.clone();
                plus[i] += h;
                minus[i] -= h;
                double fdGrad = (e.evaluate(point(names, plus)) - e.evaluate(point(names, minus))) / (2 * h);
                assertEquals(fdGrad, d.gradient()[i], 1e-5 * Math.max(scale, Math.abs(d.gradient()[i])),
                        "d/d" + names.get(i) + " of " + e);
            }
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    assertEquals(d.hessian()[i][j], d.hessian()[j][i], 0, "symmetry");
                }
            }
            return;
        }
        throw new AssertionError("no well-behaved expression in 50 draws");
    }

    @Test
    void variablesTheExpressionDoesNotUseGetZeroGradient() {
        Derivatives d = Derivatives.at(Expr.parse("x^3"), point(List.of("y", "x", "w"), new double[] {5, 2, -1}));
        assertEquals(List.of("y", "x", "w"), d.variables());
        assertArrayEquals(new double[] {0, 12, 0}, d.gradient(), 0);
        assertArrayEquals(new double[] {0, 0, 0}, d.hessian()[0], 0);
        assertArrayEquals(new double[] {0, 12, 0}, d.hessian()[1], 0);
        assertArrayEquals(new double[] {0, 0, 0}, d.hessian()[2], 0);
    }

    @Test
    void linearAndConstantExpressions() {
        Derivatives lin = Derivatives.at(Expr.parse("3*x - 2*y + 1"), point(List.of("x", "y"), new double[] {1, 1}));
        assertArrayEquals(new double[] {3, -2}, lin.gradient(), 0);
        assertArrayEquals(new double[][] {{0, 0}, {0, 0}}, lin.hessian());
        Derivatives c = Derivatives.at(Expr.parse("2*pi"), point(List.of("x"), new double[] {7}));
        assertEquals(2 * Math.PI, c.value(), 0);
        assertArrayEquals(new double[] {0}, c.gradient(), 0);
    }

    @Test
    void orderOfTheHessianFollowsThePoint() {
        Expr e = Expr.parse("x^2*y^3 + x");
        Derivatives xy = Derivatives.at(e, point(List.of("x", "y"), new double[] {2, 3}));
        Derivatives yx = Derivatives.at(e, point(List.of("y", "x"), new double[] {3, 2}));
        assertArrayEquals(new double[] {2 * 2 * 27 + 1, 4 * 27}, xy.gradient(), 1e-12);
        assertArrayEquals(new double[] {4 * 27, 2 * 2 * 27 + 1}, yx.gradient(), 1e-12);
        assertEquals(xy.hessian()[0][0], yx.hessian()[1][1], 0);
        assertEquals(2 * 3 * 2 * 9, xy.hessian()[0][1], 1e-12);
        Map<String, Double> unordered = new HashMap<>(Map.of("y", 3.0, "x", 2.0));
        assertEquals(List.of("x", "y"), Derivatives.at(e, unordered).variables());
    }

    @Test
    void missingVariableIsNamed() {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> Derivatives.at(Expr.parse("x + z"), point(List.of("x", "y"), new double[] {1, 2})));
        assertEquals("unknown variable 'z': no value given for it (values given for x, y)", ex.getMessage());
    }

    @Test
    void rosenbrockHessianAtTheMinimum() {
        Derivatives d = Derivatives.at(FunctionLibrary.rosenbrock(), 1, 1);
        assertArrayEquals(new double[] {802, -400}, d.hessian()[0], 1e-12);
        assertArrayEquals(new double[] {-400, 200}, d.hessian()[1], 1e-12);
        double[] eig = d.eigenvalues();
        assertEquals(0.399, eig[0], 5e-4); // landscape-methods.md §3
        assertEquals(1001.6, eig[1], 5e-2);
        assertTrue(eig[1] / eig[0] > 2500 && eig[1] / eig[0] < 2520, "condition number ~2508");
    }
}
