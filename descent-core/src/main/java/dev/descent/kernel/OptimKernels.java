package dev.descent.kernel;

/**
 * Fused, in-place optimizer updates: one pass over memory per parameter tensor.
 *
 * <p>Each kernel reads the parameter {@code p[po .. po+n)}, its gradient {@code g[go .. go+n)} and
 * the algorithm's state arrays (indexed from 0), and writes the new parameter and state in place.
 * The order of floating-point operations is exactly that of PyTorch 1.13's single-tensor loop (for
 * NAdam: the foreach loop), scalar by scalar; hyperparameters are rounded to the tensor's type first,
 * as ATen does with Python scalars. ATen's CPU {@code add(x, alpha)} and {@code addcmul} are fused
 * multiply-adds ({@code fma(alpha, x, self)}, {@code fma(value·t1, t2, self)}) while {@code addcdiv}
 * is not ({@code self + value·t1/t2}); the kernels use {@link Math#fma} in exactly those places,
 * which makes float64 trajectories bit-identical to PyTorch's.
 *
 * <p>Every kernel has three layers: the public entry splits large tensors across threads
 * ({@link #setThreads}), {@code xxxRange} picks the vector path when {@code jdk.incubator.vector} is
 * present (SGD, Adam, AdamW, RMSprop, Adagrad, NAdam, Lion and the finiteness check), and {@code xxxReference} is the plain scalar
 * loop. The vector path performs the same IEEE operations lane by lane, so it is bit-identical to
 * the reference; the tests check this.
 *
 * <p>Generated from one template for float and double ({@code scripts/gen/optim_kernels.py}); edit
 * the template, not this file.
 */
public final class OptimKernels {
    /** Elements per thread below which a tensor is updated on the calling thread. */
    public static final int GRAIN = 1 << 15;

    private static final boolean VECTOR_PRESENT = detectVector();
    private static volatile boolean vectorEnabled = VECTOR_PRESENT;

    private OptimKernels() {}

