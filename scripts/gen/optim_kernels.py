#!/usr/bin/env python3
"""Generates descent-core/.../kernel/OptimKernels.java (scalar reference loops, float and double, from one
template) and OptimVector.java (Vector API versions of the hot kernels). Run from anywhere:
    python3 scripts/gen/optim_kernels.py
"""
import os
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
KDIR = os.path.join(ROOT, "descent-core/src/main/java/dev/descent/kernel")

# Generates OptimKernels.java: scalar (reference) loops for float and double from one template.
# Each kernel: name, params (after p,po,g,go), double-scalar params to cast in float version, body.
import textwrap
K = []
def k(name, doc, arrays, scalars, flags, body, pre=""):
    K.append((name, doc, arrays, scalars, flags, body, pre))

k("sgd", "SGD with momentum, dampening, Nesterov, L2 weight decay, maximize (torch {@code _single_tensor_sgd}).\n"
  "{@code buf} may be null when momentum is 0; {@code first} marks the step that creates the buffer (b = g, no dampening).",
  ["buf"], ["lr", "momentum", "dampening", "weightDecay"], ["nesterov", "maximize", "first"], """
T d = maximize ? -g[go + i] : g[go + i];
if (weightDecay != 0) {
    d = FMA(weightDecayT, p[po + i], d);
}
if (momentum != 0) {
    T b = first ? d : FMA(omdT, d, buf[i] * momentumT);
    buf[i] = b;
    d = nesterov ? FMA(momentumT, b, d) : b;
}
p[po + i] = FMA(negLrT, d, p[po + i]);""", pre="""
T momentumT = (T) momentum, omdT = (T) (1 - dampening), weightDecayT = (T) weightDecay, negLrT = (T) (-lr);""")

k("adam", "Adam / AdamW (torch 1.13 {@code _single_tensor_adam}); {@code vmax} is null unless amsgrad.\n"
  "{@code decay} = 1 − lr·λ for decoupled weight decay (AdamW), else 1; {@code weightDecay} is the L2 coefficient.",
  ["m", "v", "vmax"], ["beta1", "beta2", "negStepSize", "bc2Sqrt", "eps", "weightDecay", "decay"], ["maximize"], """
T gi = maximize ? -g[go + i] : g[go + i];
T pi = p[po + i] * decayT;
if (weightDecay != 0) {
    gi = FMA(weightDecayT, pi, gi);
}
T mi = FMA(omb1, gi, m[i] * beta1T);
T vi = FMA(omb2 * gi, gi, v[i] * beta2T);
m[i] = mi;
v[i] = vi;
if (vmax != null) {
    vi = Math.max(vmax[i], vi);
    vmax[i] = vi;
}
T denom = SQRT(vi) / bc2SqrtT + epsT;
p[po + i] = pi + negStepSizeT * mi / denom;""", pre="""
T beta1T = (T) beta1, omb1 = (T) (1 - beta1), beta2T = (T) beta2, omb2 = (T) (1 - beta2);
T bc2SqrtT = (T) bc2Sqrt, epsT = (T) eps, weightDecayT = (T) weightDecay, decayT = (T) decay, negStepSizeT = (T) negStepSize;""")

k("adagrad", "Adagrad: sum += g², θ += −clr·g/(√sum + eps).", ["sum"], ["negClr", "eps", "weightDecay"], ["maximize"], """
T gi = maximize ? -g[go + i] : g[go + i];
if (weightDecay != 0) {
    gi = FMA(weightDecayT, p[po + i], gi);
}
T s = FMA(ONE * gi, gi, sum[i]);
sum[i] = s;
p[po + i] = p[po + i] + negClrT * gi / (SQRT(s) + epsT);""", pre="""
T negClrT = (T) negClr, epsT = (T) eps, weightDecayT = (T) weightDecay;""")

k("rmsprop", "RMSprop (eps outside the square root); {@code gavg} null unless centered, {@code buf} null unless momentum > 0.",
  ["sq", "gavg", "buf"], ["lr", "alpha", "eps", "weightDecay", "momentum"], ["maximize"], """
T gi = maximize ? -g[go + i] : g[go + i];
if (weightDecay != 0) {
    gi = FMA(weightDecayT, p[po + i], gi);
}
T s = FMA(omaT * gi, gi, sq[i] * alphaT);
sq[i] = s;
T avg;
if (gavg != null) {
    T ga = FMA(omaT, gi, gavg[i] * alphaT);
    gavg[i] = ga;
    avg = SQRT(FMA(MINUS_ONE * ga, ga, s));
} else {
    avg = SQRT(s);
}
avg = avg + epsT;
if (buf != null) {
    T b = buf[i] * momentumT + ONE * gi / avg;
    buf[i] = b;
    p[po + i] = FMA(negLrT, b, p[po + i]);
} else {
    p[po + i] = p[po + i] + negLrT * gi / avg;
}""", pre="""
T alphaT = (T) alpha, omaT = (T) (1 - alpha), epsT = (T) eps, weightDecayT = (T) weightDecay, momentumT = (T) momentum, negLrT = (T) (-lr);""")

