package dev.descent.optim;

import dev.descent.autograd.GradMode;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.List;

/**
 * Limited-memory BFGS with an optional strong-Wolfe line search; a faithful port of {@code
 * torch.optim.LBFGS} (itself after minFunc and torch7's {@code lswolfe.lua}).
 *
 * <p>All parameters form one flat vector x with gradient g. One {@code step(closure)} runs up to
 * {@code maxIter} iterations:
 * <pre>
 *   first iteration ever:  d = −g, history empty, H = 1, t = min(1, 1/Σ|g|)·lr
 *   later:  y = g − g_prev, s = t·d;  if y·s > 1e-10: push (y, s, ρ = 1/y·s) (drop oldest beyond
 *           historySize), H = y·s / y·y
 *           two-loop recursion: q = −g; newest→oldest a_i = ρ_i s_i·q, q −= a_i y_i;
 *           r = H·q; oldest→newest b_i = ρ_i y_i·r, r += (a_i − b_i) s_i;  d = r;  t = lr
 *   stop if g·d > −toleranceChange;
 *   strong_wolfe: (loss, g, t) = cubic-interpolation bracketing and zoom (c1 = 1e-4, c2 = 0.9, at most
 *           25 evaluations); x ← x + t·d
 *   none:   x ← x + t·d and re-evaluate (loss, g) unless this is the last iteration
 *   stop after maxIter iterations, maxEval evaluations, max|g| ≤ toleranceGrad,
 *        max|t·d| ≤ toleranceChange or |loss − loss_prev| < toleranceChange.
 * </pre>
 * Returns the loss of the first evaluation. State (under the first parameter): {@code func_evals},
 * {@code n_iter}, {@code t}, {@code H_diag}, {@code prev_loss} (scalars), {@code d}, {@code
 * prev_flat_grad} (tensors) and the lists {@code old_dirs}, {@code old_stps}, {@code ro}.
 * Differences from PyTorch: the search direction and history are kept in float64 even for float32
 * parameters (PyTorch keeps them in the parameter dtype); dot products are summed left to right
 * (PyTorch calls BLAS, which agrees for short vectors); {@code x + a·y} updates are fused
 * multiply-adds, as ATen's {@code add_(y, alpha=a)}.
 * {@code maxEval} defaults to {@code maxIter·5/4} as in PyTorch; {@link #maxIter(int)} keeps that
 * relation, {@code with("maxIter", n)} does not.
 */
