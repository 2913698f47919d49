package dev.descent.surface.curvature;

import dev.descent.autograd.Engine;
import dev.descent.data.Batch;
import dev.descent.nn.Module;
import dev.descent.surface.Loss;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exact Hessian-vector product of the mean loss over a fixed set of batches, by double backward
 * (Pearlmutter's trick as PyHessian and LL do it): with {@code g = ∇_θ L(θ)} recorded as a graph
 * ({@code createGraph}), {@code H v = ∇_θ ⟨g, v⟩}, i.e. {@code Engine.grad(g, v, θ)}.
 *
 * <p>Over several batches the products are weighted by batch size, {@code H v = Σ_b (n_b/N) H_b v},
 * as PyHessian's dataloader mode (with a zero accumulator: PyHessian issue #4). By default the
 * gradient graphs of all batches are built once and reused by every product ({@code retainGraph}),
 * which PyHessian does for a single batch; {@code cacheGraphs(false)} rebuilds them per product to
 * save memory; the cache is rebuilt when a parameter was changed in place since. The model is put in evaluation mode (batch norm uses its running statistics, dropout
 * is off), as both references do. Vectors are flat, in the order of {@link #names()}, in double
 * precision; the products are computed in the model's dtype.
 *
 * <p>{@link Params#ALL} differentiates with respect to every trainable parameter (PyHessian);
 * {@link Params#WEIGHTS} only those of dimension above 1 (LL's {@code hess_vec_prod}, which skips
 * biases and batch-norm γ, β).
 */
public final class HessianVectorProduct implements LinearOperator {
    /** Which parameters span the space. */
    public enum Params {
        /** Every trainable parameter (PyHessian). */
        ALL,
        /** Parameters of dimension above 1: weights of linear and convolutional layers (LL). */
        WEIGHTS
    }

    private final Module model;
    private final List<Batch> batches;
    private final Loss loss;
    private final boolean cacheGraphs;
    private final LinkedHashMap<String, Tensor> params = new LinkedHashMap<>();
    private final Tensor[] paramArray;
    private final int[] offsets;
    private final int dim;
    private final int samples;
    private Tensor[][] cachedGrads;
    private int[] cachedVersions;
    private int products;

    /** Every trainable parameter, cross entropy, cached graphs. */
    public HessianVectorProduct(Module model, List<Batch> batches) {
        this(model, batches, Loss.CROSS_ENTROPY, Params.ALL, true);
    }

    /**
     * @param batches     the fixed data (at least one batch); the loss is their sample-weighted mean
     * @param cacheGraphs keep each batch's gradient graph between products (faster, more memory)
     */
    public HessianVectorProduct(Module model, List<Batch> batches, Loss loss, Params which, boolean cacheGraphs) {
        if (batches.isEmpty()) {
            throw new IllegalArgumentException("Hessian-vector product needs at least one batch of data");
        }
        this.model = model;
        this.batches = List.copyOf(batches);
        this.loss = loss;
        this.cacheGraphs = cacheGraphs;
        model.eval();
        for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
            if (e.getValue().requiresGrad() && (which == Params.ALL || e.getValue().dim() > 1)) {
                params.put(e.getKey(), e.getValue());
            }
        }
        if (params.isEmpty()) {
            throw new IllegalArgumentException("the model has no " + (which == Params.ALL ? "trainable" : "weight (dim > 1)")
                    + " parameters to differentiate");
        }
        paramArray = params.values().toArray(new Tensor[0]);
        offsets = new int[paramArray.length + 1];
        for (int i = 0; i < paramArray.length; i++) {
            offsets[i + 1] = offsets[i] + paramArray[i].numel();
        }
        dim = offsets[paramArray.length];
        int n = 0;
        for (Batch b : this.batches) {
            n += b.size();
        }
        samples = n;
    }

    /** The parameter names spanned, in vector order. */
    public List<String> names() {
        return new ArrayList<>(params.keySet());
    }

    /** The number of samples the loss averages over. */
    public int samples() {
        return samples;
    }

    /** Hessian-vector products computed so far. */
    public int products() {
        return products;
    }

    @Override
    public int dim() {
        return dim;
    }

    /** The gradient of the mean loss at the current parameters, flat (a by-product check of the setup). */
    public double[] gradient() {
        double[] out = new double[dim];
        for (int b = 0; b < batches.size(); b++) {
            Tensor[] g = grads(b, false);
            accumulate(out, g, (double) batches.get(b).size() / samples);
        }
        return out;
    }

    /** The mean loss over the batches at the current parameters. */
    public double loss() {
        double s = 0;
        try (var scope = dev.descent.autograd.GradMode.noGrad()) {
            for (Batch b : batches) {
                s += loss.sum(model.forward(b.x()), b.y()).item();
            }
        }
        return s / samples;
    }

    @Override
    public double[] apply(double[] v) {
        if (v.length != dim) {
            throw new IllegalArgumentException("vector of length " + v.length + " for a Hessian of dimension " + dim);
        }
        Tensor[] vt = split(v);
        double[] out = new double[dim];
        for (int b = 0; b < batches.size(); b++) {
            Tensor[] g = grads(b, true);
            // a gradient component that does not depend on θ (no graph) contributes nothing to H v
            List<Tensor> outs = new ArrayList<>();
            List<Tensor> seeds = new ArrayList<>();
            for (int i = 0; i < g.length; i++) {
                if (g[i].requiresGrad()) {
                    outs.add(g[i]);
                    seeds.add(vt[i]);
                }
            }
            if (outs.isEmpty()) {
                continue;
            }
            Tensor[] hv = Engine.grad(outs.toArray(new Tensor[0]), seeds.toArray(new Tensor[0]), paramArray, cacheGraphs,
                    false, true);
            accumulate(out, hv, (double) batches.get(b).size() / samples);
        }
        products++;
        return out;
    }

    /**
     * Drops the cached graphs. Not needed after in-place changes made through tensor operations
     * (they bump the storage version, which is checked before each product); needed after writing
     * into a parameter's backing array directly.
     */
    public void refresh() {
        cachedGrads = null;
    }

    private Tensor[] grads(int b, boolean forHvp) {
        if (forHvp && cacheGraphs) {
            if (cachedGrads != null && !java.util.Arrays.equals(cachedVersions, versions())) {
                cachedGrads = null; // a parameter changed in place since the graphs were built
            }
            if (cachedGrads == null) {
                cachedVersions = versions();
                cachedGrads = new Tensor[batches.size()][];
            }
            if (cachedGrads[b] == null) {
                cachedGrads[b] = buildGrads(b, true);
            }
            return cachedGrads[b];
        }
        return buildGrads(b, forHvp);
    }

    private int[] versions() {
        int[] v = new int[paramArray.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = paramArray[i].storage().version();
        }
        return v;
    }

    private Tensor[] buildGrads(int b, boolean createGraph) {
        Batch batch = batches.get(b);
        Tensor l = loss.mean(model.forward(batch.x()), batch.y());
        Tensor[] g = Engine.grad(new Tensor[] {l}, null, paramArray, createGraph, createGraph, true);
        for (int i = 0; i < g.length; i++) {
            if (g[i] == null) { // a parameter the loss does not use: zero gradient, constant in θ
                g[i] = Tensor.zerosLike(paramArray[i]);
            }
        }
        return g;
    }

    private Tensor[] split(double[] v) {
        Tensor[] out = new Tensor[paramArray.length];
        for (int i = 0; i < paramArray.length; i++) {
            Tensor p = paramArray[i];
            int n = p.numel();
            if (p.dtype() == DType.FLOAT32) {
                float[] f = new float[n];
                for (int k = 0; k < n; k++) {
                    f[k] = (float) v[offsets[i] + k];
                }
                out[i] = Tensor.wrap(f, p.shape());
            } else {
                out[i] = Tensor.wrap(java.util.Arrays.copyOfRange(v, offsets[i], offsets[i] + n), p.shape());
            }
        }
        return out;
    }

    private void accumulate(double[] out, Tensor[] parts, double weight) {
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] == null) {
                continue;
            }
            double[] d = parts[i].contiguous().toDoubleArray();
            int o = offsets[i];
            for (int k = 0; k < d.length; k++) {
                out[o + k] += weight * d[k];
            }
        }
    }
}