k("adadelta", "Adadelta (eps inside both square roots).", ["sq", "acc"], ["lr", "rho", "eps", "weightDecay"], ["maximize"], """
T gi = maximize ? -g[go + i] : g[go + i];
if (weightDecay != 0) {
    gi = FMA(weightDecayT, p[po + i], gi);
}
T s = FMA(omrT * gi, gi, sq[i] * rhoT);
sq[i] = s;
T std = SQRT(s + epsT);
T delta = SQRT(acc[i] + epsT) / std * gi;
acc[i] = FMA(omrT * delta, delta, acc[i] * rhoT);
p[po + i] = FMA(negLrT, delta, p[po + i]);""", pre="""
T rhoT = (T) rho, omrT = (T) (1 - rho), epsT = (T) eps, weightDecayT = (T) weightDecay, negLrT = (T) (-lr);""")

k("adamax", "Adamax: u = max(β2·u, |g| + eps), θ += −clr·m/u.", ["m", "u"], ["beta1", "beta2", "eps", "negClr", "weightDecay"], ["maximize"], """
T gi = maximize ? -g[go + i] : g[go + i];
if (weightDecay != 0) {
    gi = FMA(weightDecayT, p[po + i], gi);
}
T mi = FMA(omb1, gi, m[i] * beta1T);
m[i] = mi;
T ui = Math.max(u[i] * beta2T, Math.abs(gi) + epsT);
u[i] = ui;
p[po + i] = p[po + i] + negClrT * mi / ui;""", pre="""
T beta1T = (T) beta1, omb1 = (T) (1 - beta1), beta2T = (T) beta2, epsT = (T) eps, negClrT = (T) negClr, weightDecayT = (T) weightDecay;""")

k("nadam", "NAdam in torch's foreach order: denom = √v/√bc2 + eps; θ += sg·g/denom; θ += sm·m/denom.",
  ["m", "v"], ["beta1", "beta2", "bc2Sqrt", "eps", "stepGrad", "stepAvg", "weightDecay", "decay"], ["maximize"], """
T gi = maximize ? -g[go + i] : g[go + i];
T pi = p[po + i] * decayT;
if (weightDecay != 0) {
    gi = FMA(weightDecayT, pi, gi);
}
T mi = FMA(omb1, gi, m[i] * beta1T);
T vi = FMA(omb2 * gi, gi, v[i] * beta2T);
m[i] = mi;
v[i] = vi;
T denom = SQRT(vi) / bc2SqrtT + epsT;
pi = pi + stepGradT * gi / denom;
p[po + i] = pi + stepAvgT * mi / denom;""", pre="""
T beta1T = (T) beta1, omb1 = (T) (1 - beta1), beta2T = (T) beta2, omb2 = (T) (1 - beta2), bc2SqrtT = (T) bc2Sqrt, epsT = (T) eps;
T stepGradT = (T) stepGrad, stepAvgT = (T) stepAvg, weightDecayT = (T) weightDecay, decayT = (T) decay;""")

k("radam", "RAdam; {@code rect} is NaN for the un-rectified steps (ρ_t ≤ 5).",
  ["m", "v"], ["beta1", "beta2", "bc1", "lr", "rect", "bc2Sqrt", "eps", "weightDecay", "decay"], ["maximize"], """
T gi = maximize ? -g[go + i] : g[go + i];
T pi = p[po + i] * decayT;
if (weightDecay != 0) {
    gi = FMA(weightDecayT, pi, gi);
}
T mi = FMA(omb1, gi, m[i] * beta1T);
T vi = FMA(omb2 * gi, gi, v[i] * beta2T);
m[i] = mi;
v[i] = vi;
T mhat = mi / bc1T;
if (rectified) {
    T adaptive = ONE / (SQRT(vi) + epsT) * bc2SqrtT;
    p[po + i] = pi + MINUS_ONE * (mhat * lrT * adaptive * rectT);
} else {
    p[po + i] = pi + MINUS_ONE * (mhat * lrT);
}""", pre="""
T beta1T = (T) beta1, omb1 = (T) (1 - beta1), beta2T = (T) beta2, omb2 = (T) (1 - beta2), bc1T = (T) bc1, lrT = (T) lr;
T rectT = (T) rect, bc2SqrtT = (T) bc2Sqrt, epsT = (T) eps, weightDecayT = (T) weightDecay, decayT = (T) decay;
boolean rectified = !Double.isNaN(rect);""")

