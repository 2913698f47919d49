package dev.descent.nn;

import dev.descent.autograd.GradMode;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;

/**
 * Weight initialisations with PyTorch's formulas ({@code torch.nn.init}); each fills a tensor in
 * place from a seeded {@link Generator}. Fans follow PyTorch: for a weight of shape
 * {@code [out, in, k...]}, fan_in = in·∏k and fan_out = out·∏k.
 */
public final class Init {
    private static Generator global = new Generator(0);

    private Init() {}

    /** Re-seeds the generator used by layers built without an explicit one (like {@code torch.manual_seed}). */
    public static synchronized void manualSeed(long seed) {
        global = new Generator(seed);
    }

    /** The generator used by layers built without an explicit one. */
    public static synchronized Generator defaultGenerator() {
        return global;
    }

    /**
     * A new generator seeded from the next value of {@code gen}: an independent stream (e.g. for a
     * layer's dropout masks) whose draws do not shift the values {@code gen} gives afterwards.
     */
    public static Generator fork(Generator gen) {
        return new Generator(gen.nextLong());
    }

    /** Fan-in and fan-out of a weight tensor (rank ≥ 2). */
    public static int[] fans(Tensor w) {
        int[] s = w.shapeRef();
        if (s.length < 2) {
            throw new IllegalArgumentException("fan in and fan out need a tensor of rank >= 2, got rank " + s.length);
        }
        int receptive = 1;
        for (int i = 2; i < s.length; i++) {
            receptive *= s[i];
        }
        return new int[] {s[1] * receptive, s[0] * receptive};
    }

    /**
     * PyTorch's recommended gain: linear/conv/sigmoid 1, tanh 5/3, relu √2, leaky_relu √(2/(1+a²)), selu 3/4.
     */
    public static double gain(String nonlinearity, double param) {
        return switch (nonlinearity) {
            case "linear", "conv1d", "conv2d", "conv3d", "sigmoid", "identity" -> 1.0;
            case "tanh" -> 5.0 / 3.0;
            case "relu" -> Math.sqrt(2.0);
            case "leaky_relu" -> Math.sqrt(2.0 / (1 + param * param));
            case "selu" -> 0.75;
            default -> throw new IllegalArgumentException("unknown nonlinearity '" + nonlinearity
                    + "' (known: linear, conv2d, sigmoid, tanh, relu, leaky_relu, selu)");
        };
    }

