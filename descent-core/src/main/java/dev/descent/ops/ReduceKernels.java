package dev.descent.ops;

import dev.descent.tensor.Storage;

/**
 * Scalar reference loops for the reductions along one dimension (prod, max/min, arg-max/min,
 * variance, log-sum-exp) and for softmax. Each walks lanes given by their start offsets and one
 * stride (see {@link Lanes}); outputs indexed by lane are contiguous. Accumulation is in double for
 * both element types. These are the slow twins that faster kernels are tested against.
 */
final class ReduceKernels {
    private ReduceKernels() {}

    /** out[lane] = product of the lane (1 for an empty lane). */
    static void prod(Storage s, int[] starts, int stride, int len, Storage out) {
        for (int l = 0; l < starts.length; l++) {
            double p = 1.0;
            for (int i = 0, pos = starts[l]; i < len; i++, pos += stride) {
                p *= Loops.read(s, pos);
            }
            Loops.write(out, l, p);
        }
    }

    /**
     * gradIn[j] = g[gOff + lane]·∏_{k≠j} x[k] for every element of every lane: prefix and suffix products,
     * so zeros in the input need no division (one zero: only its position gets a gradient).
     * {@code gradIn} is contiguous with x's shape, written at {@code outStarts} with {@code outStride}.
     */
    static void prodBackward(Storage x, int[] starts, int stride, int len, Storage g, int gOff,
                             Storage gradIn, int[] outStarts, int outStride) {
        double[] prefix = new double[len];
        for (int l = 0; l < starts.length; l++) {
            double gl = Loops.read(g, gOff + l);
            double p = 1.0;
            for (int i = 0, pos = starts[l]; i < len; i++, pos += stride) {
                prefix[i] = p;
                p *= Loops.read(x, pos);
            }
            double suffix = 1.0;
            for (int i = len - 1; i >= 0; i--) {
                int pos = starts[l] + i * stride;
                Loops.write(gradIn, outStarts[l] + i * outStride, gl * prefix[i] * suffix);
                suffix *= Loops.read(x, pos);
            }
        }
    }

    /**
     * Largest (or smallest) element of each lane and the position of its first occurrence. NaN
     * wins over any number, as in PyTorch. Either output may be null. The lane must not be empty.
     */
    static void extreme(Storage s, int[] starts, int stride, int len, boolean max, Storage values, Storage indices) {
        for (int l = 0; l < starts.length; l++) {
            int pos = starts[l];
            double best = Loops.read(s, pos);
            int at = 0;
            if (!Double.isNaN(best)) {
                for (int i = 1; i < len; i++) {
                    pos += stride;
                    double v = Loops.read(s, pos);
                    if (Double.isNaN(v)) {
                        best = v;
                        at = i;
                        break;
                    }
                    if (max ? v > best : v < best) {
                        best = v;
                        at = i;
                    }
                }
            }
            if (values != null) {
                Loops.write(values, l, best);
            }
            if (indices != null) {
                Loops.write(indices, l, at);
            }
        }
    }

    /**
     * mask[j] = 1 where x[j] equals its lane's extreme value {@code ext[extOff + lane]} (NaN matching NaN),
     * else 0; mask is contiguous with x's shape, written at {@code outStarts} with {@code outStride}.
     */
    static void matches(Storage x, int[] starts, int stride, int len, Storage ext, int extOff,
                        Storage mask, int[] outStarts, int outStride) {
        for (int l = 0; l < starts.length; l++) {
            double e = Loops.read(ext, extOff + l);
            boolean nan = Double.isNaN(e);
            for (int i = 0; i < len; i++) {
                double v = Loops.read(x, starts[l] + i * stride);
                boolean hit = nan ? Double.isNaN(v) : v == e;
                Loops.write(mask, outStarts[l] + i * outStride, hit ? 1.0 : 0.0);
            }
        }
    }

    /**
     * Variance of each lane with divisor max(0, len − correction) (two passes, so that a large mean
     * does not swamp the deviations); its square root when {@code sqrt}.
     */
    static void variance(Storage s, int[] starts, int stride, int len, int correction, boolean sqrt, Storage out) {
        double divisor = Math.max(0, len - correction);
        for (int l = 0; l < starts.length; l++) {
            double sum = 0;
            for (int i = 0, pos = starts[l]; i < len; i++, pos += stride) {
                sum += Loops.read(s, pos);
            }
            double mean = sum / len;
            double ss = 0;
            for (int i = 0, pos = starts[l]; i < len; i++, pos += stride) {
                double dev = Loops.read(s, pos) - mean;
                ss += dev * dev;
            }
            double v = ss / divisor;
            Loops.write(out, l, sqrt ? Math.sqrt(v) : v);
        }
    }

