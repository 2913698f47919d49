package dev.descent.data;

import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import java.util.List;

/**
 * Small synthetic data sets, generated from a seed (the same seed gives the same bits everywhere),
 * float32, with exactly balanced classes. Convert with {@link TensorDataset#to} for float64.
 *
 * <table>
 * <caption>The sets</caption>
 * <tr><th>set</th><th>features</th><th>labels</th></tr>
 * <tr><td>{@link #spirals}</td><td>[N, 2]</td><td>k arms</td></tr>
 * <tr><td>{@link #moons}</td><td>[N, 2]</td><td>2 classes</td></tr>
 * <tr><td>{@link #circles}</td><td>[N, 2]</td><td>2 classes</td></tr>
 * <tr><td>{@link #blobs}</td><td>[N, D]</td><td>k Gaussian clusters</td></tr>
 * <tr><td>{@link #linear}</td><td>[N, D]</td><td>regression, y = x·w + b + noise</td></tr>
 * <tr><td>{@link #sine}</td><td>[N, 1]</td><td>regression, y = sin x + noise</td></tr>
 * <tr><td>{@link #images}</td><td>[N, C, S, S]</td><td>10 bar orientations</td></tr>
 * </table>
 */
public final class Synthetic {
    private Synthetic() {}

    /** A linear regression problem and the truth behind it. */
    public record Regression(TensorDataset data, double[] weights, double bias) {}

    private static void checkN(int n, int classes) {
        if (n < classes || classes < 1) {
            throw new IllegalArgumentException("need at least one example per class: " + n + " examples for " + classes + " classes");
        }
    }

    /**
     * {@code arms} interleaved spiral arms in the plane, {@code n} points in all (arm sizes differ
     * by at most one). Arm k: radius {@code r = t}, angle {@code 2πk/arms + 2.5πt}, t uniform in
     * (0, 1], plus Gaussian noise of standard deviation {@code noise} on each coordinate.
     */
    public static TensorDataset spirals(int n, int arms, double noise, long seed) {
        checkN(n, arms);
        Generator g = new Generator(seed);
        float[] x = new float[2 * n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            int k = i % arms;
            double t = 1 - g.nextDouble();
            double theta = 2 * Math.PI * k / arms + 2.5 * Math.PI * t;
            x[2 * i] = (float) (t * Math.cos(theta) + noise * g.nextGaussian());
            x[2 * i + 1] = (float) (t * Math.sin(theta) + noise * g.nextGaussian());
            y[i] = k;
        }
        return new TensorDataset(Tensor.wrap(x, n, 2), Tensor.wrap(y, n), arms, List.of());
    }

    /** Two interleaving half circles (scikit-learn's {@code make_moons}): outer class 0, inner class 1. */
    public static TensorDataset moons(int n, double noise, long seed) {
        checkN(n, 2);
        Generator g = new Generator(seed);
        float[] x = new float[2 * n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            int k = i % 2;
            double t = Math.PI * g.nextDouble();
            double a = k == 0 ? Math.cos(t) : 1 - Math.cos(t);
            double b = k == 0 ? Math.sin(t) : 0.5 - Math.sin(t);
            x[2 * i] = (float) (a + noise * g.nextGaussian());
            x[2 * i + 1] = (float) (b + noise * g.nextGaussian());
            y[i] = k;
        }
        return new TensorDataset(Tensor.wrap(x, n, 2), Tensor.wrap(y, n), 2, List.of());
    }