    private static boolean detectVector() {
        if (Boolean.getBoolean("descent.noVector")) {
            return false;
        }
        try {
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
                return false;
            }
            return OptimVector.available();
        } catch (Throwable t) {
            return false;
        }
    }

    /** True when the Vector API paths are in use. */
    public static boolean vectorized() {
        return vectorEnabled;
    }

    /** Turns the Vector API paths off (or back on, if the module is present). For tests and benchmarks. */
    public static void setVectorized(boolean on) {
        vectorEnabled = on && VECTOR_PRESENT;
    }

    /** Threads used for one large tensor: {@link Parallel#threads()}, shared by every kernel. */
    public static int threads() {
        return OptimParallel.threads();
    }

    /** Sets the kernel thread count ({@link Parallel#setThreads(int)}, which every kernel shares). */
    public static void setThreads(int n) {
        OptimParallel.setThreads(n);
    }

    private static float sqrt(float x) {
        return (float) Math.sqrt(x);
    }

    private static double sqrt(double x) {
        return Math.sqrt(x);
    }

    /** torch.sign: 1, −1 or 0, and 0 for NaN. */
    static float sign(float x) {
        return (x > 0 ? 1f : 0f) - (x < 0 ? 1f : 0f);
    }

    /** torch.sign: 1, −1 or 0, and 0 for NaN. */
    static double sign(double x) {
        return (x > 0 ? 1.0 : 0.0) - (x < 0 ? 1.0 : 0.0);
    }

    /** torch.clamp: min first, then max; NaN stays NaN. */
    static float clamp(float x, float lo, float hi) {
        return Math.min(Math.max(x, lo), hi);
    }

    /** torch.clamp: min first, then max; NaN stays NaN. */
    static double clamp(double x, double lo, double hi) {
        return Math.min(Math.max(x, lo), hi);
    }

    /** Index (relative to {@code off}) of the first NaN or infinity in {@code a[off .. off+n)}, or −1. */
    public static int firstNonFinite(float[] a, int off, int n) {
        if (OptimParallel.chunks(n, GRAIN) > 1) {
            java.util.concurrent.atomic.AtomicInteger first = new java.util.concurrent.atomic.AtomicInteger(Integer.MAX_VALUE);
            OptimParallel.forRange(n, GRAIN, (s, e) -> {
                int k = firstNonFiniteRange(a, off + s, e - s);
                if (k >= 0) {
                    first.accumulateAndGet(s + k, Math::min);
                }
            });
            return first.get() == Integer.MAX_VALUE ? -1 : first.get();
        }
        return firstNonFiniteRange(a, off, n);
    }

    private static int firstNonFiniteRange(float[] a, int off, int n) {
        return vectorized() ? OptimVector.firstNonFinite(a, off, n) : firstNonFiniteReference(a, off, n);
    }

    /** Index (relative to {@code off}) of the first NaN or infinity in {@code a[off .. off+n)}, or −1. */
    public static int firstNonFinite(double[] a, int off, int n) {
        if (OptimParallel.chunks(n, GRAIN) > 1) {
            java.util.concurrent.atomic.AtomicInteger first = new java.util.concurrent.atomic.AtomicInteger(Integer.MAX_VALUE);
            OptimParallel.forRange(n, GRAIN, (s, e) -> {
                int k = firstNonFiniteRange(a, off + s, e - s);
                if (k >= 0) {
                    first.accumulateAndGet(s + k, Math::min);
                }
            });
            return first.get() == Integer.MAX_VALUE ? -1 : first.get();
        }
        return firstNonFiniteRange(a, off, n);
    }

    private static int firstNonFiniteRange(double[] a, int off, int n) {
        return vectorized() ? OptimVector.firstNonFinite(a, off, n) : firstNonFiniteReference(a, off, n);
    }

    /**
     * Runs {@code task(0) .. task(n−1)} across the optimizer threads, in contiguous runs balanced by
     * {@code cost} (for example each tensor's element count); kernels called inside run on the calling
     * thread. Used to update many small tensors in parallel instead of splitting each one.
     */
    public static void parallelFor(int n, long[] cost, java.util.function.IntConsumer task) {
        OptimParallel.forTasks(n, cost, task);
    }

    static int firstNonFiniteReference(float[] a, int off, int n) {
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(a[off + i])) {
                return i;
            }
        }
        return -1;
    }

    static int firstNonFiniteReference(double[] a, int off, int n) {
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(a[off + i])) {
                return i;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- float32

    /** SGD with momentum, dampening, Nesterov, L2 weight decay, maximize (torch {@code _single_tensor_sgd}).
{@code buf} may be null when momentum is 0; {@code first} marks the step that creates the buffer (b = g, no dampening). */
    public static void sgd(float[] p, int po, float[] g, int go, float[] buf, int n, double lr, double momentum, double dampening, double weightDecay, boolean nesterov, boolean maximize, boolean first) {
        if (OptimParallel.chunks(n, GRAIN) <= 1) {
            sgdRange(p, po, g, go, buf, lr, momentum, dampening, weightDecay, nesterov, maximize, first, 0, n);
        } else {
            OptimParallel.forRange(n, GRAIN, (s, e) -> sgdRange(p, po, g, go, buf, lr, momentum, dampening, weightDecay, nesterov, maximize, first, s, e));
        }
    }

    /** The same update over elements {@code [from, to)}, vectorized when possible. */
    static void sgdRange(float[] p, int po, float[] g, int go, float[] buf, double lr, double momentum, double dampening, double weightDecay, boolean nesterov, boolean maximize, boolean first, int from, int to) {
        if (vectorized() && OptimVector.sgd(p, po, g, go, buf, lr, momentum, dampening, weightDecay, nesterov, maximize, first, from, to)) {
            return;
        }
        sgdReference(p, po, g, go, buf, lr, momentum, dampening, weightDecay, nesterov, maximize, first, from, to);
    }

    /** Scalar reference loop of {@link #sgd}: the slow twin every fast path is tested against. */
    static void sgdReference(float[] p, int po, float[] g, int go, float[] buf, double lr, double momentum, double dampening, double weightDecay, boolean nesterov, boolean maximize, boolean first, int from, int to) {
        float momentumT = (float) momentum, omdT = (float) (1 - dampening), weightDecayT = (float) weightDecay, negLrT = (float) (-lr);
        for (int i = from; i < to; i++) {
            float d = maximize ? -g[go + i] : g[go + i];
            if (weightDecay != 0) {
                d = Math.fma(weightDecayT, p[po + i], d);
            }
            if (momentum != 0) {
                float b = first ? d : Math.fma(omdT, d, buf[i] * momentumT);
                buf[i] = b;
                d = nesterov ? Math.fma(momentumT, b, d) : b;
            }
            p[po + i] = Math.fma(negLrT, d, p[po + i]);
        }
    }

    /** Adam / AdamW (torch 1.13 {@code _single_tensor_adam}); {@code vmax} is null unless amsgrad.
{@code decay} = 1 − lr·λ for decoupled weight decay (AdamW), else 1; {@code weightDecay} is the L2 coefficient. */
    public static void adam(float[] p, int po, float[] g, int go, float[] m, float[] v, float[] vmax, int n, double beta1, double beta2, double negStepSize, double bc2Sqrt, double eps, double weightDecay, double decay, boolean maximize) {
        if (OptimParallel.chunks(n, GRAIN) <= 1) {
            adamRange(p, po, g, go, m, v, vmax, beta1, beta2, negStepSize, bc2Sqrt, eps, weightDecay, decay, maximize, 0, n);
        } else {
            OptimParallel.forRange(n, GRAIN, (s, e) -> adamRange(p, po, g, go, m, v, vmax, beta1, beta2, negStepSize, bc2Sqrt, eps, weightDecay, decay, maximize, s, e));
        }
    }

    /** The same update over elements {@code [from, to)}, vectorized when possible. */
    static void adamRange(float[] p, int po, float[] g, int go, float[] m, float[] v, float[] vmax, double beta1, double beta2, double negStepSize, double bc2Sqrt, double eps, double weightDecay, double decay, boolean maximize, int from, int to) {
        if (vectorized() && OptimVector.adam(p, po, g, go, m, v, vmax, beta1, beta2, negStepSize, bc2Sqrt, eps, weightDecay, decay, maximize, from, to)) {
            return;
        }
        adamReference(p, po, g, go, m, v, vmax, beta1, beta2, negStepSize, bc2Sqrt, eps, weightDecay, decay, maximize, from, to);
    }

    /** Scalar reference loop of {@link #adam}: the slow twin every fast path is tested against. */
    static void adamReference(float[] p, int po, float[] g, int go, float[] m, float[] v, float[] vmax, double beta1, double beta2, double negStepSize, double bc2Sqrt, double eps, double weightDecay, double decay, boolean maximize, int from, int to) {
        float beta1T = (float) beta1, omb1 = (float) (1 - beta1), beta2T = (float) beta2, omb2 = (float) (1 - beta2);
        float bc2SqrtT = (float) bc2Sqrt, epsT = (float) eps, weightDecayT = (float) weightDecay, decayT = (float) decay, negStepSizeT = (float) negStepSize;
        for (int i = from; i < to; i++) {
            float gi = maximize ? -g[go + i] : g[go + i];
            float pi = p[po + i] * decayT;
            if (weightDecay != 0) {
                gi = Math.fma(weightDecayT, pi, gi);
            }
            float mi = Math.fma(omb1, gi, m[i] * beta1T);
            float vi = Math.fma(omb2 * gi, gi, v[i] * beta2T);
            m[i] = mi;
            v[i] = vi;
            if (vmax != null) {
                vi = Math.max(vmax[i], vi);
                vmax[i] = vi;
            }
            float denom = sqrt(vi) / bc2SqrtT + epsT;
            p[po + i] = pi + negStepSizeT * mi / denom;
        }
    }

    /** Adagrad: sum += g², θ += −clr·g/(√sum + eps). */
    public static void adagrad(float[] p, int po, float[] g, int go, float[] sum, int n, double negClr, double eps, double weightDecay, boolean maximize) {
        if (OptimParallel.chunks(n, GRAIN) <= 1) {
            adagradRange(p, po, g, go, sum, negClr, eps, weightDecay, maximize, 0, n);
        } else {
            OptimParallel.forRange(n, GRAIN, (s, e) -> adagradRange(p, po, g, go, sum, negClr, eps, weightDecay, maximize, s, e));
        }
    }

    /** The same update over elements {@code [from, to)}, vectorized when possible. */
    static void adagradRange(float[] p, int po, float[] g, int go, float[] sum, double negClr, double eps, double weightDecay, boolean maximize, int from, int to) {
        if (vectorized() && OptimVector.adagrad(p, po, g, go, sum, negClr, eps, weightDecay, maximize, from, to)) {
            return;
        }
        adagradReference(p, po, g, go, sum, negClr, eps, weightDecay, maximize, from, to);
    }

    /** Scalar reference loop of {@link #adagrad}: the slow twin every fast path is tested against. */
    static void adagradReference(float[] p, int po, float[] g, int go, float[] sum, double negClr, double eps, double weightDecay, boolean maximize, int from, int to) {
        float negClrT = (float) negClr, epsT = (float) eps, weightDecayT = (float) weightDecay;
        for (int i = from; i < to; i++) {
            float gi = maximize ? -g[go + i] : g[go + i];
            if (weightDecay != 0) {
                gi = Math.fma(weightDecayT, p[po + i], gi);
            }
            float s = Math.fma(1f * gi, gi, sum[i]);
            sum[i] = s;
            p[po + i] = p[po + i] + negClrT * gi / (sqrt(s) + epsT);
        }
    }

    /** RMSprop (eps outside the square root); {@code gavg} null unless centered, {@code buf} null unless momentum > 0. */
    public static void rmsprop(float[] p, int po, float[] g, int go, float[] sq, float[] gavg, float[] buf, int n, double lr, double alpha, double eps, double weightDecay, double momentum, boolean maximize) {
        if (OptimParallel.chunks(n, GRAIN) <= 1) {
            rmspropRange(p, po, g, go, sq, gavg, buf, lr, alpha, eps, weightDecay, momentum, maximize, 0, n);
        } else {
            OptimParallel.forRange(n, GRAIN, (s, e) -> rmspropRange(p, po, g, go, sq, gavg, buf, lr, alpha, eps, weightDecay, momentum, maximize, s, e));
        }
    }

    /** The same update over elements {@code [from, to)}, vectorized when possible. */
    static void rmspropRange(float[] p, int po, float[] g, int go, float[] sq, float[] gavg, float[] buf, double lr, double alpha, double eps, double weightDecay, double momentum, boolean maximize, int from, int to) {
        if (vectorized() && OptimVector.rmsprop(p, po, g, go, sq, gavg, buf, lr, alpha, eps, weightDecay, momentum, maximize, from, to)) {
            return;
        }
        rmspropReference(p, po, g, go, sq, gavg, buf, lr, alpha, eps, weightDecay, momentum, maximize, from, to);
    }

    /** Scalar reference loop of {@link #rmsprop}: the slow twin every fast path is tested against. */
    static void rmspropReference(float[] p, int po, float[] g, int go, float[] sq, float[] gavg, float[] buf, double lr, double alpha, double eps, double weightDecay, double momentum, boolean maximize, int from, int to) {
        float alphaT = (float) alpha, omaT = (float) (1 - alpha), epsT = (float) eps, weightDecayT = (float) weightDecay, momentumT = (float) momentum, negLrT = (float) (-lr);
        for (int i = from; i < to; i++) {
            float gi = maximize ? -g[go + i] : g[go + i];
            if (weightDecay != 0) {
                gi = Math.fma(weightDecayT, p[po + i], gi);
            }
            float s = Math.fma(omaT * gi, gi, sq[i] * alphaT);
            sq[i] = s;
            float avg;
            if (gavg != null) {
                float ga = Math.fma(omaT, gi, gavg[i] * alphaT);
                gavg[i] = ga;
                avg = sqrt(Math.fma(-1f * ga, ga, s));
            } else {
                avg = sqrt(s);
            }
            avg = avg + epsT;
            if (buf != null) {
                float b = buf[i] * momentumT + 1f * gi / avg;
                buf[i] = b;
                p[po + i] = Math.fma(negLrT, b, p[po + i]);
            } else {
                p[po + i] = p[po + i] + negLrT * gi / avg;
            }
        }
    }

    /** Adadelta (eps inside both square roots). */
    public static void adadelta(float[] p, int po, float[] g, int go, float[] sq, float[] acc, int n, double lr, double rho, double eps, double weightDecay, boolean maximize) {
        if (OptimParallel.chunks(n, GRAIN) <= 1) {
            adadeltaRange(p, po, g, go, sq, acc, lr, rho, eps, weightDecay, maximize, 0, n);
        } else {
            OptimParallel.forRange(n, GRAIN, (s, e) -> adadeltaRange(p, po, g, go, sq, acc, lr, rho, eps, weightDecay, maximize, s, e));
        }
    }

    /** The same update over elements {@code [from, to)}, vectorized when possible. */
    static void adadeltaRange(float[] p, int po, float[] g, int go, float[] sq, float[] acc, double lr, double rho, double eps, double weightDecay, boolean maximize, int from, int to) {
        adadeltaReference(p, po, g, go, sq, acc, lr, rho, eps, weightDecay, maximize, from, to);
    }

    /** Scalar reference loop of {@link #adadelta}: the slow twin every fast path is tested against. */
    static void adadeltaReference(float[] p, int po, float[] g, int go, float[] sq, float[] acc, double lr, double rho, double eps, double weightDecay, boolean maximize, int from, int to) {
        float rhoT = (float) rho, omrT = (float) (1 - rho), epsT = (float) eps, weightDecayT = (float) weightDecay, negLrT = (float) (-lr);
        for (int i = from; i < to; i++) {
            float gi = maximize ? -g[go + i] : g[go + i];
            if (weightDecay != 0) {
                gi = Math.fma(weightDecayT, p[po + i], gi);
            }
            float s = Math.fma(omrT * gi, gi, sq[i] * rhoT);
            sq[i] = s;
            float std = sqrt(s + epsT);
            float delta = sqrt(acc[i] + epsT) / std * gi;
            acc[i] = Math.fma(omrT * delta, delta, acc[i] * rhoT);
            p[po + i] = Math.fma(negLrT, delta, p[po + i]);
        }
    }

    /** Adamax: u = max(β2·u, |g| + eps), θ += −clr·m/u. */
    public static void adamax(float[] p, int po, float[] g, int go, float[] m, float[] u, int n, double beta1, double beta2, double eps, double negClr, double weightDecay, boolean maximize) {
        if (OptimParallel.chunks(n, GRAIN) <= 1) {
            adamaxRange(p, po, g, go, m, u, beta1, beta2, eps, negClr, weightDecay, maximize, 0, n);
        } else {
            OptimParallel.forRange(n, GRAIN, (s, e) -> adamaxRange(p, po, g, go, m, u, beta1, beta2, eps, negClr, weightDecay, maximize, s, e));
        }
    }

    /** The same update over elements {@code [from, to)}, vectorized when possible. */
    static void adamaxRange(float[] p, int po, float[] g, int go, float[] m, float[] u, double beta1, double beta2, double eps, double negClr, double weightDecay, boolean maximize, int from, int to) {
        adamaxReference(p, po, g, go, m, u, beta1, beta2, eps, negClr, weightDecay, maximize, from, to);
    }

    /** Scalar reference loop of {@link #adamax}: the slow twin every fast path is tested against. */
    static void adamaxReference(float[] p, int po, float[] g, int go, float[] m, float[] u, double beta1, double beta2, double eps, double negClr, double weightDecay, boolean maximize, int from, int to) {
        float beta1T = (float) beta1, omb1 = (float) (1 - beta1), beta2T = (float) beta2, epsT = (float) eps, negClrT = (float) negClr, weightDecayT = (float) weightDecay;
        for (int i = from; i < to; i++) {
            float gi = maximize ? -g[go + i] : g[go + i];
            if (weightDecay != 0) {
                gi = Math.fma(weightDecayT, p[po + i], gi);
            }
            float mi = Math.fma(omb1, gi, m[i] * beta1T);
            m[i] = mi;
            float ui = Math.max(u[i] * beta2T, Math.abs(gi) + epsT);
            u[i] = ui;
            p[po + i] = p[po + i] + negClrT * mi / ui;
        }
    }

    /** NAdam in torch's foreach order: denom = √v/√bc2 + eps; θ += sg·g/denom; θ += sm·m/denom. */
    public static void nadam(float[] p, int po, float[] g, int go, float[] m, float[] v, int n, double beta1, double beta2, double bc2Sqrt, double eps, double stepGrad, double stepAvg, double weightDecay, double decay, boolean maximize) {
        if (OptimParallel.chunks(n, GRAIN) <= 1) {
            nadamRange(p, po, g, go, m, v, beta1, beta2, bc2Sqrt, eps, stepGrad, stepAvg, weightDecay, decay, maximize, 0, n);
        } else {
            OptimParallel.forRange(n, GRAIN, (s, e) -> nadamRange(p, po, g, go, m, v, beta1, beta2, bc2Sqrt, eps, stepGrad, stepAvg, weightDecay, decay, maximize, s, e));
        }
    }

    /** The same update over elements {@code [from, to)}, vectorized when possible. */
    static void nadamRange(float[] p, int po, float[] g, int go, float[] m, float[] v, double beta1, double beta2, double bc2Sqrt, double eps, double stepGrad, double stepAvg, double weightDecay, double decay, boolean maximize, int from, int to) {
        if (vectorized() && OptimVector.nadam(p, po, g, go, m, v, beta1, beta2, bc2Sqrt, eps, stepGrad, stepAvg, weightDecay, decay, maximize, from, to)) {
            return;
        }
        nadamReference(p, po, g, go, m, v, beta1, beta2, bc2Sqrt, eps, stepGrad, stepAvg, weightDecay, decay, maximize, from, to);
    }

    /** Scalar reference loop of {@link #nadam}: the slow twin every fast path is tested against. */
    static void nadamReference(float[] p, int po, float[] g, int go, float[] m, float[] v, double beta1, double beta2, double bc2Sqrt, double eps, double stepGrad, double stepAvg, double weightDecay, double decay, boolean maximize, int from, int to) {
        float beta1T = (float) beta1, omb1 = (float) (1 - beta1), beta2T = (float) beta2, omb2 = (float) (1 - beta2), bc2SqrtT = (float) bc2Sqrt, epsT = (float) eps;
        float stepGradT = (float) stepGrad, stepAvgT = (float) stepAvg, weightDecayT = (float) weightDecay, decayT = (float) decay;
        for (int i = from; i < to; i++) {
            float gi = maximize ? -g[go + i] : g[go + i];
            float pi = p[po + i] * decayT;
            if (weightDecay != 0) {
                gi = Math.fma(weightDecayT, pi, gi);
            }
            float mi = Math.fma(omb1, gi, m[i] * beta1T);
            float vi = Math.fma(omb2 * gi, gi, v[i] * beta2T);
            m[i] = mi;
            v[i] = vi;
            float denom = sqrt(vi) / bc2SqrtT + epsT;
            pi = pi + stepGradT * gi / denom;
            p[po + i] = pi + stepAvgT * mi / denom;
        }
    }

    /** RAdam; {@code rect} is NaN for the un-rectified steps (ρ_t ≤ 5). */
    public static void radam(float[] p, int po, float[] g, int go, float[] m, float[] v, int n, double beta1, double beta2, double bc1, double lr, double rect, double bc2Sqrt, double eps, double weightDecay, double decay, boolean maximize) {
        if (OptimParallel.chunks(n, GRAIN) <= 1) {
            radamRange(p, po, g, go, m, v, beta1, beta2, bc1, lr, rect, bc2Sqrt, eps, weightDecay, decay, maximize, 0, n);
        } else {
            OptimParallel.forRange(n, GRAIN, (s, e) -> radamRange(p, po, g, go, m, v, beta1, beta2, bc1, lr, rect, bc2Sqrt, eps, weightDecay, decay, maximize, s, e));
        }
    }

    /** The same update over elements {@code [from, to)}, vectorized when possible. */
    static void radamRange(float[] p, int po, float[] g, int go, float[] m, float[] v, double beta1, double beta2, double bc1, double lr, double rect, double bc2Sqrt, double eps, double weightDecay, double decay, boolean maximize, int from, int to) {
        radamReference(p, po, g, go, m, v, beta1, beta2, bc1, lr, rect, bc2Sqrt, eps, weightDecay, decay, maximize, from, to);
    }

    /** Scalar reference loop of {@link #radam}: the slow twin every fast path is tested against. */
    static void radamReference(float[] p, int po, float[] g, int go, float[] m, float[] v, double beta1, double beta2, double bc1, double lr, double rect, double bc2Sqrt, double eps, double weightDecay, double decay, boolean maximize, int from, int to) {
        float beta1T = (float) beta1, omb1 = (float) (1 - beta1), beta2T = (float) beta2, omb2 = (float) (1 - beta2), bc1T = (float) bc1, lrT = (float) lr;
        float rectT = (float) rect, bc2SqrtT = (float) bc2Sqrt, epsT = (float) eps, weightDecayT = (float) weightDecay, decayT = (float) decay;
        boolean rectified = !Double.isNaN(rect);
        for (int i = from; i < to; i++) {
            float gi = maximize ? -g[go + i] : g[go + i];
            float pi = p[po + i] * decayT;
            if (weightDecay != 0) {
                gi = Math.fma(weightDecayT, pi, gi);
            }
            float mi = Math.fma(omb1, gi, m[i] * beta1T);
            float vi = Math.fma(omb2 * gi, gi, v[i] * beta2T);
            m[i] = mi;
            v[i] = vi;
            float mhat = mi / bc1T;
            if (rectified) {
                float adaptive = 1f / (sqrt(vi) + epsT) * bc2SqrtT;
                p[po + i] = pi + -1f * (mhat * lrT * adaptive * rectT);
            } else {
                p[po + i] = pi + -1f * (mhat * lrT);
            }
        }
    }

    /** ASGD: θ ← θ·(1 − λη); θ += −η·g; ax averaging (mu == 1 copies θ). */
    public static void asgd(float[] p, int po, float[] g, int go, float[] ax, int n, double shrink, double negEta, double mu, double weightDecay, boolean maximize) {
        if (OptimParallel.chunks(n, GRAIN) <= 1) {
            asgdRange(p, po, g, go, ax, shrink, negEta, mu, weightDecay, maximize, 0, n);
        } else {
            OptimParallel.forRange(n, GRAIN, (s, e) -> asgdRange(p, po, g, go, ax, shrink, negEta, mu, weightDecay, maximize, s, e));
        }
    }

    /** The same update over elements {@code [from, to)}, vectorized when possible. */
    static void asgdRange(float[] p, int po, float[] g, int go, float[] ax, double shrink, double negEta, double mu, double weightDecay, boolean maximize, int from, int to) {
        asgdReference(p, po, g, go, ax, shrink, negEta, mu, weightDecay, maximize, from, to);
    }

    /** Scalar reference loop of {@link #asgd}: the slow twin every fast path is tested against. */
    static void asgdReference(float[] p, int po, float[] g, int go, float[] ax, double shrink, double negEta, double mu, double weightDecay, boolean maximize, int from, int to) {
        float shrinkT = (float) shrink, negEtaT = (float) negEta, muT = (float) mu, weightDecayT = (float) weightDecay;
        boolean copy = mu == 1;
        for (int i = from; i < to; i++) {
            float gi = maximize ? -g[go + i] : g[go + i];
            if (weightDecay != 0) {
                gi = Math.fma(weightDecayT, p[po + i], gi);
            }
            float pi = p[po + i] * shrinkT;
            pi = Math.fma(negEtaT, gi, pi);
            p[po + i] = pi;
            ax[i] = copy ? pi : ax[i] + (pi - ax[i]) * muT;
        }
    }

    /** Rprop (iRprop−): per-element step sizes adapted by the sign of g·prev. */
    public static void rprop(float[] p, int po, float[] g, int go, float[] prev, float[] stepSize, int n, double etaMinus, double etaPlus, double stepMin, double stepMax, boolean maximize) {
        if (OptimParallel.chunks(n, GRAIN) <= 1) {
            rpropRange(p, po, g, go, prev, stepSize, etaMinus, etaPlus, stepMin, stepMax, maximize, 0, n);
        } else {
            OptimParallel.forRange(n, GRAIN, (s, e) -> rpropRange(p, po, g, go, prev, stepSize, etaMinus, etaPlus, stepMin, stepMax, maximize, s, e));
        }
    }

    /** The same update over elements {@code [from, to)}, vectorized when possible. */
    static void rpropRange(float[] p, int po, float[] g, int go, float[] prev, float[] stepSize, double etaMinus, double etaPlus, double stepMin, double stepMax, boolean maximize, int from, int to) {
        rpropReference(p, po, g, go, prev, stepSize, etaMinus, etaPlus, stepMin, stepMax, maximize, from, to);
    }

    /** Scalar reference loop of {@link #rprop}: the slow twin every fast path is tested against. */
    static void rpropReference(float[] p, int po, float[] g, int go, float[] prev, float[] stepSize, double etaMinus, double etaPlus, double stepMin, double stepMax, boolean maximize, int from, int to) {
        float etaMinusT = (float) etaMinus, etaPlusT = (float) etaPlus, stepMinT = (float) stepMin, stepMaxT = (float) stepMax;
        for (int i = from; i < to; i++) {
            float gi = maximize ? -g[go + i] : g[go + i];
            float s = sign(gi * prev[i]);
            float f = s > 0 ? etaPlusT : s < 0 ? etaMinusT : s == 0 ? 1f : s;
            float st = clamp(stepSize[i] * f, stepMinT, stepMaxT);
            stepSize[i] = st;
            if (f == etaMinusT) {
                gi = 0;
            }
            p[po + i] = p[po + i] + -1f * sign(gi) * st;
            prev[i] = gi;
        }
    }

    /** Lion (optax order): c = β1·m + (1−β1)·g; θ += −lr·(sign(c) + λθ); m = β2·m + (1−β2)·g. */
    public static void lion(float[] p, int po, float[] g, int go, float[] m, int n, double lr, double beta1, double beta2, double weightDecay, boolean maximize) {
        if (OptimParallel.chunks(n, GRAIN) <= 1) {
            lionRange(p, po, g, go, m, lr, beta1, beta2, weightDecay, maximize, 0, n);
        } else {
            OptimParallel.forRange(n, GRAIN, (s, e) -> lionRange(p, po, g, go, m, lr, beta1, beta2, weightDecay, maximize, s, e));
        }
    }

    /** The same update over elements {@code [from, to)}, vectorized when possible. */
    static void lionRange(float[] p, int po, float[] g, int go, float[] m, double lr, double beta1, double beta2, double weightDecay, boolean maximize, int from, int to) {
        if (vectorized() && OptimVector.lion(p, po, g, go, m, lr, beta1, beta2, weightDecay, maximize, from, to)) {
            return;
        }
        lionReference(p, po, g, go, m, lr, beta1, beta2, weightDecay, maximize, from, to);
    }

    /** Scalar reference loop of {@link #lion}: the slow twin every fast path is tested against. */
    static void lionReference(float[] p, int po, float[] g, int go, float[] m, double lr, double beta1, double beta2, double weightDecay, boolean maximize, int from, int to) {
        float beta1T = (float) beta1, omb1 = (float) (1 - beta1), beta2T = (float) beta2, omb2 = (float) (1 - beta2), weightDecayT = (float) weightDecay, negLrT = (float) (-lr);
        for (int i = from; i < to; i++) {
            float gi = maximize ? -g[go + i] : g[go + i];
            float pi = p[po + i];
            float c = beta1T * m[i] + omb1 * gi;
            float u = sign(c) + weightDecayT * pi;
            p[po + i] = pi + negLrT * u;
            m[i] = beta2T * m[i] + omb2 * gi;
        }
    }

    // ---------------------------------------------------------------- float64

    /** SGD with momentum, dampening, Nesterov, L2 weight decay, maximize (torch {@code _single_tensor_sgd}).
{@code buf} may be null when momentum is 0; {@code first} marks the step that creates the buffer (b = g, no dampening). */
    public static void sgd(double[] p, int po, double[] g, int go, double[] buf, int n, double lr, double momentum, double dampening, double weightDecay, boolean nesterov, boolean maximize, boolean first) {
        if (OptimParallel.chunks(n, GRAIN) <= 1) {
            sgdRange(p, po, g, go, buf, lr, momentum, dampening, weightDecay, nesterov, maximize, first, 0, n);
        } else {
            OptimParallel.forRange(n, GRAIN, (s, e) -> sgdRange(p, po, g, go, buf, lr, momentum, dampening, weightDecay, nesterov, maximize, first, s, e));
        }
    }

    /** The same update over elements {@code [from, to)}, vectorized when possible. */
    static void sgdRange(double[] p, int po, double[] g, int go, double[] buf, double lr, double momentum, double dampening, double weightDecay, boolean nesterov, boolean maximize, boolean first, int from, int to) {
        if (vectorized() && OptimVector.sgd(p, po, g, go, buf, lr, momentum, dampening, weightDecay, nesterov, maximize, first, from, to)) {
            return;
        }
        sgdReference(p, po, g, go, buf, lr, momentum, dampening, weightDecay, nesterov, maximize, first, from, to);
    }

    /** Scalar reference loop of {@link #sgd}: the slow twin every fast path is tested against. */
    static void sgdReference(double[] p, int po, double[] g, int go, double[] buf, double lr, double momentum, double dampening, double weightDecay, boolean nesterov, boolean maximize, boolean first, int from, int to) {
        double momentumT = momentum, omdT = (1 - dampening), weightDecayT = weightDecay, negLrT = (-lr);
        for (int i = from; i < to; i++) {
            double d = maximize ? -g[go + i] : g[go + i];
            if (weightDecay != 0) {
                d = Math.fma(weightDecayT, p[po + i], d);
            }
            if (momentum != 0) {
                double b = first ? d : Math.fma(omdT, d, buf[i] * momentumT);
                buf[i] = b;
                d = nesterov ? Math.fma(momentumT, b, d) : b;
            }
            p[po + i] = Math.fma(negLrT, d, p[po + i]);
        }
    }

    /** Adam / AdamW (torch 1.13 {@code _single_tensor_adam}); {@code vmax} is null unless amsgrad.
{@code decay} = 1 − lr·λ for decoupled weight decay (AdamW), else 1; {@code weightDecay} is the L2 coefficient. */
    public static void adam(double[] p, int po, double[] g, int go, double[] m, double[] v, double[] vmax, int n, double beta1, double beta2, double negStepSize, double bc2Sqrt, double eps, double weightDecay, double decay, boolean maximize) {
        if (OptimParallel.chunks(n, GRAIN) <= 1) {
            adamRange(p, po, g, go, m, v, vmax, beta1, beta2, negStepSize, bc2Sqrt, eps, weightDecay, decay, maximize, 0, n);
        } else {
            OptimParallel.forRange(n, GRAIN, (s, e) -> adamRange(p, po, g, go, m, v, vmax, beta1, beta2, negStepSize, bc2Sqrt, eps, weightDecay, decay, maximize, s, e));
        }
    }

    /** The same update over elements {@code [from, to)}, vectorized when possible. */
    static void adamRange(double[] p, int po, double[] g, int go, double[] m, double[] v, double[] vmax, double beta1, double beta2, double negStepSize, double bc2Sqrt, double eps, double weightDecay, double decay, boolean maximize, int from, int to) {
        if (vectorized() && OptimVector.adam(p, po, g, go, m, v, vmax, beta1, beta2, negStepSize, bc2Sqrt, eps, weightDecay, decay, maximize, from, to)) {
            return;
        }
        adamReference(p, po, g, go, m, v, vmax, beta1, beta2, negStepSize, bc2Sqrt, eps, weightDecay, decay, maximize, from, to);
    }

    /** Scalar reference loop of {@link #adam}: the slow twin every fast path is tested against. */
    static void adamReference(double[] p, int po, double[] g, int go, double[] m, double[] v, double[] vmax, double beta1, double beta2, double negStepSize, double bc2Sqrt, double eps, double weightDecay, double decay, boolean maximize, int from, int to) {
        double beta1T = beta1, omb1 = (1 - beta1), beta2T = beta2, omb2 = (1 - beta2);
        double bc2SqrtT = bc2Sqrt, epsT = eps, weightDecayT = weightDecay, decayT = decay, negStepSizeT = negStepSize;
        for (int i = from; i < to; i++) {
            double gi = maximize ? -g[go + i] : g[go + i];
            double pi = p[po + i] * decayT;
            if (weightDecay != 0) {
                gi = Math.fma(weightDecayT, pi, gi);
            }
            double mi = Math.fma(omb1, gi, m[i] * beta1T);
            double vi = Math.fma(omb2 * gi, gi, v[i] * beta2T);
            m[i] = mi;
            v[i] = vi;
            if (vmax != null) {
                vi = Math.max(vmax[i], vi);
                vmax[i] = vi;
            }
            double denom = sqrt(vi) / bc2SqrtT + epsT;
            p[po + i] = pi + negStepSizeT * mi / denom;
        }
    }

    /** Adagrad: sum += g², θ += −clr·g/(√sum + eps). */
    public static void adagrad(double[] p, int po, double[] g, int go, double[] sum, int n, double negClr, double eps, double weightDecay, boolean maximize) {
        if (OptimParallel.chunks(n, GRAIN) <= 1) {
            adagradRange(p, po, g, go, sum, negClr, eps, weightDecay, maximize, 0, n);
        } else {
            OptimParallel.forRange(n, GRAIN, (s, e) -> adagradRange(p, po, g, go, sum, negClr, eps, weightDecay, maximize, s, e));
        }
    }

    /** The same update over elements {@code [from, to)}, vectorized when possible. */
    static void adagradRange(double[] p, int po, double[] g, int go, double[] sum, double negClr, double eps, double weightDecay, boolean maximize, int from, int to) {
        if (vectorized() && OptimVector.adagrad(p, po, g, go, sum, negClr, eps, weightDecay, maximize, from, to)) {
            return;
        }
        adagradReference(p, po, g, go, sum, negClr, eps, weightDecay, maximize, from, to);
    }

    /** Scalar reference loop of {@link #adagrad}: the slow twin every fast path is tested against. */
    static void adagradReference(double[] p, int po, double[] g, int go, double[] sum, double negClr, double eps, double weightDecay, boolean maximize, int from, int to) {
        double negClrT = negClr, epsT = eps, weightDecayT = weightDecay;
        for (int i = from; i < to; i++) {
            double gi = maximize ? -g[go + i] : g[go + i];
            if (weightDecay != 0) {
                gi = Math.fma(weightDecayT, p[po + i], gi);
            }
            double s = Math.fma(1.0 * gi, gi, sum[i]);
            sum[i] = s;
            p[po + i] = p[po + i] + negClrT * gi / (sqrt(s) + epsT);
        }
    }

    /** RMSprop (eps outside the square root); {@code gavg} null unless centered, {@code buf} null unless momentum > 0. */
    public static void rmsprop(double[] p, int po, double[] g, int go, double[] sq, double[] gavg, double[] buf, int n, double lr, double alpha, double eps, double weightDecay, double momentum, boolean maximize) {
        if (OptimParallel.chunks(n, GRAIN) <= 1) {
            rmspropRange(p, po, g, go, sq, gavg, buf, lr, alpha, eps, weightDecay, momentum, maximize, 0, n);
        } else {
            OptimParallel.forRange(n, GRAIN, (s, e) -> rmspropRange(p, po, g, go, sq, gavg, buf, lr, alpha, eps, weightDecay, momentum, maximize, s, e));
        }
    }

    /** The same update over elements {@code [from, to)}, vectorized when possible. */
    static void rmspropRange(double[] p, int po, double[] g, int go, double[] sq, double[] gavg, double[] buf, double lr, double alpha, double eps, double weightDecay, double momentum, boolean maximize, int from, int to) {
        if (vectorized() && OptimVector.rmsprop(p, po, g, go, sq, gavg, buf, lr, alpha, eps, weightDecay, momentum, maximize, from, to)) {
            return;
        }
        rmspropReference(p, po, g, go, sq, gavg, buf, lr, alpha, eps, weightDecay, momentum, maximize, from, to);
    }

    /** Scalar reference loop of {@link #rmsprop}: the slow twin every fast path is tested against. */
    static void rmspropReference(double[] p, int po, double[] g, int go, double[] sq, double[] gavg, double[] buf, double lr, double alpha, double eps, double weightDecay, double momentum, boolean maximize, int from, int to) {
        double alphaT = alpha, omaT = (1 - alpha), epsT = eps, weightDecayT = weightDecay, momentumT = momentum, negLrT = (-lr);
        for (int i = from; i < to; i++) {
            double gi = maximize ? -g[go + i] : g[go + i];
            if (weightDecay != 0) {
                gi = Math.fma(weightDecayT, p[po + i], gi);
            }
            double s = Math.fma(omaT * gi, gi, sq[i] * alphaT);
            sq[i] = s;
            double avg;
            if (gavg != null) {
                double ga = Math.fma(omaT, gi, gavg[i] * alphaT);
                gavg[i] = ga;
                avg = sqrt(Math.fma(-1.0 * ga, ga, s));
            } else {
                avg = sqrt(s);
            }
            avg = avg + epsT;
            if (buf != null) {
                double b = buf[i] * momentumT + 1.0 * gi / avg;
                buf[i] = b;
                p[po + i] = Math.fma(negLrT, b, p[po + i]);
            } else {
                p[po + i] = p[po + i] + negLrT * gi / avg;
            }
        }
    }

    /** Adadelta (eps inside both square roots). */
    public static void adadelta(double[] p, int po, double[] g, int go, double[] sq, double[] acc, int n, double lr, double rho, double eps, double weightDecay, boolean maximize) {
        if (OptimParallel.chunks(n, GRAIN) <= 1) {
            adadeltaRange(p, po, g, go, sq, acc, lr, rho, eps, weightDecay, maximize, 0, n);
        } else {
            OptimParallel.forRange(n, GRAIN, (s, e) -> adadeltaRange(p, po, g, go, sq, acc, lr, rho, eps, weightDecay, maximize, s, e));
        }
    }

    /** The same update over elements {@code [from, to)}, vectorized when possible. */
    static void adadeltaRange(double[] p, int po, double[] g, int go, double[] sq, double[] acc, double lr, double rho, double eps, double weightDecay, boolean maximize, int from, int to) {
        adadeltaReference(p, po, g, go, sq, acc, lr, rho, eps, weightDecay, maximize, from, to);
    }

    /** Scalar reference loop of {@link #adadelta}: the slow twin every fast path is tested against. */
    static void adadeltaReference(double[] p, int po, double[] g, int go, double[] sq, double[] acc, double lr, double rho, double eps, double weightDecay, boolean maximize, int from, int to) {
        double rhoT = rho, omrT = (1 - rho), epsT = eps, weightDecayT = weightDecay, negLrT = (-lr);
        for (int i = from; i < to; i++) {
            double gi = maximize ? -g[go + i] : g[go + i];
            if (weightDecay != 0) {
                gi = Math.fma(weightDecayT, p[po + i], gi);
            }
            double s = Math.fma(omrT * gi, gi, sq[i] * rhoT);
            sq[i] = s;
            double std = sqrt(s + epsT);
            double delta = sqrt(acc[i] + epsT) / std * gi;
            acc[i] = Math.fma(omrT * delta, delta, acc[i] * rhoT);
            p[po + i] = Math.fma(negLrT, delta, p[po + i]);
        }
    }

    /** Adamax: u = max(β2·u, |g| + eps), θ += −clr·m/u. */
    public static void adamax(double[] p, int po, double[] g, int go, double[] m, double[] u, int n, double beta1, double beta2, double eps, double negClr, double weightDecay, boolean maximize) {
        if (OptimParallel.chunks(n, GRAIN) <= 1) {
            adamaxRange(p, po, g, go, m, u, beta1, beta2, eps, negClr, weightDecay, maximize, 0, n);
        } else {
            OptimParallel.forRange(n, GRAIN, (s, e) -> adamaxRange(p, po, g, go, m, u, beta1, beta2, eps, negClr, weightDecay, maximize, s, e));
        }
    }

    /** The same update over elements {@code [from, to)}, vectorized when possible. */
    static void adamaxRange(double[] p, int po, double[] g, int go, double[] m, double[] u, double beta1, double beta2, double eps, double negClr, double weightDecay, boolean maximize, int from, int to) {
        adamaxReference(p, po, g, go, m, u, beta1, beta2, eps, negClr, weightDecay, maximize, from, to);
    }

    /** Scalar reference loop of {@link #adamax}: the slow twin every fast path is tested against. */
    static void adamaxReference(double[] p, int po, double[] g, int go, double[] m, double[] u, double beta1, double beta2, double eps, double negClr, double weightDecay, boolean maximize, int from, int to) {
        double beta1T = beta1, omb1 = (1 - beta1), beta2T = beta2, epsT = eps, negClrT = negClr, weightDecayT = weightDecay;
        for (int i = from; i < to; i++) {
            double gi = maximize ? -g[go + i] : g[go + i];
            if (weightDecay != 0) {
                gi = Math.fma(weightDecayT, p[po + i], gi);
            }
            double mi = Math.fma(omb1, gi, m[i] * beta1T);
            m[i] = mi;
            double ui = Math.max(u[i] * beta2T, Math.abs(gi) + epsT);
            u[i] = ui;
            p[po + i] = p[po + i] + negClrT * mi / ui;
        }
    }

    /** NAdam in torch's foreach order: denom = √v/√bc2 + eps; θ += sg·g/denom; θ += sm·m/denom. */
    public static void nadam(double[] p, int po, double[] g, int go, double[] m, double[] v, int n, double beta1, double beta2, double bc2Sqrt, double eps, double stepGrad, double stepAvg, double weightDecay, double decay, boolean maximize) {
        if (OptimParallel.chunks(n, GRAIN) <= 1) {
            nadamRange(p, po, g, go, m, v, beta1, beta2, bc2Sqrt, eps, stepGrad, stepAvg, weightDecay, decay, maximize, 0, n);
        } else {
            OptimParallel.forRange(n, GRAIN, (s, e) -> nadamRange(p, po, g, go, m, v, beta1, beta2, bc2Sqrt, eps, stepGrad, stepAvg, weightDecay, decay, maximize, s, e));
        }
    }

    /** The same update over elements {@code [from, to)}, vectorized when possible. */
    static void nadamRange(double[] p, int po, double[] g, int go, double[] m, double[] v, double beta1, double beta2, double bc2Sqrt, double eps, double stepGrad, double stepAvg, double weightDecay, double decay, boolean maximize, int from, int to) {
        if (vectorized() && OptimVector.nadam(p, po, g, go, m, v, beta1, beta2, bc2Sqrt, eps, stepGrad, stepAvg, weightDecay, decay, maximize, from, to)) {
            return;
        }
        nadamReference(p, po, g, go, m, v, beta1, beta2, bc2Sqrt, eps, stepGrad, stepAvg, weightDecay, decay, maximize, from, to);
    }

    /** Scalar reference loop of {@link #nadam}: the slow twin every fast path is tested against. */
    static void nadamReference(double[] p, int po, double[] g, int go, double[] m, double[] v, double beta1, double beta2, double bc2Sqrt, double eps, double stepGrad, double stepAvg, double weightDecay, double decay, boolean maximize, int from, int to) {
        double beta1T = beta1, omb1 = (1 - beta1), beta2T = beta2, omb2 = (1 - beta2), bc2SqrtT = bc2Sqrt, epsT = eps;
        double stepGradT = stepGrad, stepAvgT = stepAvg, weightDecayT = weightDecay, decayT = decay;
        for (int i = from; i < to; i++) {
            double gi = maximize ? -g[go + i] : g[go + i];
            double pi = p[po + i] * decayT;
            if (weightDecay != 0) {
                gi = Math.fma(weightDecayT, pi, gi);
            }
            double mi = Math.fma(omb1, gi, m[i] * beta1T);
            double vi = Math.fma(omb2 * gi, gi, v[i] * beta2T);
            m[i] = mi;
            v[i] = vi;
            double denom = sqrt(vi) / bc2SqrtT + epsT;
            pi = pi + stepGradT * gi / denom;
            p[po + i] = pi + stepAvgT * mi / denom;
        }
    }

    /** RAdam; {@code rect} is NaN for the un-rectified steps (ρ_t ≤ 5). */
    public static void radam(double[] p, int po, double[] g, int go, double[] m, double[] v, int n, double beta1, double beta2, double bc1, double lr, double rect, double bc2Sqrt, double eps, double weightDecay, double decay, boolean maximize) {
        if (OptimParallel.chunks(n, GRAIN) <= 1) {
            radamRange(p, po, g, go, m, v, beta1, beta2, bc1, lr, rect, bc2Sqrt, eps, weightDecay, decay, maximize, 0, n);
        } else {
            OptimParallel.forRange(n, GRAIN, (s, e) -> radamRange(p, po, g, go, m, v, beta1, beta2, bc1, lr, rect, bc2Sqrt, eps, weightDecay, decay, maximize, s, e));
        }
    }

    /** The same update over elements {@code [from, to)}, vectorized when possible. */
    static void radamRange(double[] p, int po, double[] g, int go, double[] m, double[] v, double beta1, double beta2, double bc1, double lr, double rect, double bc2Sqrt, double eps, double weightDecay, double decay, boolean maximize, int from, int to) {
        radamReference(p, po, g, go, m, v, beta1, beta2, bc1, lr, rect, bc2Sqrt, eps, weightDecay, decay, maximize, from, to);
    }

    /** Scalar reference loop of {@link #radam}: the slow twin every fast path is tested against. */
    static void radamReference(double[] p, int po, double[] g, int go, double[] m, double[] v, double beta1, double beta2, double bc1, double lr, double rect, double bc2Sqrt, double eps, double weightDecay, double decay, boolean maximize, int from, int to) {
        double beta1T = beta1, omb1 = (1 - beta1), beta2T = beta2, omb2 = (1 - beta2), bc1T = bc1, lrT = lr;
        double rectT = rect, bc2SqrtT = bc2Sqrt, epsT = eps, weightDecayT = weightDecay, decayT = decay;
        boolean rectified = !Double.isNaN(rect);
        for (int i = from; i < to; i++) {
            double gi = maximize ? -g[go + i] : g[go + i];
            double pi = p[po + i] * decayT;
            if (weightDecay != 0) {
                gi = Math.fma(weightDecayT, pi, gi);
            }
            double mi = Math.fma(omb1, gi, m[i] * beta1T);
            double vi = Math.fma(omb2 * gi, gi, v[i] * beta2T);
            m[i] = mi;
            v[i] = vi;
            double mhat = mi / bc1T;
            if (rectified) {
                double adaptive = 1.0 / (sqrt(vi) + epsT) * bc2SqrtT;
                p[po + i] = pi + -1.0 * (mhat * lrT * adaptive * rectT);
            } else {
                p[po + i] = pi + -1.0 * (mhat * lrT);
            }
        }
    }

    /** ASGD: θ ← θ·(1 − λη); θ += −η·g; ax averaging (mu == 1 copies θ). */
    public static void asgd(double[] p, int po, double[] g, int go, double[] ax, int n, double shrink, double negEta, double mu, double weightDecay, boolean maximize) {
        if (OptimParallel.chunks(n, GRAIN) <= 1) {
            asgdRange(p, po, g, go, ax, shrink, negEta, mu, weightDecay, maximize, 0, n);
        } else {
            OptimParallel.forRange(n, GRAIN, (s, e) -> asgdRange(p, po, g, go, ax, shrink, negEta, mu, weightDecay, maximize, s, e));
        }
    }

    /** The same update over elements {@code [from, to)}, vectorized when possible. */
    static void asgdRange(double[] p, int po, double[] g, int go, double[] ax, double shrink, double negEta, double mu, double weightDecay, boolean maximize, int from, int to) {
        asgdReference(p, po, g, go, ax, shrink, negEta, mu, weightDecay, maximize, from, to);
    }

    /** Scalar reference loop of {@link #asgd}: the slow twin every fast path is tested against. */
    static void asgdReference(double[] p, int po, double[] g, int go, double[] ax, double shrink, double negEta, double mu, double weightDecay, boolean maximize, int from, int to) {
        double shrinkT = shrink, negEtaT = negEta, muT = mu, weightDecayT = weightDecay;
        boolean copy = mu == 1;
        for (int i = from; i < to; i++) {
            double gi = maximize ? -g[go + i] : g[go + i];
            if (weightDecay != 0) {
                gi = Math.fma(weightDecayT, p[po + i], gi);
            }
            double pi = p[po + i] * shrinkT;
            pi = Math.fma(negEtaT, gi, pi);
            p[po + i] = pi;
            ax[i] = copy ? pi : ax[i] + (pi - ax[i]) * muT;
        }
    }

    /** Rprop (iRprop−): per-element step sizes adapted by the sign of g·prev. */
    public static void rprop(double[] p, int po, double[] g, int go, double[] prev, double[] stepSize, int n, double etaMinus, double etaPlus, double stepMin, double stepMax, boolean maximize) {
        if (OptimParallel.chunks(n, GRAIN) <= 1) {
            rpropRange(p, po, g, go, prev, stepSize, etaMinus, etaPlus, stepMin, stepMax, maximize, 0, n);
        } else {
            OptimParallel.forRange(n, GRAIN, (s, e) -> rpropRange(p, po, g, go, prev, stepSize, etaMinus, etaPlus, stepMin, stepMax, maximize, s, e));
        }
    }

    /** The same update over elements {@code [from, to)}, vectorized when possible. */
    static void rpropRange(double[] p, int po, double[] g, int go, double[] prev, double[] stepSize, double etaMinus, double etaPlus, double stepMin, double stepMax, boolean maximize, int from, int to) {
        rpropReference(p, po, g, go, prev, stepSize, etaMinus, etaPlus, stepMin, stepMax, maximize, from, to);
    }

    /** Scalar reference loop of {@link #rprop}: the slow twin every fast path is tested against. */
    static void rpropReference(double[] p, int po, double[] g, int go, double[] prev, double[] stepSize, double etaMinus, double etaPlus, double stepMin, double stepMax, boolean maximize, int from, int to) {
        double etaMinusT = etaMinus, etaPlusT = etaPlus, stepMinT = stepMin, stepMaxT = stepMax;
        for (int i = from; i < to; i++) {
            double gi = maximize ? -g[go + i] : g[go + i];
            double s = sign(gi * prev[i]);
            double f = s > 0 ? etaPlusT : s < 0 ? etaMinusT : s == 0 ? 1.0 : s;
            double st = clamp(stepSize[i] * f, stepMinT, stepMaxT);
            stepSize[i] = st;
            if (f == etaMinusT) {
                gi = 0;
            }
            p[po + i] = p[po + i] + -1.0 * sign(gi) * st;
            prev[i] = gi;
        }
    }

    /** Lion (optax order): c = β1·m + (1−β1)·g; θ += −lr·(sign(c) + λθ); m = β2·m + (1−β2)·g. */
    public static void lion(double[] p, int po, double[] g, int go, double[] m, int n, double lr, double beta1, double beta2, double weightDecay, boolean maximize) {
        if (OptimParallel.chunks(n, GRAIN) <= 1) {
            lionRange(p, po, g, go, m, lr, beta1, beta2, weightDecay, maximize, 0, n);
        } else {
            OptimParallel.forRange(n, GRAIN, (s, e) -> lionRange(p, po, g, go, m, lr, beta1, beta2, weightDecay, maximize, s, e));
        }
    }

    /** The same update over elements {@code [from, to)}, vectorized when possible. */
    static void lionRange(double[] p, int po, double[] g, int go, double[] m, double lr, double beta1, double beta2, double weightDecay, boolean maximize, int from, int to) {
        if (vectorized() && OptimVector.lion(p, po, g, go, m, lr, beta1, beta2, weightDecay, maximize, from, to)) {
            return;
        }
        lionReference(p, po, g, go, m, lr, beta1, beta2, weightDecay, maximize, from, to);
    }

    /** Scalar reference loop of {@link #lion}: the slow twin every fast path is tested against. */
    static void lionReference(double[] p, int po, double[] g, int go, double[] m, double lr, double beta1, double beta2, double weightDecay, boolean maximize, int from, int to) {
        double beta1T = beta1, omb1 = (1 - beta1), beta2T = beta2, omb2 = (1 - beta2), weightDecayT = weightDecay, negLrT = (-lr);
        for (int i = from; i < to; i++) {
            double gi = maximize ? -g[go + i] : g[go + i];
            double pi = p[po + i];
            double c = beta1T * m[i] + omb1 * gi;
            double u = sign(c) + weightDecayT * pi;
            p[po + i] = pi + negLrT * u;
            m[i] = beta2T * m[i] + omb2 * gi;
        }
    }
}
