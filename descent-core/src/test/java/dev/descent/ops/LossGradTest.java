package dev.descent.ops;

import static dev.descent.ops.NnTestSupport.assertClose;
import static dev.descent.ops.NnTestSupport.assertFloat32Agrees;
import static dev.descent.ops.NnTestSupport.assertGrad;
import static dev.descent.ops.NnTestSupport.assertGrad2;
import static dev.descent.ops.NnTestSupport.between;
import static dev.descent.ops.NnTestSupport.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LossGradTest {

    static LongStream seeds() {
        return LongStream.range(0, 16);
    }

    /** Random class problem: logits of rank 1 to 4, targets with some ignored, optional weights and smoothing. */
    record ClassCase(int[] logitShape, int[] targetShape, int c, Tensor logits, Tensor target, Tensor weight,
                     int ignoreIndex, double eps, Reduction reduction) {
        static ClassCase random(long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            int rank = between(r, 1, 4);
            int c = between(r, 1, 4);
            int[] ls = new int[rank];
            ls[0] = rank == 1 ? c : between(r, 1, 3);
            if (rank > 1) {
                ls[1] = c;
            }
            for (int d = 2; d < rank; d++) {
                ls[d] = between(r, 1, 3);
            }
            int[] ts;
            if (rank == 1) {
                ts = new int[0];
            } else {
                ts = new int[rank - 1];
                ts[0] = ls[0];
                System.arraycopy(ls, 2, ts, 1, rank - 2);
            }
            int ignore = r.nextBoolean() ? Losses.IGNORE_INDEX : r.nextInt(c);
            Tensor logits = uniform(r, ls).mul(3.0);
            int nt = 1;
            for (int d : ts) {
                nt *= d;
            }
            double[] tv = new double[nt];
            for (int i = 0; i < nt; i++) {
                tv[i] = r.nextInt(5) == 0 ? ignore : r.nextInt(c);
            }
            Tensor weight = r.nextBoolean() ? uniform(r, c).add(1.5) : null;
            double eps = r.nextBoolean() ? 0.0 : r.nextDouble(0, 1);
            Reduction red = Reduction.values()[r.nextInt(3)];
            return new ClassCase(ls, ts, c, logits, Tensor.of(tv).reshape(ts), weight, ignore, eps, red);
        }

        Tensor apply(Tensor z) {
            return Losses.crossEntropy(z, target, weight, ignoreIndex, eps, reduction);
        }

        @Override
        public String toString() {
            return "logits " + Arrays.toString(logitShape) + " weight " + (weight != null) + " ignore " + ignoreIndex
                    + " eps " + eps + " " + reduction;
        }
    }

    /** log-softmax over dim 1 of the [N, C, S] view, as [N·S][C]. */
    static double[][] logSoftmax(double[] z, int n, int c, int s) {
        double[][] out = new double[n * s][c];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < s; b++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < c; k++) {
                    max = Math.max(max, z[(a * c + k) * s + b]);
                }
                double sum = 0;
                for (int k = 0; k < c; k++) {
                    sum += Math.exp(z[(a * c + k) * s + b] - max);
                }
                for (int k = 0; k < c; k++) {
                    out[a * s + b][k] = z[(a * c + k) * s + b] - max - Math.log(sum);
                }
            }
        }
        return out;
    }

    /** PyTorch's composition: (1 − ε)·nll_loss(log_softmax) + ε/C·(smooth loss reduced with the same denominator). */
    static double[] referenceCrossEntropy(ClassCase k) {
        int[] ls = k.logitShape();
        int n = ls.length == 1 ? 1 : ls[0];
        int c = k.c();
        int s = 1;
        for (int d = 2; d < ls.length; d++) {
            s *= ls[d];
        }
        double[][] logp = logSoftmax(k.logits().toDoubleArray(), n, c, s);
        double[] y = k.target().toDoubleArray();
        double[] w = k.weight() == null ? null : k.weight().toDoubleArray();
        double[] nll = new double[n * s];
        double[] smooth = new double[n * s];
        double wsum = 0;
        for (int i = 0; i < n * s; i++) {
            int cls = (int) y[i];
            if (cls == k.ignoreIndex()) {
                continue;
            }
            double wy = w == null ? 1 : w[cls];
            nll[i] = -wy * logp[i][cls];
            wsum += wy;
            for (int j = 0; j < c; j++) {
                smooth[i] -= (w == null ? 1 : w[j]) * logp[i][j];
            }
        }
        double e = k.eps();
        switch (k.reduction()) {
            case NONE -> {
                double[] out = new double[n * s];
                for (int i = 0; i < out.length; i++) {
                    out[i] = (1 - e) * nll[i] + e / c * smooth[i];
                }
                return out;
            }
            case SUM -> {
                return new double[] {(1 - e) * Arrays.stream(nll).sum() + e / c * Arrays.stream(smooth).sum()};
            }
            default -> {
                return new double[] {(1 - e) * Arrays.stream(nll).sum() / wsum + e / c * Arrays.stream(smooth).sum() / wsum};
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void crossEntropyMatchesPyTorchComposition(long seed) {
        ClassCase k = ClassCase.random(seed);
        Tensor out = k.apply(k.logits());
        int[] expectedShape = k.reduction() == Reduction.NONE ? k.targetShape() : new int[0];
        assertArrayEquals(expectedShape, out.shape(), k.toString());
        assertClose(referenceCrossEntropy(k), out.toDoubleArray(), 1e-12, k.toString());
        if (!Double.isNaN(out.toDoubleArray()[0])) {
            assertFloat32Agrees(k.toString(), t -> k.apply(t[0]), k.logits());
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void crossEntropyGradientsFirstAndSecondOrder(long seed) {
        ClassCase k = ClassCase.random(seed);
        if (k.reduction() == Reduction.MEAN && Double.isNaN(k.apply(k.logits()).item())) {
            return; // every target ignored: covered by its own test
        }
        assertGrad(k.toString(), t -> k.apply(t[0]), k.logits());
        assertGrad2(k.toString(), t -> k.apply(t[0]), k.logits());
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void probabilityTargetsWithSmoothingAndWeights(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = between(r, 1, 3);
        int c = between(r, 2, 4);
        int s = between(r, 1, 2);
        Tensor z = uniform(r, n, c, s).mul(2.0);
        double[] raw = uniform(r, n, c, s).add(1.1).toDoubleArray();
        double[] probs = new double[raw.length];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < s; b++) {
                double sum = 0;
                for (int j = 0; j < c; j++) {
                    sum += raw[(a * c + j) * s + b];
                }
                for (int j = 0; j < c; j++) {
                    probs[(a * c + j) * s + b] = raw[(a * c + j) * s + b] / sum;
                }
            }
        }
        Tensor t = Tensor.of(probs, n, c, s);
        Tensor w = r.nextBoolean() ? uniform(r, c).add(1.5) : null;
        double eps = r.nextBoolean() ? 0 : 0.2;
        Reduction red = Reduction.values()[r.nextInt(3)];
        double[][] logp = logSoftmax(z.toDoubleArray(), n, c, s);
        double[] per = new double[n * s];
        for (int i = 0; i < n * s; i++) {
            for (int j = 0; j < c; j++) {
                double tj = probs[((i / s) * c + j) * s + i % s] * (1 - eps) + eps / c;
                per[i] -= (w == null ? 1 : w.toDoubleArray()[j]) * tj * logp[i][j];
            }
        }
        double total = Arrays.stream(per).sum();
        double[] expected = switch (red) {
            case NONE -> per;
            case SUM -> new double[] {total};
            case MEAN -> new double[] {total / (n * s)};
        };
        Tensor out = Losses.crossEntropy(z, t, w, Losses.IGNORE_INDEX, eps, red);
        assertClose(expected, out.toDoubleArray(), 1e-12, "probability targets");
        assertGrad("probability targets", a -> Losses.crossEntropy(a[0], a[1], w, -100, eps, red), z, t);
        assertGrad2("probability targets", a -> Losses.crossEntropy(a[0], a[1], w, -100, eps, red), z, t);
    }

    @Test
    void everyTargetIgnoredGivesNaNMeanAndZeroGradient() {
        Tensor z = uniform(new SplittableRandom(4), 3, 4).requiresGrad_(true);
        Tensor y = Tensor.of(new double[] {-100, -100, -100});
        Tensor loss = Losses.crossEntropy(z, y);
        assertTrue(Double.isNaN(loss.item()));
        loss.backward();
        assertArrayEquals(new double[12], z.grad().toDoubleArray());
        assertEquals(0.0, Losses.crossEntropy(z, y, null, -100, 0.1, Reduction.SUM).item());
        assertTrue(Double.isNaN(Losses.nllLoss(z, y).item()));
    }

    @Test
    void hugeLogitsStayFinite() {
        Tensor z = Tensor.of(new double[] {1000, 0, -1000, 1000, 1000, 0}, 2, 3);
        Tensor y = Tensor.of(new double[] {1, 0});
        Tensor loss = Losses.crossEntropy(z, y, null, -100, 0, Reduction.NONE);
        assertClose(new double[] {1000, Math.log(2)}, loss.toDoubleArray(), 1e-12, "stable");
        Tensor f32 = Losses.crossEntropy(z.to(DType.FLOAT32), y, null, -100, 0, Reduction.NONE);
        assertClose(new double[] {1000, Math.log(2)}, f32.toDoubleArray(), 1e-6, "stable float32");
    }

    @Test
    void gradientIsSoftmaxMinusOneHot() {
        Tensor z = Tensor.of(new double[] {1, 2, 3}, 1, 3).requiresGrad_(true);
        Losses.crossEntropy(z, Tensor.of(new double[] {2})).backward();
        double e = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertClose(new double[] {Math.exp(1) / e, Math.exp(2) / e, Math.exp(3) / e - 1}, z.grad().toDoubleArray(), 1e-12,
                "softmax - onehot");
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void nllLossPicksWeightedLogProbabilities(long seed) {
        ClassCase k = ClassCase.random(seed);
        Tensor x = k.logits();
        Tensor out = Losses.nllLoss(x, k.target(), k.weight(), k.ignoreIndex(), k.reduction());
        // cross entropy without smoothing is nll of the log-softmax
        int[] ls = k.logitShape();
        int n = ls.length == 1 ? 1 : ls[0];
        int s = ls.length <= 2 ? 1 : x.numel() / (n * k.c());
        double[][] logp = logSoftmax(x.toDoubleArray(), n, k.c(), s);
        double[] lp = new double[x.numel()];
        for (int i = 0; i < n * s; i++) {
            for (int j = 0; j < k.c(); j++) {
                lp[((i / s) * k.c() + j) * s + i % s] = logp[i][j];
            }
        }
        Tensor logProbs = Tensor.of(lp, ls);
        assertClose(Losses.crossEntropy(x, k.target(), k.weight(), k.ignoreIndex(), 0, k.reduction()).toDoubleArray(),
                Losses.nllLoss(logProbs, k.target(), k.weight(), k.ignoreIndex(), k.reduction()).toDoubleArray(),
                1e-12, "nll of log-softmax");
        if (!Double.isNaN(out.toDoubleArray()[0])) {
            assertGrad("nll " + k, t -> Losses.nllLoss(t[0], k.target(), k.weight(), k.ignoreIndex(), k.reduction()).pow(2.0), x);
            assertGrad2("nll " + k, t -> Losses.nllLoss(t[0], k.target(), k.weight(), k.ignoreIndex(), k.reduction()).pow(2.0), x);
        }
    }

    @Test
    void classTargetsAreValidated() {
        Tensor z = Tensor.zeros(DType.FLOAT64, 8, 4);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> Losses.crossEntropy(z, Tensor.full(DType.FLOAT64, 4, 8)));
        assertEquals("crossEntropy: target 4 at position 0 is out of bounds for 4 classes (input [8, 4]); "
                + "use class indices in [0, 4) or ignoreIndex -100", e.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> Losses.crossEntropy(z, Tensor.zeros(8, 1)));
        assertEquals("crossEntropy: expected target [8] (class indices) or [8, 4] (class probabilities) for input [8, 4],"
                + " got [8, 1]", shape.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(z, Tensor.full(DType.FLOAT64, 0.5, 8)));
        assertThrows(IllegalArgumentException.class,
                () -> Losses.crossEntropy(z, Tensor.zeros(8), null, -100, 1.5, Reduction.MEAN));
        assertThrows(IllegalArgumentException.class,
                () -> Losses.crossEntropy(z, Tensor.zeros(8), Tensor.ones(3), -100, 0, Reduction.MEAN));
    }

    // ---------------------------------------------------------------- regression losses

    interface Loss {
        Tensor apply(Tensor x, Tensor y, Reduction r);
    }

    static double[] closedForm(String kind, double p, double[] x, double[] y) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - y[i];
            double a = Math.abs(d);
            out[i] = switch (kind) {
                case "mse" -> d * d;
                case "l1" -> a;
                case "huber" -> a < p ? 0.5 * d * d : p * (a - 0.5 * p);
                default -> a < p ? 0.5 * d * d / p : a - 0.5 * p;
            };
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void regressionLossesMatchClosedFormsAndDifferentiateTwice(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] shape = {between(r, 1, 3), between(r, 1, 4)};
        Tensor x = uniform(r, shape).mul(2.0);
        Tensor y = uniform(r, shape).mul(2.0);
        double p = r.nextDouble(0.3, 1.5);
        Reduction red = Reduction.values()[r.nextInt(3)];
        String[] kinds = {"mse", "l1", "huber", "smoothL1"};
        Loss[] losses = {
            Losses::mse, Losses::l1, (a, b, q) -> Losses.huber(a, b, p, q), (a, b, q) -> Losses.smoothL1(a, b, p, q)
        };
        for (int i = 0; i < kinds.length; i++) {
            Loss f = losses[i];
            double[] per = closedForm(kinds[i], p, x.toDoubleArray(), y.toDoubleArray());
            double total = Arrays.stream(per).sum();
            double[] expected = switch (red) {
                case NONE -> per;
                case SUM -> new double[] {total};
                case MEAN -> new double[] {total / per.length};
            };
            assertClose(expected, f.apply(x, y, red).toDoubleArray(), 1e-12, kinds[i]);
            assertFloat32Agrees(kinds[i], t -> f.apply(t[0], t[1], red), x, y);
            assertGrad(kinds[i], t -> f.apply(t[0], t[1], red), x, y);
            assertGrad2(kinds[i], t -> f.apply(t[0], t[1], red).pow(2.0), x, y);
        }
    }

    @Test
    void huberIsDeltaTimesSmoothL1AndBetaZeroIsL1() {
        SplittableRandom r = new SplittableRandom(11);
        Tensor x = uniform(r, 20).mul(3.0);
        Tensor y = uniform(r, 20);
        double delta = 0.7;
        assertClose(Losses.smoothL1(x, y, delta, Reduction.NONE).mul(delta).toDoubleArray(),
                Losses.huber(x, y, delta, Reduction.NONE).toDoubleArray(), 1e-12, "huber = delta * smoothL1");
        assertClose(Losses.l1(x, y, Reduction.NONE).toDoubleArray(),
                Losses.smoothL1(x, y, 0, Reduction.NONE).toDoubleArray(), 0, "beta 0");
    }

    @Test
    void mismatchedShapesAreAnErrorNotABroadcast() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.mse(Tensor.zeros(4, 1), Tensor.zeros(4)));
        assertTrue(e.getMessage().startsWith("mse: input [4, 1] and target [4] differ in shape"), e.getMessage());
    }

    // ---------------------------------------------------------------- binary cross entropy with logits

    @ParameterizedTest
    @MethodSource("seeds")
    void bceWithLogitsMatchesTheDefinitionAndDifferentiatesTwice(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = between(r, 1, 3);
        int c = between(r, 1, 4);
        Tensor x = uniform(r, n, c).mul(4.0);
        Tensor y = uniform(r, n, c).add(1.0).mul(0.5);
        Tensor pw = r.nextBoolean() ? uniform(r, c).add(2.0) : null;
        Tensor w = r.nextBoolean() ? uniform(r, n, 1).add(2.0) : null;
        Reduction red = Reduction.values()[r.nextInt(3)];
        double[] xv = x.toDoubleArray();
        double[] yv = y.toDoubleArray();
        double[] per = new double[xv.length];
        for (int i = 0; i < per.length; i++) {
            double s = 1 / (1 + Math.exp(-xv[i]));
            double p = pw == null ? 1 : pw.toDoubleArray()[i % c];
            double wi = w == null ? 1 : w.toDoubleArray()[i / c];
            per[i] = -wi * (p * yv[i] * Math.log(s) + (1 - yv[i]) * Math.log(1 - s));
        }
        double total = Arrays.stream(per).sum();
        double[] expected = switch (red) {
            case NONE -> per;
            case SUM -> new double[] {total};
            case MEAN -> new double[] {total / per.length};
        };
        assertClose(expected, Losses.binaryCrossEntropyWithLogits(x, y, w, pw, red).toDoubleArray(), 1e-10, "bce");
        assertFloat32Agrees("bce", t -> Losses.binaryCrossEntropyWithLogits(t[0], t[1],
                w == null ? null : w.to(t[0].dtype()), pw == null ? null : pw.to(t[0].dtype()), red), x, y);
        if (pw == null) {
            assertGrad("bce", t -> Losses.binaryCrossEntropyWithLogits(t[0], t[1], w, null, red), x, y);
            assertGrad2("bce", t -> Losses.binaryCrossEntropyWithLogits(t[0], t[1], w, null, red), x, y);
        } else {
            assertGrad("bce pw", t -> Losses.binaryCrossEntropyWithLogits(t[0], t[1], w, t[2], red), x, y, pw);
            assertGrad2("bce pw", t -> Losses.binaryCrossEntropyWithLogits(t[0], t[1], w, t[2], red), x, y, pw);
        }
    }

    @Test
    void bceWithLogitsIsStableForHugeLogits() {
        Tensor x = Tensor.of(new double[] {1000, -1000, 1000, -1000});
        Tensor y = Tensor.of(new double[] {1, 0, 0, 1});
        assertClose(new double[] {0, 0, 1000, 1000},
                Losses.binaryCrossEntropyWithLogits(x, y, null, null, Reduction.NONE).toDoubleArray(), 1e-12, "stable");
        Tensor xg = x.requiresGrad_(true);
        Losses.binaryCrossEntropyWithLogits(xg, y, null, null, Reduction.SUM).backward();
        assertClose(new double[] {0, 0, 1, -1}, xg.grad().toDoubleArray(), 1e-12, "sigmoid(x) - y");
    }
}