    /** Two concentric circles: radius 1 is class 0, radius {@code factor} (in (0, 1)) class 1. */
    public static TensorDataset circles(int n, double noise, double factor, long seed) {
        checkN(n, 2);
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("circles: factor must be in (0, 1), got " + factor);
        }
        Generator g = new Generator(seed);
        float[] x = new float[2 * n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            int k = i % 2;
            double r = k == 0 ? 1 : factor;
            double t = 2 * Math.PI * g.nextDouble();
            x[2 * i] = (float) (r * Math.cos(t) + noise * g.nextGaussian());
            x[2 * i + 1] = (float) (r * Math.sin(t) + noise * g.nextGaussian());
            y[i] = k;
        }
        return new TensorDataset(Tensor.wrap(x, n, 2), Tensor.wrap(y, n), 2, List.of());
    }

    /**
     * {@code centers} isotropic Gaussian clusters in {@code dim} dimensions: centers uniform in
     * [-5, 5]<sup>dim</sup> (drawn first), then points with standard deviation {@code std}; example i
     * belongs to cluster {@code i % centers}.
     */
    public static TensorDataset blobs(int n, int centers, int dim, double std, long seed) {
        checkN(n, centers);
        if (dim < 1) {
            throw new IllegalArgumentException("blobs: dim must be positive, got " + dim);
        }
        Generator g = new Generator(seed);
        double[] c = new double[centers * dim];
        for (int i = 0; i < c.length; i++) {
            c[i] = -5 + 10 * g.nextDouble();
        }
        float[] x = new float[n * dim];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            int k = i % centers;
            for (int d = 0; d < dim; d++) {
                x[i * dim + d] = (float) (c[k * dim + d] + std * g.nextGaussian());
            }
            y[i] = k;
        }
        return new TensorDataset(Tensor.wrap(x, n, dim), Tensor.wrap(y, n), centers, List.of());
    }

    /**
     * Linear regression: weights and bias standard normal (drawn first), features standard normal,
     * targets {@code y = x·w + b + noise·ε}.
     */
    public static Regression linear(int n, int dim, double noise, long seed) {
        checkN(n, 1);
        Generator g = new Generator(seed);
        double[] w = new double[dim];
        for (int d = 0; d < dim; d++) {
            w[d] = g.nextGaussian();
        }
        double b = g.nextGaussian();
        float[] x = new float[n * dim];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double s = b;
            for (int d = 0; d < dim; d++) {
                float v = (float) g.nextGaussian();
                x[i * dim + d] = v;
                s += v * w[d];
            }
            y[i] = (float) (s + noise * g.nextGaussian());
        }
        return new Regression(new TensorDataset(Tensor.wrap(x, n, dim), Tensor.wrap(y, n), 0, List.of()), w, b);
    }

    /** {@code y = sin x + noise·ε} with x uniform in [-π, π]: features {@code [N, 1]}, targets {@code [N]}. */
    public static TensorDataset sine(int n, double noise, long seed) {
        checkN(n, 1);
        Generator g = new Generator(seed);
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double v = Math.PI * (2 * g.nextDouble() - 1);
            x[i] = (float) v;
            y[i] = (float) (Math.sin(v) + noise * g.nextGaussian());
        }
        return new TensorDataset(Tensor.wrap(x, n, 1), Tensor.wrap(y, n), 0, List.of());
    }

    /** Number of classes of {@link #images}. */
    public static final int IMAGE_CLASSES = 10;

    /**
     * Small pattern images {@code [N, channels, size, size]} in [0, 1], 10 classes: class k is a
     * bright bar at orientation {@code k · 18°} (± 4.5°), with random position, length, thickness,
     * brightness and (for several channels) colour, an unrelated faint blob in half of the images,
     * and Gaussian pixel noise of standard deviation {@code noise}. Neighbouring classes differ by
     * only 18°, so the set is learnable but not trivial; try {@code images(n, 1, 16, 0.1, seed)} or
     * {@code images(n, 3, 32, 0.1, seed)}. Example i has class {@code i % 10}.
     */
    public static TensorDataset images(int n, int channels, int size, double noise, long seed) {
        checkN(n, IMAGE_CLASSES);
        if (channels < 1 || size < 4) {
            throw new IllegalArgumentException("images: need channels >= 1 and size >= 4, got " + channels + " and " + size);
        }
        Generator g = new Generator(seed);
        int plane = size * size;
        float[] x = new float[n * channels * plane];
        float[] y = new float[n];
        double[] pattern = new double[plane];
        double[] colour = new double[channels];
        for (int i = 0; i < n; i++) {
            int k = i % IMAGE_CLASSES;
            double theta = Math.PI * k / IMAGE_CLASSES + (g.nextDouble() - 0.5) * Math.PI / 20;
            double cx = (size - 1) / 2.0 + (g.nextDouble() - 0.5) * size / 3.0;
            double cy = (size - 1) / 2.0 + (g.nextDouble() - 0.5) * size / 3.0;
            double half = size * (0.45 + 0.3 * g.nextDouble()) / 2;
            double width = Math.max(0.6, size * (0.04 + 0.04 * g.nextDouble()));
            double amp = 0.6 + 0.4 * g.nextDouble();
            boolean blob = g.nextDouble() < 0.5;
            double bx = size * g.nextDouble();
            double by = size * g.nextDouble();
            double br = size * (0.06 + 0.06 * g.nextDouble());
            double bamp = 0.3 + 0.3 * g.nextDouble();
            for (int c = 0; c < channels; c++) {
                colour[c] = channels == 1 ? 1 : 0.35 + 0.65 * g.nextDouble();
            }
            double cos = Math.cos(theta);
            double sin = Math.sin(theta);
            for (int r = 0; r < size; r++) {
                for (int col = 0; col < size; col++) {
                    double dx = col - cx;
                    double dy = r - cy;
                    double along = dx * cos + dy * sin;
                    double across = -dx * sin + dy * cos;
                    double v = amp * Math.exp(-0.5 * (across / width) * (across / width))
                            * Math.clamp(half - Math.abs(along) + 0.5, 0.0, 1.0);
                    if (blob) {
                        double ex = col - bx;
                        double ey = r - by;
                        v += bamp * Math.exp(-0.5 * (ex * ex + ey * ey) / (br * br));
                    }
                    pattern[r * size + col] = v;
                }
            }
            for (int c = 0; c < channels; c++) {
                int base = (i * channels + c) * plane;
                for (int p = 0; p < plane; p++) {
                    double v = pattern[p] * colour[c] + noise * g.nextGaussian();
                    x[base + p] = (float) Math.clamp(v, 0.0, 1.0);
                }
            }
            y[i] = k;
        }
        List<String> names = new java.util.ArrayList<>();
        for (int k = 0; k < IMAGE_CLASSES; k++) {
            names.add("bar " + (k * 180 / IMAGE_CLASSES) + "°");
        }
        return new TensorDataset(Tensor.wrap(x, n, channels, size, size), Tensor.wrap(y, n), IMAGE_CLASSES, names);
    }
}
