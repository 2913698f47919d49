package dev.descent.data;

import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import java.util.Arrays;

/**
 * Batch transforms for images {@code [B, C, H, W]}: per-channel normalization and the CIFAR-style
 * augmentations (random crop with zero padding, random horizontal flip). They work on float32 and
 * float64 batches and draw their random numbers from the generator they are given, one sample at a
 * time in batch order, so the same generator state gives the same batch.
 *
 * <pre>{@code
 * Transform train = Transforms.randomCrop(32, 4)
 *         .andThen(Transforms.randomHorizontalFlip(0.5))
 *         .andThen(Transforms.normalize(mean, std));
 * }</pre>
 */
public final class Transforms {
    private Transforms() {}

    /** Applies {@code transforms} in order. */
    public static Transform compose(Transform... transforms) {
        Transform[] ts = transforms.clone();
        return named("compose(" + String.join(", ", Arrays.stream(ts).map(String::valueOf).toList()) + ")", (batch, gen) -> {
            Tensor x = batch;
            for (Transform t : ts) {
                x = t.apply(x, gen);
            }
            return x;
        });
    }

    /**
     * {@code x[:, c] = (x[:, c] - mean[c]) / std[c]} for a batch {@code [B, C, ...]}, in place.
     * Deterministic: the generator is not used.
     */
    public static Transform normalize(double[] mean, double[] std) {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("normalize needs one mean and one std per channel, got "
                    + mean.length + " means and " + std.length + " stds");
        }
        for (int c = 0; c < std.length; c++) {
            if (!(std[c] > 0) || !Double.isFinite(std[c]) || !Double.isFinite(mean[c])) {
                throw new IllegalArgumentException("normalize: channel " + c + " has mean " + mean[c] + " and std " + std[c]
                        + " (std must be positive and finite)");
            }
        }
        double[] m = mean.clone();
        double[] s = std.clone();
        return named("normalize(mean=" + Arrays.toString(m) + ", std=" + Arrays.toString(s) + ")", (batch, gen) -> {
            Tensor x = owned(batch);
            if (x.dim() < 2 || x.size(1) != m.length) {
                throw new IllegalArgumentException("normalize for " + m.length + " channels got a batch of shape "
                        + Arrays.toString(x.shape()) + " (expected [B, " + m.length + ", ...])");
            }
            int b = x.size(0);
            int plane = x.numel() / Math.max(1, b * m.length);
            float[] f = x.storage().floats();
            double[] d = x.storage().doubles();
            for (int i = 0; i < b; i++) {
                for (int c = 0; c < m.length; c++) {
                    int base = (i * m.length + c) * plane;
                    double mc = m[c];
                    double inv = 1.0 / s[c];
                    if (f != null) {
                        for (int k = base; k < base + plane; k++) {
                            f[k] = (float) ((f[k] - mc) * inv);
                        }
                    } else {
                        for (int k = base; k < base + plane; k++) {
                            d[k] = (d[k] - mc) * inv;
                        }
                    }
                }
            }
            x.storage().bumpVersion();
            return x;
        });
    }

    /**
     * Pads each image with {@code padding} zeros on every side, then crops a random
     * {@code size × size} window: the CIFAR-10 recipe is {@code randomCrop(32, 4)}. For each sample
     * the generator draws the top offset, then the left offset, each uniform in
     * {@code [0, H + 2·padding - size]}.
     */
    public static Transform randomCrop(int size, int padding) {
        if (size <= 0 || padding < 0) {
            throw new IllegalArgumentException("randomCrop needs size > 0 and padding >= 0, got size " + size + ", padding " + padding);
        }
        return named("randomCrop(size=" + size + ", padding=" + padding + ")", (batch, gen) -> {
            Tensor x = batch.contiguous();
            if (x.dim() != 4) {
                throw new IllegalArgumentException("randomCrop needs images [B, C, H, W], got " + Arrays.toString(x.shape()));
            }
            int bs = x.size(0);
            int ch = x.size(1);
            int h = x.size(2);
            int w = x.size(3);
            if (h + 2 * padding < size || w + 2 * padding < size) {
                throw new IllegalArgumentException("randomCrop(" + size + ", " + padding + ") cannot crop " + size + "×" + size
                        + " from " + h + "×" + w + " images padded by " + padding);
            }
            Object src = x.dtype() == DType.FLOAT32 ? x.storage().floats() : x.storage().doubles();
            int srcOff = x.offset();
            Object dst = x.dtype() == DType.FLOAT32 ? new float[bs * ch * size * size] : new double[bs * ch * size * size];
            for (int i = 0; i < bs; i++) {
                int top = gen.nextInt(h + 2 * padding - size + 1) - padding;
                int left = gen.nextInt(w + 2 * padding - size + 1) - padding;
                int j0 = Math.max(0, -left);
                int j1 = Math.min(size, w - left);
                for (int c = 0; c < ch; c++) {
                    for (int r = 0; r < size; r++) {
                        int sr = top + r;
                        if (sr < 0 || sr >= h || j1 <= j0) {
                            continue; // zero padding
                        }
                        int from = srcOff + ((i * ch + c) * h + sr) * w + left + j0;
                        int to = ((i * ch + c) * size + r) * size + j0;
                        System.arraycopy(src, from, dst, to, j1 - j0);
                    }
                }
            }
            return dst instanceof float[] f ? Tensor.wrap(f, bs, ch, size, size) : Tensor.wrap((double[]) dst, bs, ch, size, size);
        });
    }

    /** Mirrors each image left–right with probability {@code p} (one {@code nextDouble()} per sample), in place. */
    public static Transform randomHorizontalFlip(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("flip probability must be in [0, 1], got " + p);
        }
        return named("randomHorizontalFlip(p=" + p + ")", (batch, gen) -> {
            Tensor x = owned(batch);
            if (x.dim() != 4) {
                throw new IllegalArgumentException("randomHorizontalFlip needs images [B, C, H, W], got " + Arrays.toString(x.shape()));
            }
            int bs = x.size(0);
            int rows = x.size(1) * x.size(2);
            int w = x.size(3);
            float[] f = x.storage().floats();
            double[] d = x.storage().doubles();
            for (int i = 0; i < bs; i++) {
                if (gen.nextDouble() >= p) {
                    continue;
                }
                for (int r = 0; r < rows; r++) {
                    int a = (i * rows + r) * w;
                    for (int lo = a, hi = a + w - 1; lo < hi; lo++, hi--) {
                        if (f != null) {
                            float t = f[lo];
                            f[lo] = f[hi];
                            f[hi] = t;
                        } else {
                            double t = d[lo];
                            d[lo] = d[hi];
                            d[hi] = t;
                        }
                    }
                }
            }
            x.storage().bumpVersion();
            return x;
        });
    }

    /**
     * Per-channel mean and (population) standard deviation of images {@code [N, C, ...]}, as
     * {@code {mean, std}}: the arguments {@link #normalize} wants. Accumulates in double.
     */
    public static double[][] channelStats(Tensor images) {
        if (images.dim() < 2) {
            throw new IllegalArgumentException("channelStats needs [N, C, ...], got " + Arrays.toString(images.shape()));
        }
        int n = images.size(0);
        int ch = images.size(1);
        int plane = images.numel() / Math.max(1, n * ch);
        double[] v = images.toDoubleArray();
        double[] mean = new double[ch];
        double[] std = new double[ch];
        for (int c = 0; c < ch; c++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                for (int k = 0, base = (i * ch + c) * plane; k < plane; k++) {
                    sum += v[base + k];
                }
            }
            double mu = sum / ((double) n * plane);
            double sq = 0;
            for (int i = 0; i < n; i++) {
                for (int k = 0, base = (i * ch + c) * plane; k < plane; k++) {
                    double dv = v[base + k] - mu;
                    sq += dv * dv;
                }
            }
            mean[c] = mu;
            std[c] = Math.sqrt(sq / ((double) n * plane));
        }
        return new double[][] {mean, std};
    }

    /** A transform whose {@code toString()} is {@code description}, so run configurations can record it. */
    public static Transform named(String description, Transform body) {
        return new Named(description, body);
    }

    private record Named(String description, Transform body) implements Transform {
        @Override
        public Tensor apply(Tensor batch, Generator gen) {
            return body.apply(batch, gen);
        }

        @Override
        public String toString() {
            return description;
        }
    }

    /** A contiguous tensor with offset 0 whose storage holds exactly its elements, safe to edit in place. */
    private static Tensor owned(Tensor t) {
        boolean packed = t.isContiguous() && t.offset() == 0 && t.storage().floatsOrDoublesLength() == t.numel();
        return packed ? t : t.clone().detach();
    }
}