public record LBFGS(double lr, int maxIter, int maxEval, double toleranceGrad, double toleranceChange,
        int historySize, String lineSearch) implements ClosureAlgorithm {
    public static final double DEFAULT_LR = 1;
    public static final int DEFAULT_MAX_ITER = 20;
    public static final double DEFAULT_TOLERANCE_GRAD = 1e-7;
    public static final double DEFAULT_TOLERANCE_CHANGE = 1e-9;
    public static final int DEFAULT_HISTORY_SIZE = 100;
    /** The only line search there is. */
    public static final String STRONG_WOLFE = "strong_wolfe";

    /** Validates the hyperparameters. */
    public LBFGS {
        Check.lr(lr);
        Check.positive("max_iter", maxIter);
        Check.positive("max_eval", maxEval);
        Check.nonNegative("tolerance_grad", toleranceGrad);
        Check.nonNegative("tolerance_change", toleranceChange);
        Check.positive("history_size", historySize);
        if (lineSearch != null && !lineSearch.equals(STRONG_WOLFE)) {
            throw new IllegalArgumentException("Invalid line search: '" + lineSearch
                    + "' (only 'strong_wolfe' is supported, or none)");
        }
    }

    /** PyTorch's defaults: lr 1, max_iter 20, max_eval 25, tolerances 1e-7 and 1e-9, history 100, no line search. */
    public static LBFGS defaults() {
        return new LBFGS(DEFAULT_LR, DEFAULT_MAX_ITER, DEFAULT_MAX_ITER * 5 / 4, DEFAULT_TOLERANCE_GRAD,
                DEFAULT_TOLERANCE_CHANGE, DEFAULT_HISTORY_SIZE, null);
    }

    /** L-BFGS with learning rate {@code lr}. */
    public static LBFGS withLr(double lr) {
        return defaults().lr(lr);
    }

    public LBFGS lr(double v) {
        return new LBFGS(v, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, lineSearch);
    }

    /** Sets max_iter and, as PyTorch's default does, max_eval = max_iter·5/4. */
    public LBFGS maxIter(int v) {
        return new LBFGS(lr, v, v * 5 / 4, toleranceGrad, toleranceChange, historySize, lineSearch);
    }

    public LBFGS maxEval(int v) {
        return new LBFGS(lr, maxIter, v, toleranceGrad, toleranceChange, historySize, lineSearch);
    }

    public LBFGS historySize(int v) {
        return new LBFGS(lr, maxIter, maxEval, toleranceGrad, toleranceChange, v, lineSearch);
    }

    public LBFGS tolerances(double grad, double change) {
        return new LBFGS(lr, maxIter, maxEval, grad, change, historySize, lineSearch);
    }

    /** With the strong-Wolfe line search. */
    public LBFGS strongWolfe() {
        return new LBFGS(lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, STRONG_WOLFE);
    }

    @Override
    public State init(Tensor param) {
        return new State();
    }

    // ---------------------------------------------------------------- the step

    @Override
    public Tensor step(List<Tensor> params, State state, Closure closure) {
        Flat x = new Flat(params);
        Tensor origLoss = evaluate(closure);
        double loss = origLoss.item();
        int currentEvals = 1;
        double funcEvals = (state.hasScalar("func_evals") ? state.scalar("func_evals") : 0) + 1;
        long stateIter = state.hasScalar("n_iter") ? (long) state.scalar("n_iter") : 0;
        double[] flatGrad = x.gatherGrad();
        boolean optCond = maxAbs(flatGrad) <= toleranceGrad;
        if (optCond) {
            state.putScalar("func_evals", funcEvals);
            state.putScalar("n_iter", stateIter);
            return origLoss;
        }
        double[] d = array(state.tensor("d"));
        double t = state.hasScalar("t") ? state.scalar("t") : Double.NaN;
        List<Tensor> oldDirs = state.list("old_dirs");
        List<Tensor> oldStps = state.list("old_stps");
        List<Tensor> ro = state.list("ro");
        double hDiag = state.hasScalar("H_diag") ? state.scalar("H_diag") : 1;
        double[] prevFlatGrad = array(state.tensor("prev_flat_grad"));
        double prevLoss = state.hasScalar("prev_loss") ? state.scalar("prev_loss") : Double.NaN;

        int nIter = 0;
        while (nIter < maxIter) {
            nIter++;
            stateIter++;
            if (stateIter == 1) {
                d = neg(flatGrad);
                oldDirs.clear();
                oldStps.clear();
                ro.clear();
                hDiag = 1;
            } else {
                double[] y = new double[flatGrad.length];
                double[] s = new double[flatGrad.length];
                for (int i = 0; i < y.length; i++) {
                    y[i] = flatGrad[i] - prevFlatGrad[i];
                    s[i] = d[i] * t;
                }
                double ys = dot(y, s);
                if (ys > 1e-10) {
                    if (oldDirs.size() == historySize) {
                        oldDirs.remove(0);
                        oldStps.remove(0);
                        ro.remove(0);
                    }
                    oldDirs.add(Tensor.wrap(y, y.length));
                    oldStps.add(Tensor.wrap(s, s.length));
                    ro.add(Tensor.scalar(DType.FLOAT64, 1. / ys));
                    hDiag = ys / dot(y, y);
                }
                int numOld = oldDirs.size();
                double[] al = new double[numOld];
                double[] q = neg(flatGrad);
                for (int i = numOld - 1; i >= 0; i--) {
                    al[i] = dot(array(oldStps.get(i)), q) * ro.get(i).item();
                    axpy(q, -al[i], array(oldDirs.get(i)));
                }
                double[] r = new double[q.length];
                for (int i = 0; i < q.length; i++) {
                    r[i] = q[i] * hDiag;
                }
                for (int i = 0; i < numOld; i++) {
                    double be = dot(array(oldDirs.get(i)), r) * ro.get(i).item();
                    axpy(r, al[i] - be, array(oldStps.get(i)));
                }
                d = r;
            }
            prevFlatGrad = flatGrad.clone();
            prevLoss = loss;
            if (stateIter == 1) {
                t = pyMin(1., 1. / sumAbs(flatGrad)) * lr;
            } else {
                t = lr;
            }
            double gtd = dot(flatGrad, d);
            if (gtd > -toleranceChange) {
                break;
            }
            int lsFuncEvals = 0;
            if (lineSearch != null) {
                double[][] xInit = x.cloneParams();
                final double[] dir = d;
                LineSearch ls = strongWolfe((tt) -> x.directionalEvaluate(closure, xInit, tt, dir), t, d, loss, flatGrad,
                        gtd, toleranceChange);
                loss = ls.f;
                flatGrad = ls.g;
                t = ls.t;
                lsFuncEvals = ls.evals;
                x.addGrad(t, d);
                optCond = maxAbs(flatGrad) <= toleranceGrad;
            } else {
                x.addGrad(t, d);
                if (nIter != maxIter) {
                    loss = evaluate(closure).item();
                    flatGrad = x.gatherGrad();
                    optCond = maxAbs(flatGrad) <= toleranceGrad;
                    lsFuncEvals = 1;
                }
            }
            currentEvals += lsFuncEvals;
            funcEvals += lsFuncEvals;
            if (nIter == maxIter || currentEvals >= maxEval || optCond) {
                break;
            }
            double maxStep = 0;
            for (double v : d) {
                maxStep = Math.max(maxStep, Math.abs(v * t));
            }
            if (maxStep <= toleranceChange) {
                break;
            }
            if (Math.abs(loss - prevLoss) < toleranceChange) {
                break;
            }
        }
        state.putScalar("func_evals", funcEvals);
        state.putScalar("n_iter", stateIter);
        state.setStep(stateIter);
        state.put("d", Tensor.wrap(d, d.length));
        state.putScalar("t", t);
        state.putScalar("H_diag", hDiag);
        state.put("prev_flat_grad", Tensor.wrap(prevFlatGrad, prevFlatGrad.length));
        state.putScalar("prev_loss", prevLoss);
        return origLoss;
    }

    private static Tensor evaluate(Closure closure) {
        try (var scope = GradMode.enableGrad()) {
            Tensor loss = closure.evaluate();
            if (loss == null || loss.numel() != 1) {
                throw new IllegalStateException("the closure must return the loss as a one-element tensor, got "
                        + (loss == null ? "null" : "shape " + java.util.Arrays.toString(loss.shape())));
            }
            return loss;
        }
    }

    // ---------------------------------------------------------------- strong Wolfe line search

    private interface Objective {
        /** Loss and flat gradient at x + t·d (the parameters are restored afterwards). */
        Eval at(double t);
    }

    private record Eval(double f, double[] g) {}

    private record LineSearch(double f, double[] g, double t, int evals) {}

    /** Python's min/max: the first argument unless the second compares strictly better (NaN-safe as Python). */
    private static double pyMin(double a, double b) {
        return b < a ? b : a;
    }

    private static double pyMax(double a, double b) {
        return b > a ? b : a;
    }

    static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2, double xminBound,
            double xmaxBound) {
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (d2Square >= 0) {
            double d2 = Math.sqrt(d2Square);
            double minPos;
            if (x1 <= x2) {
                minPos = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2));
            } else {
                minPos = x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
            }
            return pyMin(pyMax(minPos, xminBound), xmaxBound);
        }
        return (xminBound + xmaxBound) / 2.;
    }

    static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2) {
        return x1 <= x2 ? cubicInterpolate(x1, f1, g1, x2, f2, g2, x1, x2) : cubicInterpolate(x1, f1, g1, x2, f2, g2, x2, x1);
    }

    private static LineSearch strongWolfe(Objective obj, double t, double[] d, double f, double[] g, double gtd,
            double toleranceChange) {
        final double c1 = 1e-4;
        final double c2 = 0.9;
        final int maxLs = 25;
        double dNorm = maxAbs(d);
        g = g.clone();
        Eval e = obj.at(t);
        double fNew = e.f;
        double[] gNew = e.g;
        int evals = 1;
        double gtdNew = dot(gNew, d);
        double tPrev = 0;
        double fPrev = f;
        double[] gPrev = g;
        double gtdPrev = gtd;
        boolean done = false;
        int lsIter = 0;
        double[] bracket = new double[2];
        double[] bracketF = new double[2];
        double[][] bracketG = new double[2][];
        double[] bracketGtd = new double[2];
        int len = 0;
        while (lsIter < maxLs) {
            if (fNew > (f + c1 * t * gtd) || (lsIter > 1 && fNew >= fPrev)) {
                bracket = new double[] {tPrev, t};
                bracketF = new double[] {fPrev, fNew};
                bracketG = new double[][] {gPrev, gNew.clone()};
                bracketGtd = new double[] {gtdPrev, gtdNew};
                len = 2;
                break;
            }
            if (Math.abs(gtdNew) <= -c2 * gtd) {
                bracket[0] = t;
                bracketF[0] = fNew;
                bracketG[0] = gNew;
                len = 1;
                done = true;
                break;
            }
            if (gtdNew >= 0) {
                bracket = new double[] {tPrev, t};
                bracketF = new double[] {fPrev, fNew};
                bracketG = new double[][] {gPrev, gNew.clone()};
                bracketGtd = new double[] {gtdPrev, gtdNew};
                len = 2;
                break;
            }
            double minStep = t + 0.01 * (t - tPrev);
            double maxStep = t * 10;
            double tmp = t;
            t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
            tPrev = tmp;
            fPrev = fNew;
            gPrev = gNew.clone();
            gtdPrev = gtdNew;
            e = obj.at(t);
            fNew = e.f;
            gNew = e.g;
            evals++;
            gtdNew = dot(gNew, d);
            lsIter++;
        }
        if (lsIter == maxLs) {
            bracket = new double[] {0, t};
            bracketF = new double[] {f, fNew};
            bracketG = new double[][] {g, gNew};
            len = 2;
        }
        boolean insufProgress = false;
        int lowPos = bracketF[0] <= bracketF[len - 1] ? 0 : 1;
        int highPos = 1 - lowPos;
        while (!done && lsIter < maxLs) {
            if (Math.abs(bracket[1] - bracket[0]) * dNorm < toleranceChange) {
                break;
            }
            t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1]);
            double bMax = pyMax(bracket[0], bracket[1]);
            double bMin = pyMin(bracket[0], bracket[1]);
            double eps = 0.1 * (bMax - bMin);
            if (pyMin(bMax - t, t - bMin) < eps) {
                if (insufProgress || t >= bMax || t <= bMin) {
                    if (Math.abs(t - bMax) < Math.abs(t - bMin)) {
                        t = bMax - eps;
                    } else {
                        t = bMin + eps;
                    }
                    insufProgress = false;
                } else {
                    insufProgress = true;
                }
            } else {
                insufProgress = false;
            }
            e = obj.at(t);
            fNew = e.f;
            gNew = e.g;
            evals++;
            gtdNew = dot(gNew, d);
            lsIter++;
            if (fNew > (f + c1 * t * gtd) || fNew >= bracketF[lowPos]) {
                bracket[highPos] = t;
                bracketF[highPos] = fNew;
                bracketG[highPos] = gNew.clone();
                bracketGtd[highPos] = gtdNew;
                lowPos = bracketF[0] <= bracketF[1] ? 0 : 1;
                highPos = 1 - lowPos;
            } else {
                if (Math.abs(gtdNew) <= -c2 * gtd) {
                    done = true;
                } else if (gtdNew * (bracket[highPos] - bracket[lowPos]) >= 0) {
                    bracket[highPos] = bracket[lowPos];
                    bracketF[highPos] = bracketF[lowPos];
                    bracketG[highPos] = bracketG[lowPos];
                    bracketGtd[highPos] = bracketGtd[lowPos];
                }
                bracket[lowPos] = t;
                bracketF[lowPos] = fNew;
                bracketG[lowPos] = gNew.clone();
                bracketGtd[lowPos] = gtdNew;
            }
        }
        return new LineSearch(bracketF[lowPos], bracketG[lowPos], bracket[lowPos], evals);
    }

    // ---------------------------------------------------------------- flat vectors

    /** The parameters seen as one flat vector. */
    private static final class Flat {
        final List<Tensor> params;
        final int numel;

        Flat(List<Tensor> params) {
            this.params = params;
            int n = 0;
            for (Tensor p : params) {
                n += p.numel();
            }
            this.numel = n;
        }

        double[] gatherGrad() {
            double[] out = new double[numel];
            int k = 0;
            for (Tensor p : params) {
                Tensor g = p.grad();
                int n = p.numel();
                if (g != null) {
                    System.arraycopy(g.toDoubleArray(), 0, out, k, n);
                }
                k += n;
            }
            return out;
        }

        /** θ ← θ + t·d, in the parameters' dtype. */
        void addGrad(double t, double[] d) {
            int k = 0;
            for (Tensor p : params) {
                int n = p.numel();
                int o = p.offset();
                if (p.dtype() == DType.FLOAT32) {
                    float[] a = p.storage().floats();
                    for (int i = 0; i < n; i++) {
                        a[o + i] = (float) Math.fma(t, d[k + i], a[o + i]);
                    }
                } else {
                    double[] a = p.storage().doubles();
                    for (int i = 0; i < n; i++) {
                        a[o + i] = Math.fma(t, d[k + i], a[o + i]);
                    }
                }
                p.storage().bumpVersion();
                k += n;
            }
        }

        double[][] cloneParams() {
            double[][] out = new double[params.size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = params.get(i).toDoubleArray();
            }
            return out;
        }

        void setParams(double[][] values) {
            for (int j = 0; j < values.length; j++) {
                Tensor p = params.get(j);
                int o = p.offset();
                double[] v = values[j];
                if (p.dtype() == DType.FLOAT32) {
                    float[] a = p.storage().floats();
                    for (int i = 0; i < v.length; i++) {
                        a[o + i] = (float) v[i];
                    }
                } else {
                    System.arraycopy(v, 0, p.storage().doubles(), o, v.length);
                }
                p.storage().bumpVersion();
            }
        }

        Eval directionalEvaluate(Closure closure, double[][] x, double t, double[] d) {
            addGrad(t, d);
            double loss = evaluate(closure).item();
            double[] g = gatherGrad();
            setParams(x);
            return new Eval(loss, g);
        }
    }

    private static double[] array(Tensor t) {
        return t == null ? null : t.storage().doubles();
    }

    private static double[] neg(double[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = -a[i];
        }
        return out;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** a ← a + alpha·b, fused as ATen's {@code add_(b, alpha)}. */
    private static void axpy(double[] a, double alpha, double[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.fma(alpha, b[i], a[i]);
        }
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            double x = Math.abs(v);
            if (x > m || Double.isNaN(x)) {
                m = x;
            }
        }
        return m;
    }

    private static double sumAbs(double[] a) {
        double s = 0;
        for (double v : a) {
            s += Math.abs(v);
        }
        return s;
    }
}
