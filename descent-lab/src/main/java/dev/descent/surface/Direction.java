package dev.descent.surface;

import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A direction in parameter space: one tensor per named parameter, with the parameter's name, shape
 * and dtype. Immutable (tensors are copied in and handed out as copies' views are never written).
 */
public final class Direction {
    private final LinkedHashMap<String, Tensor> tensors;

    private Direction(LinkedHashMap<String, Tensor> tensors) {
        this.tensors = tensors;
    }

    /** A direction holding copies of {@code tensors} (in the map's order). */
    public static Direction of(Map<String, Tensor> tensors) {
        LinkedHashMap<String, Tensor> copy = new LinkedHashMap<>();
        tensors.forEach((k, v) -> copy.put(k, v.detach().contiguous().clone()));
        return new Direction(copy);
    }

    /**
     * A Gaussian direction shaped like {@code params}: each tensor filled from {@code gen} in the
     * map's order (so a seed fixes every bit), in the parameter's dtype.
     */
    public static Direction gaussian(Map<String, Tensor> params, Generator gen) {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        params.forEach((k, v) -> out.put(k, Tensor.randn(gen, v.dtype(), v.shape())));
        return new Direction(out);
    }

    /** The tensor for each name (do not modify). */
    public Map<String, Tensor> tensors() {
        return Collections.unmodifiableMap(tensors);
    }

    /** The names, in order. */
    public List<String> names() {
        return new ArrayList<>(tensors.keySet());
    }

    /** The tensor of one parameter. */
    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("the direction has no entry '" + name + "' (it has " + tensors.keySet() + ")");
        }
        return t;
    }

    /** The Euclidean norm over all entries. */
    public double norm() {
        return Math.sqrt(dot(this));
    }

    /** ⟨this, other⟩ over the names of this direction (other must have them all, with equal shapes). */
    public double dot(Direction other) {
        double s = 0;
        for (var e : tensors.entrySet()) {
            double[] a = e.getValue().toDoubleArray();
            double[] b = other.get(e.getKey()).toDoubleArray();
            if (a.length != b.length) {
                throw new IllegalArgumentException("direction entries '" + e.getKey() + "' differ in size: " + a.length
                        + " and " + b.length);
            }
            for (int i = 0; i < a.length; i++) {
                s += a[i] * b[i];
            }
        }
        return s;
    }

    /** All entries in one vector, in name order. */
    public double[] flatten() {
        int n = 0;
        for (Tensor t : tensors.values()) {
            n += t.numel();
        }
        double[] out = new double[n];
        int o = 0;
        for (Tensor t : tensors.values()) {
            double[] d = t.toDoubleArray();
            System.arraycopy(d, 0, out, o, d.length);
            o += d.length;
        }
        return out;
    }

    /** The direction with entries {@code flat} (in name order) shaped and typed like {@code like}. */
    public static Direction fromFlat(Map<String, Tensor> like, double[] flat) {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        int o = 0;
        for (var e : like.entrySet()) {
            Tensor t = e.getValue();
            int n = t.numel();
            if (o + n > flat.length) {
                throw new IllegalArgumentException("flat vector of length " + flat.length + " is too short for the parameters");
            }
            Tensor d = Tensor.wrap(Arrays.copyOfRange(flat, o, o + n), t.shape());
            out.put(e.getKey(), t.dtype() == DType.FLOAT64 ? d : d.to(t.dtype()));
            o += n;
        }
        if (o != flat.length) {
            throw new IllegalArgumentException("flat vector of length " + flat.length + " for parameters of total size " + o);
        }
        return new Direction(out);
    }

    /**
     * This direction scaled to {@code params} as LL's {@code normalize_directions_for_weights}: tensors of
     * dimension above 1 by {@code norm} (filter, layer or none); tensors of dimension ≤ 1 (biases,
     * batch-norm γ and β) become zero when {@code ignoreBiasBn} (LL's {@code --xignore biasbn}) and
     * otherwise a copy of the parameter itself ({@code d = θ}), which is what LL does, not a random vector.
     */
    public Direction normalized(Map<String, Tensor> params, Normalization norm, boolean ignoreBiasBn) {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (var e : tensors.entrySet()) {
            Tensor theta = params.get(e.getKey());
            if (theta == null) {
                throw new IllegalArgumentException("no parameter '" + e.getKey() + "' to normalize the direction against");
            }
            Tensor d = e.getValue();
            if (!Arrays.equals(theta.shapeRef(), d.shapeRef())) {
                throw new IllegalArgumentException("direction entry '" + e.getKey() + "' has shape " + Arrays.toString(d.shape())
                        + " but the parameter has " + Arrays.toString(theta.shape()));
            }
            double[] dv = d.toDoubleArray();
            double[] tv = theta.detach().contiguous().toDoubleArray();
            if (d.dim() <= 1) {
                if (ignoreBiasBn) {
                    Arrays.fill(dv, 0);
                } else {
                    dv = tv.clone();
                }
            } else {
                switch (norm) {
                    case FILTER -> {
                        int filters = d.size(0);
                        int per = dv.length / filters;
                        for (int f = 0; f < filters; f++) {
                            scaleSlice(dv, tv, f * per, per);
                        }
                    }
                    case LAYER -> scaleSlice(dv, tv, 0, dv.length);
                    case NONE -> { }
                    default -> throw new IllegalStateException();
                }
            }
            Tensor t = Tensor.wrap(dv, d.shape());
            out.put(e.getKey(), d.dtype() == DType.FLOAT64 ? t : t.to(d.dtype()));
        }
        return new Direction(out);
    }

    private static void scaleSlice(double[] d, double[] theta, int from, int len) {
        double dn = 0;
        double tn = 0;
        for (int i = from; i < from + len; i++) {
            dn += d[i] * d[i];
            tn += theta[i] * theta[i];
        }
        double c = Math.sqrt(tn) / (Math.sqrt(dn) + 1e-10);
        for (int i = from; i < from + len; i++) {
            d[i] *= c;
        }
    }

    @Override
    public String toString() {
        return "Direction(" + tensors.size() + " tensors, norm " + norm() + ")";
    }
}