    private static void fill(Tensor t, java.util.function.DoubleSupplier values) {
        Tensor c = t.isContiguous() ? t : null;
        try (var s = GradMode.noGrad()) {
            int n = t.numel();
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = values.getAsDouble();
            }
            Tensor src = Tensor.wrap(v, t.shapeRef());
            (c != null ? c : t).copy_(src);
        }
    }

    /** Uniform in [a, b). */
    public static Tensor uniform_(Tensor t, double a, double b, Generator gen) {
        fill(t, () -> a + (b - a) * gen.nextDouble());
        return t;
    }

    /** Normal with the given mean and standard deviation. */
    public static Tensor normal_(Tensor t, double mean, double std, Generator gen) {
        fill(t, () -> mean + std * gen.nextGaussian());
        return t;
    }

    /** Normal truncated to [a, b] (by rejection, as the distribution's definition). */
    public static Tensor truncNormal_(Tensor t, double mean, double std, double a, double b, Generator gen) {
        if (!(a < b)) {
            throw new IllegalArgumentException("truncNormal_: need a < b, got a=" + a + ", b=" + b);
        }
        fill(t, () -> {
            for (int tries = 0; tries < 10_000; tries++) {
                double v = mean + std * gen.nextGaussian();
                if (v >= a && v <= b) {
                    return v;
                }
            }
            return Math.max(a, Math.min(b, mean));
        });
        return t;
    }

    /** Every element set to {@code value}. */
    public static Tensor constant_(Tensor t, double value) {
        try (var s = GradMode.noGrad()) {
            t.fill_(value);
        }
        return t;
    }

    /** Zeros. */
    public static Tensor zeros_(Tensor t) {
        return constant_(t, 0.0);
    }

    /** Ones. */
    public static Tensor ones_(Tensor t) {
        return constant_(t, 1.0);
    }

    /** Glorot uniform: U(−b, b), b = gain·√(6/(fan_in+fan_out)). */
    public static Tensor xavierUniform_(Tensor t, double gain, Generator gen) {
        int[] f = fans(t);
        double bound = gain * Math.sqrt(6.0 / (f[0] + f[1]));
        return uniform_(t, -bound, bound, gen);
    }

    /** Glorot normal: N(0, gain²·2/(fan_in+fan_out)). */
    public static Tensor xavierNormal_(Tensor t, double gain, Generator gen) {
        int[] f = fans(t);
        return normal_(t, 0, gain * Math.sqrt(2.0 / (f[0] + f[1])), gen);
    }

    /** He uniform: U(−b, b), b = gain·√(3/fan), fan chosen by {@code fanIn}. */
    public static Tensor kaimingUniform_(Tensor t, double a, boolean fanIn, String nonlinearity, Generator gen) {
        int[] f = fans(t);
        double std = gain(nonlinearity, a) / Math.sqrt(fanIn ? f[0] : f[1]);
        double bound = Math.sqrt(3.0) * std;
        return uniform_(t, -bound, bound, gen);
    }

    /** He normal: N(0, gain²/fan). */
    public static Tensor kaimingNormal_(Tensor t, double a, boolean fanIn, String nonlinearity, Generator gen) {
        int[] f = fans(t);
        return normal_(t, 0, gain(nonlinearity, a) / Math.sqrt(fanIn ? f[0] : f[1]), gen);
    }

    /** LeCun normal: N(0, 1/fan_in). */
    public static Tensor lecunNormal_(Tensor t, Generator gen) {
        return normal_(t, 0, 1.0 / Math.sqrt(fans(t)[0]), gen);
    }

    /** LeCun uniform: U(−√(3/fan_in), √(3/fan_in)). */
    public static Tensor lecunUniform_(Tensor t, Generator gen) {
        double bound = Math.sqrt(3.0 / fans(t)[0]);
        return uniform_(t, -bound, bound, gen);
    }

    /**
     * A (semi-)orthogonal matrix times {@code gain}, as PyTorch: QR of a Gaussian matrix of shape
     * [rows, cols] (transposed when rows &lt; cols), with Q's columns sign-corrected by diag(R).
     */
    public static Tensor orthogonal_(Tensor t, double gain, Generator gen) {
        int[] s = t.shapeRef();
        if (s.length < 2) {
            throw new IllegalArgumentException("orthogonal_: only tensors with 2 or more dimensions are supported");
        }
        int rows = s[0];
        int cols = t.numel() / rows;
        boolean transposed = rows < cols;
        int m = transposed ? cols : rows;
        int n = transposed ? rows : cols;
        double[][] a = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = gen.nextGaussian();
            }
        }
        // Modified Gram–Schmidt: a = QR with R's diagonal positive, which is the sign correction.
        double[][] q = new double[m][n];
        for (int j = 0; j < n; j++) {
            double[] v = new double[m];
            for (int i = 0; i < m; i++) {
                v[i] = a[i][j];
            }
            for (int k = 0; k < j; k++) {
                double dot = 0;
                for (int i = 0; i < m; i++) {
                    dot += q[i][k] * v[i];
                }
                for (int i = 0; i < m; i++) {
                    v[i] -= dot * q[i][k];
                }
            }
            double norm = 0;
            for (double x : v) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < m; i++) {
                q[i][j] = v[i] / norm;
            }
        }
        double[] flat = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                flat[r * cols + c] = gain * (transposed ? q[c][r] : q[r][c]);
            }
        }
        try (var sc = GradMode.noGrad()) {
            t.copy_(Tensor.wrap(flat, s));
        }
        return t;
    }

    /** A new tensor of the given shape filled by PyTorch's default layer rule U(−1/√fan_in, 1/√fan_in). */
    static Tensor defaultUniform(DType dtype, int fanIn, Generator gen, int... shape) {
        Tensor t = Tensor.zeros(dtype, shape);
        double bound = fanIn > 0 ? 1.0 / Math.sqrt(fanIn) : 0;
        return uniform_(t, -bound, bound, gen);
    }
}