    /**
     * log Σ exp of each lane, shifted by the lane maximum. An infinite maximum is not subtracted
     * (PyTorch's rule): a lane of −∞ gives −∞, a lane holding +∞ gives +∞; an empty lane gives −∞.
     */
    static void logsumexp(Storage s, int[] starts, int stride, int len, Storage out) {
        for (int l = 0; l < starts.length; l++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int i = 0, pos = starts[l]; i < len; i++, pos += stride) {
                double v = Loops.read(s, pos);
                m = v > m || Double.isNaN(v) ? v : m;
            }
            double shift = Double.isInfinite(m) ? 0.0 : m;
            double sum = 0;
            for (int i = 0, pos = starts[l]; i < len; i++, pos += stride) {
                sum += Math.exp(Loops.read(s, pos) - shift);
            }
            Loops.write(out, l, Math.log(sum) + shift);
        }
    }

    /** Softmax (or log-softmax) of every lane: in at {@code inStarts}/{@code inStride}, out likewise. */
    static void softmax(Storage in, int[] inStarts, int inStride, int len, boolean log,
                        Storage out, int[] outStarts, int outStride) {
        for (int l = 0; l < inStarts.length; l++) {
            softmaxLane(in, inStarts[l], inStride, len, log, out, outStarts[l], outStride);
        }
    }

    /** Fast path: softmax of {@code rows} contiguous rows of length {@code len} into a contiguous out. */
    static void softmaxRows(Storage in, int inOffset, int rows, int len, boolean log, Storage out) {
        float[] f = in.floats();
        if (f != null) {
            float[] o = out.floats();
            for (int r = 0; r < rows; r++) {
                int base = inOffset + r * len;
                int ob = r * len;
                float m = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < len; i++) {
                    float v = f[base + i];
                    m = v > m || Float.isNaN(v) ? v : m;
                }
                double sum = 0;
                for (int i = 0; i < len; i++) {
                    sum += Math.exp(f[base + i] - m);
                }
                if (log) {
                    double lse = m + Math.log(sum);
                    for (int i = 0; i < len; i++) {
                        o[ob + i] = (float) (f[base + i] - lse);
                    }
                } else {
                    double inv = 1.0 / sum;
                    for (int i = 0; i < len; i++) {
                        o[ob + i] = (float) (Math.exp(f[base + i] - m) * inv);
                    }
                }
            }
            return;
        }
        for (int r = 0; r < rows; r++) {
            softmaxLane(in, inOffset + r * len, 1, len, log, out, r * len, 1);
        }
    }

    private static void softmaxLane(Storage in, int start, int stride, int len, boolean log,
                                    Storage out, int outStart, int outStride) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0, pos = start; i < len; i++, pos += stride) {
            double v = Loops.read(in, pos);
            m = v > m || Double.isNaN(v) ? v : m;
        }
        // Subtracting the maximum keeps exp() from overflowing; a lane of -inf gives NaN, as in PyTorch.
        double sum = 0;
        for (int i = 0, pos = start; i < len; i++, pos += stride) {
            sum += Math.exp(Loops.read(in, pos) - m);
        }
        double lse = m + Math.log(sum);
        double inv = 1.0 / sum;
        for (int i = 0, pos = start, o = outStart; i < len; i++, pos += stride, o += outStride) {
            double v = Loops.read(in, pos);
            Loops.write(out, o, log ? v - lse : Math.exp(v - m) * inv);
        }
    }

    /**
     * One-pass softmax backward on lanes shared by g, y and the result (all laid out alike):
     * softmax: dx = y·(g − Σ g·y); log-softmax: dx = g − e^y·Σ g.
     */
    static void softmaxBackward(Storage g, Storage y, int[] starts, int stride, int len, boolean log, Storage dx) {
        for (int l = 0; l < starts.length; l++) {
            int start = starts[l];
            double acc = 0;
            for (int i = 0, pos = start; i < len; i++, pos += stride) {
                double gv = Loops.read(g, pos);
                acc += log ? gv : gv * Loops.read(y, pos);
            }
            for (int i = 0, pos = start; i < len; i++, pos += stride) {
                double gv = Loops.read(g, pos);
                double yv = Loops.read(y, pos);
                Loops.write(dx, pos, log ? gv - Math.exp(yv) * acc : yv * (gv - acc));
            }
        }
    }
}