k("asgd", "ASGD: θ ← θ·(1 − λη); θ += −η·g; ax averaging (mu == 1 copies θ).",
  ["ax"], ["shrink", "negEta", "mu", "weightDecay"], ["maximize"], """
T gi = maximize ? -g[go + i] : g[go + i];
if (weightDecay != 0) {
    gi = FMA(weightDecayT, p[po + i], gi);
}
T pi = p[po + i] * shrinkT;
pi = FMA(negEtaT, gi, pi);
p[po + i] = pi;
ax[i] = copy ? pi : ax[i] + (pi - ax[i]) * muT;""", pre="""
T shrinkT = (T) shrink, negEtaT = (T) negEta, muT = (T) mu, weightDecayT = (T) weightDecay;
boolean copy = mu == 1;""")

k("rprop", "Rprop (iRprop−): per-element step sizes adapted by the sign of g·prev.",
  ["prev", "stepSize"], ["etaMinus", "etaPlus", "stepMin", "stepMax"], ["maximize"], """
T gi = maximize ? -g[go + i] : g[go + i];
T s = SIGN(gi * prev[i]);
T f = s > 0 ? etaPlusT : s < 0 ? etaMinusT : s == 0 ? ONE : s;
T st = CLAMP(stepSize[i] * f, stepMinT, stepMaxT);
stepSize[i] = st;
if (f == etaMinusT) {
    gi = 0;
}
p[po + i] = p[po + i] + MINUS_ONE * SIGN(gi) * st;
prev[i] = gi;""", pre="""
T etaMinusT = (T) etaMinus, etaPlusT = (T) etaPlus, stepMinT = (T) stepMin, stepMaxT = (T) stepMax;""")

k("lion", "Lion (optax order): c = β1·m + (1−β1)·g; θ += −lr·(sign(c) + λθ); m = β2·m + (1−β2)·g.",
  ["m"], ["lr", "beta1", "beta2", "weightDecay"], ["maximize"], """
T gi = maximize ? -g[go + i] : g[go + i];
T pi = p[po + i];
T c = beta1T * m[i] + omb1 * gi;
T u = SIGN(c) + weightDecayT * pi;
p[po + i] = pi + negLrT * u;
m[i] = beta2T * m[i] + omb2 * gi;""", pre="""
T beta1T = (T) beta1, omb1 = (T) (1 - beta1), beta2T = (T) beta2, omb2 = (T) (1 - beta2), weightDecayT = (T) weightDecay, negLrT = (T) (-lr);""")

def gen(T):
    out = []
    for name, doc, arrays, scalars, flags, body, pre in K:
        arr = ", ".join(f"{T}[] {a}" for a in arrays)
        sc = ", ".join(f"double {s}" for s in scalars)
        fl = ", ".join(f"boolean {f}" for f in flags)
        sig = f"{T}[] p, int po, {T}[] g, int go, {arr}, int n, {sc}" + (", " + fl if fl else "")
        args = "p, po, g, go, " + ", ".join(arrays) + ", " + ", ".join(scalars) + (", " + ", ".join(flags) if flags else "")
        import re
        b = re.sub(r"\bT\b", T, body).replace("SQRT(", "sqrt(").replace("SIGN(", "sign(").replace("CLAMP(", "clamp(").replace("FMA(", "Math.fma(")
        b = b.replace("MINUS_ONE", "-1f" if T == "float" else "-1.0").replace("ONE", "1f" if T == "float" else "1.0")
        pr = re.sub(r"\bT\b", T, pre)
        if T == "double":
            pr = pr.replace("(double) ", "")
        vec = name in ("sgd", "adam", "rmsprop", "adagrad", "nadam", "lion")
        fast = f"""        if (vectorized() && OptimVector.{name}({args}, from, to)) {{
            return;
        }}
""" if vec else ""
        out.append(f"""
    /** {doc} */
    public static void {name}({sig}) {{
        if (OptimParallel.chunks(n, GRAIN) <= 1) {{
            {name}Range({args}, 0, n);
        }} else {{
            OptimParallel.forRange(n, GRAIN, (s, e) -> {name}Range({args}, s, e));
        }}
    }}

    /** The same update over elements {{@code [from, to)}}, vectorized when possible. */
    static void {name}Range({sig.replace(', int n', '')}, int from, int to) {{
{fast}        {name}Reference({args}, from, to);
    }}

    /** Scalar reference loop of {{@link #{name}}}: the slow twin every fast path is tested against. */
    static void {name}Reference({sig.replace(', int n', '')}, int from, int to) {{{textwrap.indent(pr, ' '*8)}
        for (int i = from; i < to; i++) {{{textwrap.indent(b, ' '*12)}
        }}
    }}
""")
    return "".join(out)

