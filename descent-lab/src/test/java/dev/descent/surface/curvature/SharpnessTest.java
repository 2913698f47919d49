package dev.descent.surface.curvature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Batch;
import dev.descent.data.Synthetic;
import dev.descent.landscape.analysis.SymmetricEigen;
import dev.descent.nn.zoo.Mlp;
import dev.descent.surface.Loss;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SharpnessTest {

    static List<Batch> moons(int n) {
        var d = Synthetic.moons(n, 0.1, 3).to(DType.FLOAT64);
        return List.of(d.batch(IntStream.range(0, n).toArray()));
    }

    /** A linear model under the square loss: the Hessian is constant, (1/N)Σ x̃x̃ᵀ per output with x̃ = [x; 1]. */
    static double linearLambdaMax(List<Batch> data) {
        double[] x = data.get(0).x().toDoubleArray();
        int n = data.get(0).size();
        double[][] c = new double[3][3];
        for (int i = 0; i < n; i++) {
            double[] xt = {x[2 * i], x[2 * i + 1], 1};
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    c[a][b] += xt[a] * xt[b] / n;
                }
            }
        }
        return SymmetricEigen.of(c).max();
    }

    @Test
    void onAQuadraticTheTrackedSharpnessIsTheConstantHessiansTopEigenvalue() {
        List<Batch> data = moons(100);
        double top = linearLambdaMax(data);
        Mlp linear = new Mlp(new int[] {2, 2}, "tanh", 0.0, DType.FLOAT64, new Generator(1));
        Sharpness.Result r = Sharpness.of(linear, data).lr(0.5 / top).steps(20).every(5).eigen(6, 1e-12).run();
        assertEquals(5, r.measuredAt().length);
        for (double v : r.lambdaMax()) {
            assertEquals(top, v, 1e-9 * top);
        }
    }

    @Test
    void gradientDescentOnAQuadraticIsStableBelowTwoOverLambdaAndDivergesAbove() {
        List<Batch> data = moons(100);
        double top = linearLambdaMax(data);
        Sharpness.Result stable = Sharpness.of(new Mlp(new int[] {2, 2}, "tanh", 0.0, DType.FLOAT64, new Generator(1)), data)
                .lr(1.9 / top).steps(200).every(200).eigen(6, 1e-9).run();
        assertTrue(stable.loss()[200] < stable.loss()[0]);
        assertTrue(stable.lambdaMax()[0] < stable.gdThreshold());
        Sharpness.Result unstable = Sharpness.of(new Mlp(new int[] {2, 2}, "tanh", 0.0, DType.FLOAT64, new Generator(1)),
                data).lr(2.1 / top).steps(600).every(600).eigen(6, 1e-9).run();
        assertTrue(unstable.loss()[600] > 1e6 * unstable.loss()[0], "diverges: " + unstable.loss()[600]);
        Sharpness far = Sharpness.of(new Mlp(new int[] {2, 2}, "tanh", 0.0, DType.FLOAT64, new Generator(1)), data)
                .lr(40 / top).steps(3000).every(3000).eigen(6, 1e-9);
        var e = assertThrows(ArithmeticException.class, far::run);
        assertTrue(e.getMessage().contains("diverged"), e.getMessage());
        // heavy-ball momentum β = 0.5 stays stable up to (2 + 2β)/λ = 3/λ
        Sharpness.Result heavy = Sharpness.of(new Mlp(new int[] {2, 2}, "tanh", 0.0, DType.FLOAT64, new Generator(1)), data)
                .lr(2.8 / top).momentum(0.5, false).steps(300).every(300).eigen(6, 1e-9).run();
        assertTrue(heavy.loss()[300] < heavy.loss()[0]);
        assertEquals(3 / (2.8 / top), heavy.momentumThreshold(), 1e-9);
    }

    /**
     * Cohen et al.: under full-batch GD the sharpness rises ("progressive sharpening") until it
     * reaches 2/lr, then hovers around it while the loss keeps falling, non-monotonically.
     */
    @Test
    void sharpnessRisesToTwoOverLrAndHoversAtTheEdgeOfStability() {
        Mlp net = new Mlp(new int[] {2, 32, 32, 2}, "tanh", 0.0, DType.FLOAT64, new Generator(1));
        Sharpness.Result r = Sharpness.of(net, moons(200)).lr(0.25).steps(600).every(30).eigen(20, 1e-3)
                .loss(Loss.HALF_SQUARE_ONE_HOT).run();
        double edge = r.gdThreshold();
        double[] l = r.lambdaMax();
        assertEquals(8.0, edge, 1e-12);
        assertTrue(l[0] < 0.75 * edge, "starts well below 2/lr: " + l[0]);
        double peak = java.util.Arrays.stream(l).max().orElseThrow();
        assertTrue(peak > 0.95 * edge, "progressive sharpening reaches 2/lr: peak " + peak);
        double last = l[l.length - 1];
        assertTrue(last > 0.85 * edge && last < 1.25 * edge, "ends hovering near 2/lr: " + last);
        boolean rose = false;
        for (int s = 1; s < r.loss().length; s++) {
            rose |= r.loss()[s] > r.loss()[s - 1];
        }
        assertTrue(rose, "the loss is non-monotone at the edge of stability");
        assertTrue(r.loss()[600] < 0.2 * r.loss()[0]);
        assertTrue(r.figure().toPng(1).length > 1000);
    }
}
