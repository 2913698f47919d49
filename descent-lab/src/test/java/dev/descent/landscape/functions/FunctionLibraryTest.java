package dev.descent.landscape.functions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.autograd.Engine;
import dev.descent.landscape.CriticalPoint;
import dev.descent.landscape.PointType;
import dev.descent.landscape.analysis.Classification;
import dev.descent.landscape.analysis.CriticalPoints;
import dev.descent.landscape.analysis.Derivatives;
import dev.descent.landscape.expr.Expr;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class FunctionLibraryTest {

    static Stream<String> names() {
        return FunctionLibrary.names().stream();
    }

    static Stream<Arguments> listedPoints() {
        List<Arguments> out = new ArrayList<>();
        for (TestFunction f : FunctionLibrary.all()) {
            for (CriticalPoint p : f.criticalPoints()) {
                out.add(Arguments.of(f.name(), p));
            }
        }
        return out.stream();
    }

    /** Each listed point: the value is right, the gradient vanishes, the Hessian gives the listed type. */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("listedPoints")
    void listedCriticalPointsAreCriticalWithTheListedTypeAndValue(String name, CriticalPoint p) {
        TestFunction f = FunctionLibrary.get(name);
        double[] x = p.location();
        assertEquals(p.value(), f.valueAt(x), 1e-12 * Math.max(1, Math.abs(p.value())));
        Derivatives d = Derivatives.at(f, x);
        if (!Double.isFinite(d.gradientNorm())) {
            // Ackley's kink at the origin: no gradient; check it is a strict minimum by looking around
            assertEquals(PointType.MINIMUM, p.type());
            for (int k = 0; k < 16; k++) {
                double a = 2 * Math.PI * k / 16;
                for (double r : new double[] {1e-6, 1e-3, 0.1}) {
                    assertTrue(f.valueAt(x[0] + r * Math.cos(a), x[1] + r * Math.sin(a)) > p.value());
                }
            }
            return;
        }
        Classification c = d.classify(new Classification.Tolerances(1e-9, 1e-8));
        assertEquals(p.type(), c.type(), c::toString);
    }

    /**
     * Where a function says its list is complete, a Newton search over the domain finds exactly the
     * listed points (and no others).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void completeListsMatchAGridSearch(String name) {
        TestFunction f = FunctionLibrary.get(name);
        if (!f.allCriticalPointsListed()) {
            return;
        }
        List<CriticalPoint> found = CriticalPoints.find(f, f.domain(), f.dimension() == 1 ? 120 : 20);
        assertEquals(f.criticalPoints().size(), found.size(), () -> "found " + found);
        for (CriticalPoint listed : f.criticalPoints()) {
            assertTrue(found.stream().anyMatch(q -> q.type() == listed.type() && distance(q, listed) < 1e-7),
                    () -> listed + " not among " + found);
        }
    }

    private static double distance(CriticalPoint a, CriticalPoint b) {
        double s = 0;
        for (int i = 0; i < a.dimension(); i++) {
            s += (a.coordinate(i) - b.coordinate(i)) * (a.coordinate(i) - b.coordinate(i));
        }
        return Math.sqrt(s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void metadataIsConsistent(String name) {
        TestFunction f = FunctionLibrary.get(name);
        assertEquals(name, f.name());
        assertEquals(f.expression(), Expr.parse(f.formula()), "the formula round-trips");
        assertEquals(f.dimension(), f.domain().dimension());
        assertTrue(f.variables().containsAll(f.expression().variables()));
        assertTrue(!f.description().isBlank());
        f.globalMinimum().ifPresent(g -> {
            assertEquals(g.value(), f.valueAt(g.location()), 1e-12);
            assertTrue(f.criticalPoints().stream().anyMatch(p -> p.equals(g)), "the global minimum is listed");
            for (CriticalPoint p : f.criticalPoints()) {
                assertTrue(g.value() <= p.value() + 1e-12, p + " lies below the global minimum");
            }
        });
        for (CriticalPoint p : f.criticalPoints()) {
            assertTrue(f.domain().contains(p.location(), 0), p + " outside " + f.domain());
        }
    }

    /** The function of tensors is the formula: same value, and autograd through it gives the gradient. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void valueOfTensorsTrainsLikeAModule(String name) {
        TestFunction f = FunctionLibrary.get(name);
        SplittableRandom rnd = new SplittableRandom(name.hashCode());
        double[] x = new double[f.dimension()];
        Tensor[] coords = new Tensor[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextDouble(f.domain().lower(i), f.domain().upper(i));
            coords[i] = Tensor.scalar(x[i]).requiresGrad_(true);
        }
        Tensor loss = f.value(coords);
        assertEquals(f.valueAt(x), loss.item(), 1e-12 * Math.max(1, Math.abs(loss.item())));
        loss.backward();
        double[] expected = Derivatives.at(f, x).gradient();
        for (int i = 0; i < x.length; i++) {
            assertEquals(expected[i], coords[i].grad().item(), 1e-12 * Math.max(1, Math.abs(expected[i])));
        }
        Tensor theta = Tensor.of(x).requiresGrad_(true);
        Tensor viaVector = f.valueOfVector(theta);
        viaVector.backward();
        assertArrayEquals(expected, theta.grad().toDoubleArray(), 1e-9 * Math.max(1, Math.abs(expected[0])));
    }

    @Test
    void evaluatesAGridInOneCall() {
        TestFunction f = FunctionLibrary.himmelblau();
        Tensor xs = Tensor.of(new double[] {-5, 0, 3, 4.5});
        Tensor ys = Tensor.of(new double[] {-5, 0, 2, -1});
        Tensor v = f.value(xs, ys);
        for (int i = 0; i < 4; i++) {
            assertEquals(f.valueAt(xs.get(i), ys.get(i)), v.get(i), 1e-12);
        }
    }

    /** Values from landscape-methods.md §5 (own BFGS/fsolve check there), to their printed precision. */
    @ParameterizedTest(name = "{0}{1} = {2}")
    @CsvSource(delimiter = '|', value = {
        "styblinski-tang | (-2.903534, -2.903534) | -78.33233  | 5",
        "styblinski-tang | (-2.903534, 2.746803)  | -64.19561  | 5",
        "styblinski-tang | (2.746803, 2.746803)   | -50.05889  | 5",
        "six-hump-camel  | (0.089842, -0.712656)  | -1.0316285 | 7",
        "six-hump-camel  | (-0.089842, 0.712656)  | -1.0316285 | 7",
        "six-hump-camel  | (1.703607, -0.796084)  | -0.215464  | 6",
        "six-hump-camel  | (1.607105, 0.568651)   | 2.104250   | 6",
        "rastrigin       | (0.99496, 0.99496)     | 1.98992    | 5",
        "beale           | (3, 0.5)               | 0          | 12",
        "rosenbrock      | (1, 1)                 | 0          | 12",
        "goldstein-price | (0, -1)                | 3          | 10",
        "ackley          | (0, 0)                 | 0          | 12",
        "himmelblau      | (-0.270845, -0.923039) | 181.617    | 3",
        "himmelblau      | (0.086678, 2.884255)   | 67.72      | 2",
    })
    void referenceValues(String name, String at, double value, int decimals) {
        String[] parts = at.replaceAll("[()]", "").split(",");
        double[] x = {Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip())};
        assertEquals(value, FunctionLibrary.get(name).valueAt(x), 0.5 * Math.pow(10, -decimals) + 1e-12);
    }

    @Test
    void ravineTakesAConditionNumber() {
        TestFunction plain = FunctionLibrary.get("ravine");
        assertEquals("0.5*(x^2 + 100*y^2)", plain.formula());
        TestFunction k = FunctionLibrary.get("ravine:kappa=1000");
        assertEquals("ravine:kappa=1000", k.name());
        assertArrayEquals(new double[] {1, 1000}, Derivatives.at(k, 0.3, -0.2).eigenvalues(), 1e-12);
        assertEquals("ravine:kappa=2.5", FunctionLibrary.get("Ravine:κ=2.5").name());
        assertEquals("ravine", FunctionLibrary.get("ravine:kappa=100").name());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "sphere           | unknown function 'sphere' (known: x2sinx, bowl, ravine, rosenbrock, beale, himmelblau, saddle, monkey-saddle, rastrigin, ackley, styblinski-tang, six-hump-camel, goldstein-price, two-pits, two-basins)",
        "ravine:kappa=-1  | ravine: kappa must be a positive finite number, got -1",
        "ravine:kappa=abc | ravine: kappa must be a number, got 'abc'",
        "ravine:beta=2    | ravine takes one parameter, kappa: write ravine:kappa=1000, got 'ravine:beta=2'",
        "beale:kappa=2    | function 'beale' takes no parameters (only ravine does: ravine:kappa=1000)",
    })
    void badNamesAreExplained(String name, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FunctionLibrary.get(name));
        assertEquals(message, e.getMessage());
    }

    // ------------------------------------------------------------------ the demos

    /** Where a run ends: torch.optim SGD (b = momentum*b + g, first b = g; theta -= lr*b), our own loop. */
    private static double[] descend(TestFunction f, DescentDemo demo, double momentum) {
        double[] theta = demo.start();
        double[] buffer = null;
        for (int step = 0; step < demo.steps(); step++) {
            Tensor[] coords = new Tensor[theta.length];
            for (int i = 0; i < theta.length; i++) {
                coords[i] = Tensor.scalar(theta[i]).requiresGrad_(true);
            }
            Tensor[] grads = Engine.grad(new Tensor[] {f.value(coords)}, null, coords, false, false, true);
            double[] g = new double[theta.length];
            for (int i = 0; i < g.length; i++) {
                g[i] = grads[i] == null ? 0 : grads[i].item();
            }
            if (momentum != 0) {
                if (buffer == null) {
                    buffer = g.clone();
                } else {
                    for (int i = 0; i < g.length; i++) {
                        buffer[i] = momentum * buffer[i] + g[i];
                    }
                }
                g = buffer;
            }
            for (int i = 0; i < theta.length; i++) {
                theta[i] -= demo.lr() * g[i];
            }
        }
        return theta;
    }

    private static CriticalPoint nearestMinimum(TestFunction f, double[] x) {
        CriticalPoint best = null;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (CriticalPoint p : f.criticalPoints()) {
            double d = 0;
            for (int i = 0; i < x.length; i++) {
                d += (p.coordinate(i) - x[i]) * (p.coordinate(i) - x[i]);
            }
            if (p.type() == PointType.MINIMUM && d < bestDistance) {
                best = p;
                bestDistance = d;
            }
        }
        assertTrue(Math.sqrt(bestDistance) < 1e-4, "the run ended at a minimum");
        return best;
    }

    private static void momentumCrossesTheShallowMinimum(TestFunction f) {
        DescentDemo demo = f.demo().orElseThrow();
        CriticalPoint deep = f.globalMinimum().orElseThrow();
        CriticalPoint plain = nearestMinimum(f, descend(f, demo, 0));
        CriticalPoint heavy = nearestMinimum(f, descend(f, demo, demo.momentum()));
        assertTrue(plain.value() > deep.value() + 0.5, "plain GD stops in the shallow minimum: " + plain);
        assertEquals(deep, heavy, "momentum reaches the deep minimum");
    }

    @Test
    void momentumCrossesShallowPitIntoDeeperOne() {
        momentumCrossesTheShallowMinimum(FunctionLibrary.twoPits());
    }

    @Test
    void momentumLeavesTheShallowBasinForTheDeeperOne() {
        momentumCrossesTheShallowMinimum(FunctionLibrary.twoBasins());
    }
}