src = '''package dev.descent.kernel;

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

    /** Threads used for one large tensor (default: available processors, or {@code -Ddescent.threads}). */
    public static int threads() {
        return OptimParallel.threads();
    }

    /** Sets the threads used for one large tensor. */
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
''' + gen("float") + '''
    // ---------------------------------------------------------------- float64
''' + gen("double") + "}\n"
open(os.path.join(KDIR, 'OptimKernels.java'),'w').write(src)

def gen_vec(T, V, E):
    # T: float/double, V: FloatVector/DoubleVector
    cast = f"({T}) " if T == "float" else ""
    return f'''
    // ---------------------------------------------------------------- {T}

    static boolean sgd({T}[] p, int po, {T}[] g, int go, {T}[] buf, double lr, double momentum, double dampening,
            double weightDecay, boolean nesterov, boolean maximize, boolean first, int from, int to) {{
        {T} momentumT = {cast}momentum, omdT = {cast}(1 - dampening), weightDecayT = {cast}weightDecay, negLrT = {cast}(-lr);
        boolean wd = weightDecay != 0, mom = momentum != 0;
        {V} wdV = {V}.broadcast({E}, weightDecayT), omdV = {V}.broadcast({E}, omdT);
        {V} momV = {V}.broadcast({E}, momentumT), negLrV = {V}.broadcast({E}, negLrT);
        int i = from;
        for (int upper = from + {E}.loopBound(to - from); i < upper; i += {E}.length()) {{
            {V} d = {V}.fromArray({E}, g, go + i);
            if (maximize) {{
                d = d.neg();
            }}
            {V} pv = {V}.fromArray({E}, p, po + i);
            if (wd) {{
                d = pv.fma(wdV, d);
            }}
            if (mom) {{
                {V} b = first ? d : d.fma(omdV, {V}.fromArray({E}, buf, i).mul(momentumT));
                b.intoArray(buf, i);
                d = nesterov ? b.fma(momV, d) : b;
            }}
            d.fma(negLrV, pv).intoArray(p, po + i);
        }}
        OptimKernels.sgdReference(p, po, g, go, buf, lr, momentum, dampening, weightDecay, nesterov, maximize, first, i, to);
        return true;
    }}

    static boolean adam({T}[] p, int po, {T}[] g, int go, {T}[] m, {T}[] v, {T}[] vmax, double beta1, double beta2,
            double negStepSize, double bc2Sqrt, double eps, double weightDecay, double decay, boolean maximize,
            int from, int to) {{
        {T} beta1T = {cast}beta1, omb1 = {cast}(1 - beta1), beta2T = {cast}beta2, omb2 = {cast}(1 - beta2);
        {T} bc2SqrtT = {cast}bc2Sqrt, epsT = {cast}eps, weightDecayT = {cast}weightDecay, decayT = {cast}decay;
        {T} negStepSizeT = {cast}negStepSize;
        boolean wd = weightDecay != 0, ams = vmax != null;
        {V} wdV = {V}.broadcast({E}, weightDecayT), omb1V = {V}.broadcast({E}, omb1);
        int i = from;
        for (int upper = from + {E}.loopBound(to - from); i < upper; i += {E}.length()) {{
            {V} gi = {V}.fromArray({E}, g, go + i);
            if (maximize) {{
                gi = gi.neg();
            }}
            {V} pi = {V}.fromArray({E}, p, po + i).mul(decayT);
            if (wd) {{
                gi = pi.fma(wdV, gi);
            }}
            {V} mi = gi.fma(omb1V, {V}.fromArray({E}, m, i).mul(beta1T));
            {V} vi = gi.mul(omb2).fma(gi, {V}.fromArray({E}, v, i).mul(beta2T));
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            if (ams) {{
                vi = {V}.fromArray({E}, vmax, i).max(vi);
                vi.intoArray(vmax, i);
            }}
            {V} denom = vi.sqrt().div(bc2SqrtT).add(epsT);
            pi.add(mi.mul(negStepSizeT).div(denom)).intoArray(p, po + i);
        }}
        OptimKernels.adamReference(p, po, g, go, m, v, vmax, beta1, beta2, negStepSize, bc2Sqrt, eps, weightDecay, decay,
                maximize, i, to);
        return true;
    }}

    static boolean rmsprop({T}[] p, int po, {T}[] g, int go, {T}[] sq, {T}[] gavg, {T}[] buf, double lr, double alpha,
            double eps, double weightDecay, double momentum, boolean maximize, int from, int to) {{
        {T} alphaT = {cast}alpha, omaT = {cast}(1 - alpha), epsT = {cast}eps, weightDecayT = {cast}weightDecay;
        {T} momentumT = {cast}momentum, negLrT = {cast}(-lr);
        {V} wdV = {V}.broadcast({E}, weightDecayT), omaV = {V}.broadcast({E}, omaT), negLrV = {V}.broadcast({E}, negLrT);
        boolean wd = weightDecay != 0;
        int i = from;
        for (int upper = from + {E}.loopBound(to - from); i < upper; i += {E}.length()) {{
            {V} gi = {V}.fromArray({E}, g, go + i);
            if (maximize) {{
                gi = gi.neg();
            }}
            {V} pv = {V}.fromArray({E}, p, po + i);
            if (wd) {{
                gi = pv.fma(wdV, gi);
            }}
            {V} s = gi.mul(omaT).fma(gi, {V}.fromArray({E}, sq, i).mul(alphaT));
            s.intoArray(sq, i);
            {V} avg;
            if (gavg != null) {{
                {V} ga = gi.fma(omaV, {V}.fromArray({E}, gavg, i).mul(alphaT));
                ga.intoArray(gavg, i);
                avg = ga.neg().fma(ga, s).sqrt();
            }} else {{
                avg = s.sqrt();
            }}
            avg = avg.add(epsT);
            if (buf != null) {{
                {V} b = {V}.fromArray({E}, buf, i).mul(momentumT).add(gi.div(avg));
                b.intoArray(buf, i);
                b.fma(negLrV, pv).intoArray(p, po + i);
            }} else {{
                pv.add(gi.mul(negLrT).div(avg)).intoArray(p, po + i);
            }}
        }}
        OptimKernels.rmspropReference(p, po, g, go, sq, gavg, buf, lr, alpha, eps, weightDecay, momentum, maximize, i, to);
        return true;
    }}

    static boolean adagrad({T}[] p, int po, {T}[] g, int go, {T}[] sum, double negClr, double eps, double weightDecay,
            boolean maximize, int from, int to) {{
        {T} negClrT = {cast}negClr, epsT = {cast}eps, weightDecayT = {cast}weightDecay;
        {V} wdV = {V}.broadcast({E}, weightDecayT);
        boolean wd = weightDecay != 0;
        int i = from;
        for (int upper = from + {E}.loopBound(to - from); i < upper; i += {E}.length()) {{
            {V} gi = {V}.fromArray({E}, g, go + i);
            if (maximize) {{
                gi = gi.neg();
            }}
            {V} pv = {V}.fromArray({E}, p, po + i);
            if (wd) {{
                gi = pv.fma(wdV, gi);
            }}
            {V} s = gi.fma(gi, {V}.fromArray({E}, sum, i));
            s.intoArray(sum, i);
            pv.add(gi.mul(negClrT).div(s.sqrt().add(epsT))).intoArray(p, po + i);
        }}
        OptimKernels.adagradReference(p, po, g, go, sum, negClr, eps, weightDecay, maximize, i, to);
        return true;
    }}

    static boolean nadam({T}[] p, int po, {T}[] g, int go, {T}[] m, {T}[] v, double beta1, double beta2, double bc2Sqrt,
            double eps, double stepGrad, double stepAvg, double weightDecay, double decay, boolean maximize, int from,
            int to) {{
        {T} beta1T = {cast}beta1, omb1 = {cast}(1 - beta1), beta2T = {cast}beta2, omb2 = {cast}(1 - beta2);
        {T} bc2SqrtT = {cast}bc2Sqrt, epsT = {cast}eps, stepGradT = {cast}stepGrad, stepAvgT = {cast}stepAvg;
        {T} weightDecayT = {cast}weightDecay, decayT = {cast}decay;
        {V} wdV = {V}.broadcast({E}, weightDecayT), omb1V = {V}.broadcast({E}, omb1);
        boolean wd = weightDecay != 0;
        int i = from;
        for (int upper = from + {E}.loopBound(to - from); i < upper; i += {E}.length()) {{
            {V} gi = {V}.fromArray({E}, g, go + i);
            if (maximize) {{
                gi = gi.neg();
            }}
            {V} pi = {V}.fromArray({E}, p, po + i).mul(decayT);
            if (wd) {{
                gi = pi.fma(wdV, gi);
            }}
            {V} mi = gi.fma(omb1V, {V}.fromArray({E}, m, i).mul(beta1T));
            {V} vi = gi.mul(omb2).fma(gi, {V}.fromArray({E}, v, i).mul(beta2T));
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            {V} denom = vi.sqrt().div(bc2SqrtT).add(epsT);
            pi = pi.add(gi.mul(stepGradT).div(denom));
            pi.add(mi.mul(stepAvgT).div(denom)).intoArray(p, po + i);
        }}
        OptimKernels.nadamReference(p, po, g, go, m, v, beta1, beta2, bc2Sqrt, eps, stepGrad, stepAvg, weightDecay, decay,
                maximize, i, to);
        return true;
    }}

    static boolean lion({T}[] p, int po, {T}[] g, int go, {T}[] m, double lr, double beta1, double beta2,
            double weightDecay, boolean maximize, int from, int to) {{
        {T} beta1T = {cast}beta1, omb1 = {cast}(1 - beta1), beta2T = {cast}beta2, omb2 = {cast}(1 - beta2);
        {T} weightDecayT = {cast}weightDecay, negLrT = {cast}(-lr);
        {V} zero = {V}.zero({E}), one = {V}.broadcast({E}, ({T}) 1);
        int i = from;
        for (int upper = from + {E}.loopBound(to - from); i < upper; i += {E}.length()) {{
            {V} gi = {V}.fromArray({E}, g, go + i);
            if (maximize) {{
                gi = gi.neg();
            }}
            {V} pi = {V}.fromArray({E}, p, po + i);
            {V} mv = {V}.fromArray({E}, m, i);
            {V} c = mv.mul(beta1T).add(gi.mul(omb1));
            {V} sign = zero.blend(one, c.compare(VectorOperators.GT, ({T}) 0))
                    .sub(zero.blend(one, c.compare(VectorOperators.LT, ({T}) 0)));
            {V} u = sign.add(pi.mul(weightDecayT));
            pi.add(u.mul(negLrT)).intoArray(p, po + i);
            mv.mul(beta2T).add(gi.mul(omb2)).intoArray(m, i);
        }}
        OptimKernels.lionReference(p, po, g, go, m, lr, beta1, beta2, weightDecay, maximize, i, to);
        return true;
    }}

    static int firstNonFinite({T}[] a, int off, int n) {{
        int i = 0;
        for (int upper = {E}.loopBound(n); i < upper; i += {E}.length()) {{
            if (!{V}.fromArray({E}, a, off + i).test(VectorOperators.IS_FINITE).allTrue()) {{
                break;
            }}
        }}
        for (; i < n; i++) {{
            if (!{"Float" if T=="float" else "Double"}.isFinite(a[off + i])) {{
                return i;
            }}
        }}
        return -1;
    }}
'''
src = '''package dev.descent.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of the hottest optimizer kernels (SGD, Adam/AdamW, RMSprop, Adagrad, NAdam, Lion). Loaded only when {@code jdk.incubator.vector}
 * is in the boot layer (see {@link OptimKernels}); every method performs, lane by lane, exactly the
 * IEEE operations of the scalar reference in {@link OptimKernels} (the same fused multiply-adds
 * where the reference calls {@link Math#fma}), so results are bit-identical. The tail shorter than one vector is handed to the reference loop.
 *
 * <p>Generated by {@code scripts/gen/optim_kernels.py}.
 */
final class OptimVector {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    private OptimVector() {}

    /** True when vectors of more than one lane are available. */
    static boolean available() {
        return FS.length() > 1 && DS.length() > 1;
    }
''' + gen_vec("float", "FloatVector", "FS") + gen_vec("double", "DoubleVector", "DS") + "}\n"
open(os.path.join(KDIR, 'OptimVector.java'), 'w').write(src)
