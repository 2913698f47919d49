package dev.descent.surface.curvature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.landscape.analysis.SymmetricEigen;
import dev.descent.tensor.Generator;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every iterative estimate against the dense eigendecomposition (Jacobi) of the Hessian of a
 * 67-parameter tanh MLP on 60 points, formed column by column from exact HVPs.
 */
class EigenSolversTest {
    static double[][] hessian;
    static SymmetricEigen exact;
    static LinearOperator op;
    static double trace;

    @BeforeAll
    static void formHessian() {
        HessianVectorProduct h = new HessianVectorProduct(Tiny.mlp(1), Tiny.data(60, 2));
        hessian = LinearOperator.symmetrize(h.toDense());
        exact = SymmetricEigen.of(hessian);
        op = LinearOperator.dense(hessian);
        trace = 0;
        for (int i = 0; i < hessian.length; i++) {
            trace += hessian[i][i];
        }
    }

    /** Exact eigenvalues sorted by decreasing magnitude. */
    static double[] byMagnitude() {
        return Arrays.stream(exact.values()).boxed().sorted(Comparator.comparingDouble(v -> -Math.abs(v)))
                .mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void powerIterationWithDeflationFindsTheLargestMagnitudeEigenvalues() {
        double[] want = byMagnitude();
        Eigenpairs p = PowerIteration.top(op, 3, 5000, 1e-12, new Generator(1));
        for (int k = 0; k < 3; k++) {
            assertEquals(want[k], p.values()[k], 1e-6 * Math.abs(want[0]), "eigenvalue " + k + ": " + p);
            // the vector is an eigenvector: ‖Hv − λv‖ small
            assertTrue(p.residuals()[k] < 1e-3 * Math.abs(want[0]), "residual " + p.residuals()[k]);
        }
        int total = IntStream.of(p.iterations()).sum();
        assertEquals(total, p.products());
    }

    @Test
    void powerIterationWithPyHessianDefaultsIsCloseAndSpreadOverSeedsIsSmall() {
        double top = byMagnitude()[0];
        double[] est = new double[8];
        for (int seed = 0; seed < est.length; seed++) {
            Eigenpairs p = PowerIteration.top(op, 1, new Generator(seed)); // maxIter 100, tol 1e-3
            est[seed] = p.values()[0];
            assertTrue(p.iterations()[0] <= 100);
        }
        Spread s = Spread.of(est);
        assertEquals(top, s.mean(), 0.02 * Math.abs(top), "mean over seeds " + s);
        assertTrue(s.max() <= top * (1 + 1e-9), "a Rayleigh quotient never exceeds λmax: " + s);
        assertTrue(s.std() < 0.02 * Math.abs(top), "spread over 8 seeds " + s);
    }

    @Test
    void lanczosWithFullReorthogonalizationFindsTopFive() {
        double[] desc = exact.values().clone();
        Eigenpairs p = Lanczos.top(op, 5, 67, 1e-10, new Generator(2));
        assertTrue(p.allConverged(), p.toString());
        for (int k = 0; k < 5; k++) {
            assertEquals(desc[desc.length - 1 - k], p.values()[k], 1e-8 * Math.abs(desc[desc.length - 1]), p.toString());
            double[] r = op.apply(p.vectors()[k]);
            Vectors.axpy(-p.values()[k], p.vectors()[k], r);
            assertTrue(Vectors.norm(r) < 1e-6 * Math.abs(desc[desc.length - 1]), "true residual " + Vectors.norm(r));
        }
        assertTrue(p.products() < 67, "converged before the full dimension: " + p.products());
    }

    @Test
    void lanczosSmallestAndLargestMagnitude() {
        Eigenpairs lo = Lanczos.eigenpairs(op, 2, Lanczos.Which.SMALLEST, 67, 1e-10, new Generator(3));
        assertEquals(exact.min(), lo.values()[0], 1e-8 * Math.abs(exact.max()));
        assertEquals(exact.values()[1], lo.values()[1], 1e-8 * Math.abs(exact.max()));
        Eigenpairs lm = Lanczos.eigenpairs(op, 1, Lanczos.Which.LARGEST_MAGNITUDE, 67, 1e-10, new Generator(3));
        assertEquals(byMagnitude()[0], lm.values()[0], 1e-8 * Math.abs(exact.max()));
    }

    @Test
    void lanczosOnAnInvariantSubspaceStopsWithExactValues() {
        double[][] a = Tiny.withSpectrum(new double[] {5, 5, 5, -1, -1, 2}, 4); // three distinct values
        Lanczos.Run run = Lanczos.run(LinearOperator.dense(a), Vectors.gaussian(6, new Generator(1)), 6);
        assertTrue(run.invariant());
        assertEquals(3, run.steps());
        double[] ritz = run.ritz().values();
        assertEquals(-1, ritz[0], 1e-12);
        assertEquals(2, ritz[1], 1e-12);
        assertEquals(5, ritz[2], 1e-12);
    }

    @Test
    void hutchinsonTraceIsWithinItsStandardErrors() {
        HutchinsonTrace.Result r = HutchinsonTrace.estimate(op, 30, 400, 1e-4, new Generator(5));
        assertTrue(Math.abs(r.estimate() - trace) < 4 * r.standardError() + 1e-9 * Math.abs(trace),
                "estimate " + r.estimate() + " ± " + r.standardError() + " vs trace " + trace);
        assertEquals(r.samples(), r.history().length);
        // exact for a diagonal matrix: vᵀDv = Σ d_i for any ±1 vector
        double[][] d = new double[5][5];
        for (int i = 0; i < 5; i++) {
            d[i][i] = i - 1.5;
        }
        HutchinsonTrace.Result rd = HutchinsonTrace.estimate(LinearOperator.dense(d), new Generator(1));
        assertEquals(2.5, rd.estimate(), 1e-12);
        assertEquals(2, rd.samples(), "PyHessian's rule stops at the second equal sample");
    }

    @Test
    void slqQuadratureIsExactForLowDegreeMoments() {
        int n = hessian.length;
        int m = 10;
        Generator g = new Generator(6);
        SpectralDensity.Result r = SpectralDensity.estimate(op, m, 1, new Generator(6));
        double[] v = Vectors.normalize(Vectors.rademacher(n, g)); // the same probe
        double[] w = v.clone();
        double scale = Math.abs(exact.max());
        for (int p = 0; p < 2 * m; p++) { // vᵀ H^p v for p < 2m
            double want = Vectors.dot(v, w);
            int power = p;
            double got = r.moment(t -> Math.pow(t, power));
            assertEquals(want, got, 1e-8 * Math.pow(scale, p), "moment " + p);
            w = op.apply(w);
        }
        assertEquals(1.0, Arrays.stream(r.weights()[0]).sum(), 1e-12);
    }

    @Test
    void slqWithFullKrylovSpaceRecoversTheSpectrumAndDensityApproachesIt() {
        int n = hessian.length;
        SpectralDensity.Result full = SpectralDensity.estimate(op, n, 1, new Generator(7));
        double[] nodes = full.nodes()[0];
        // the Krylov space of a generic probe is invariant after as many steps as there are distinct
        // eigenvalues (the zero eigenvalue of this Hessian is repeated: softmax ignores a shift of all
        // logits), and every node is then an exact eigenvalue
        assertTrue(nodes.length < n && nodes.length > n / 2, "nodes " + nodes.length);
        for (double t : nodes) {
            double nearest = Arrays.stream(exact.values()).map(l -> Math.abs(l - t)).min().orElseThrow();
            assertTrue(nearest < 1e-7 * Math.abs(exact.max()), "node " + t + " is " + nearest + " from the spectrum");
        }
        // many short runs: n·(mean first moment) estimates the trace, as Hutchinson does
        SpectralDensity.Result many = SpectralDensity.estimate(op, 12, 60, new Generator(8));
        double est = n * many.moment(t -> t);
        assertEquals(trace, est, 0.2 * Math.abs(trace) + 0.1 * exact.max(), "SLQ trace " + est + " vs " + trace);
        SpectralDensity.Curve c = many.smooth();
        double area = 0;
        for (int j = 0; j < c.grid().length; j++) {
            area += c.density()[j] * (c.grid()[1] - c.grid()[0]);
        }
        assertEquals(1.0, area, 1e-9);
        assertEquals(1e-5 * Math.max(1, (c.grid()[c.grid().length - 1] - c.grid()[0])), c.variance(), 1e-12);
    }
}
