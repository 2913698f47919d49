package dev.descent.surface;

import dev.descent.nn.Module;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes linear combinations {@code Σ_s c_s·src_s} of fixed source tensors straight into a module's
 * parameters and buffers, computed in double precision and rounded once to the target dtype: the hot
 * loop of a surface ({@code θ + αδ + βη}) and of an interpolation ({@code (1−α)θ₀ + αθ₁}). Writing
 * into the backing arrays allocates nothing; the storage version is bumped so that a graph that saved
 * the old values refuses to use them.
 */
final class Combiner {
    private record Slot(String name, float[] f, double[] d, int offset, double[][] sources) {}

    private final List<Slot> slots = new ArrayList<>();
    private final List<Tensor> targets = new ArrayList<>();
    private final int sourceCount;

    /**
     * @param target  the module whose tensors are written (its {@code stateDict} entries by name)
     * @param names   the entries to write
     * @param sources for each source s, a map name → tensor (same shapes as the targets)
     */
    Combiner(Module target, List<String> names, List<Map<String, Tensor>> sources) {
        this.sourceCount = sources.size();
        Map<String, Tensor> state = target.stateDict();
        for (String name : names) {
            Tensor t = state.get(name);
            if (t == null) {
                throw new IllegalArgumentException("the model has no parameter or buffer '" + name + "'");
            }
            if (!t.isContiguous()) {
                throw new IllegalStateException("parameter '" + name + "' is not contiguous; cannot write it in place");
            }
            double[][] src = new double[sources.size()][];
            for (int s = 0; s < sources.size(); s++) {
                Tensor v = sources.get(s).get(name);
                if (v == null) {
                    throw new IllegalArgumentException("source " + s + " has no entry '" + name + "'");
                }
                if (v.numel() != t.numel()) {
                    throw new IllegalArgumentException("entry '" + name + "' has " + v.numel() + " values in source " + s
                            + " but " + t.numel() + " in the model");
                }
                src[s] = v.detach().contiguous().toDoubleArray();
            }
            boolean single = t.dtype() == DType.FLOAT32;
            slots.add(new Slot(name, single ? t.storage().floats() : null, single ? null : t.storage().doubles(), t.offset(), src));
            targets.add(t);
        }
    }

    /** Writes {@code Σ_s coeffs[s]·src_s} into every target. */
    void set(double... coeffs) {
        if (coeffs.length != sourceCount) {
            throw new IllegalArgumentException("expected " + sourceCount + " coefficients, got " + coeffs.length);
        }
        for (Slot slot : slots) {
            double[][] src = slot.sources;
            int n = src[0].length;
            int o = slot.offset;
            if (sourceCount == 3) {
                double[] a = src[0];
                double[] b = src[1];
                double[] c = src[2];
                double ca = coeffs[0];
                double cb = coeffs[1];
                double cc = coeffs[2];
                if (slot.f != null) {
                    float[] f = slot.f;
                    for (int k = 0; k < n; k++) {
                        f[o + k] = (float) (ca * a[k] + cb * b[k] + cc * c[k]);
                    }
                } else {
                    double[] d = slot.d;
                    for (int k = 0; k < n; k++) {
                        d[o + k] = ca * a[k] + cb * b[k] + cc * c[k];
                    }
                }
            } else {
                for (int k = 0; k < n; k++) {
                    double v = 0;
                    for (int s = 0; s < sourceCount; s++) {
                        v += coeffs[s] * src[s][k];
                    }
                    if (slot.f != null) {
                        slot.f[o + k] = (float) v;
                    } else {
                        slot.d[o + k] = v;
                    }
                }
            }
        }
        for (Tensor t : targets) {
            t.storage().bumpVersion();
        }
    }
}
