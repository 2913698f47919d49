package dev.descent.surface;

import dev.descent.autograd.GradMode;
import dev.descent.data.Batch;
import dev.descent.nn.Activation;
import dev.descent.nn.Linear;
import dev.descent.nn.Module;
import dev.descent.nn.Sequential;
import dev.descent.nn.zoo.Mlp;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fast path of {@link Surface2d} for networks whose first layer is a {@link Linear} applied to
 * the (fixed) data: the first layer's pre-activation on the plane is
 * {@code Z(α, β) = Z₀ + α Z_δ + β Z_η} with {@code Z₀ = X Wᵀ + b}, {@code Z_δ = X Dᵀ + d},
 * {@code Z_η = X Eᵀ + e} computed once ({@link #precompute}); a point then costs one element-wise
 * combination and the remaining layers. A ReLU right after the first layer is fused into that
 * combination.
 */
final class LinearHead {
    /** The three first-layer outputs per evaluation batch, shared read-only by all workers. */
    record Precomputed(List<Tensor> z0, List<Tensor> zx, List<Tensor> zy, String prefix, List<String> headNames) {}

    private final Precomputed pre;
    private final Sequential seq;
    private final int firstRest;
    private final Combiner rest;
    private final EvalSet data;
    private final Loss loss;
    private final List<float[]> fbuf = new ArrayList<>();
    private final List<double[]> dbuf = new ArrayList<>();

    /** The layer stack of an Mlp or a Sequential, or null. */
    private static Sequential stack(Module m) {
        if (m instanceof Mlp) {
            return m.children().get("layers") instanceof Sequential s ? s : null;
        }
        return m instanceof Sequential s ? s : null;
    }

    private static String prefix(Module m) {
        return m instanceof Mlp ? "layers." : "";
    }

    /** Whether the fast path applies: an Mlp or Sequential starting with a Linear, every parameter in the plane. */
    static boolean applies(Module m, List<String> planeNames) {
        Sequential s = stack(m);
        if (s == null || s.size() < 1 || !(s.get(0) instanceof Linear)) {
            return false;
        }
        return planeNames.containsAll(m.namedParameters().keySet());
    }

    /** Computes Z₀, Z_δ, Z_η for every batch (with the model's first layer set to the base weights). */
    static Precomputed precompute(Module model, Map<String, Tensor> base, Plane plane, EvalSet data) {
        String p = prefix(model);
        String w = p + "0.weight";
        String b = p + "0.bias";
        boolean hasBias = base.containsKey(b);
        List<String> head = hasBias ? List.of(w, b) : List.of(w);
        List<Tensor> z0 = new ArrayList<>();
        List<Tensor> zx = new ArrayList<>();
        List<Tensor> zy = new ArrayList<>();
        try (var s = GradMode.noGrad()) {
            for (Batch batch : data.batches()) {
                Tensor x = input(model, batch.x());
                z0.add(affine(x, base.get(w), hasBias ? base.get(b) : null));
                zx.add(affine(x, plane.x().get(w), hasBias ? plane.x().get(b) : null));
                zy.add(affine(x, plane.y().get(w), hasBias ? plane.y().get(b) : null));
            }
        }
        return new Precomputed(z0, zx, zy, p, head);
    }

    private static Tensor input(Module model, Tensor x) {
        if (model instanceof Mlp && x.dim() > 2) {
            return x.flatten(1, -1);
        }
        if (x.dim() != 2) {
            throw new IllegalArgumentException("the linear fast path needs [N, features] inputs, got rank " + x.dim());
        }
        return x;
    }

    private static Tensor affine(Tensor x, Tensor w, Tensor b) {
        Tensor z = x.matmul(w.t());
        return (b == null ? z : z.add(b)).contiguous();
    }

    /** A worker's evaluator over its own model copy. */
    LinearHead(Module worker, Map<String, Tensor> base, Plane plane, EvalSet data, Loss loss, Precomputed pre) {
        this.pre = pre;
        this.seq = stack(worker);
        // a ReLU right after the first layer is applied inside the combination loop (one pass over Z)
        this.firstRest = seq.size() > 1 && seq.get(1) instanceof Activation act && "ReLU".equals(act.toString()) ? 2 : 1;
        this.data = data;
        this.loss = loss;
        List<String> names = new ArrayList<>(worker.namedParameters().keySet());
        names.removeAll(pre.headNames());
        this.rest = new Combiner(worker, names, List.of(base, plane.x().tensors(), plane.y().tensors()));
        for (Tensor z : pre.z0()) {
            if (z.dtype() == DType.FLOAT32) {
                fbuf.add(new float[z.numel()]);
                dbuf.add(null);
            } else {
                fbuf.add(null);
                dbuf.add(new double[z.numel()]);
            }
        }
    }

    Metrics evaluate(double a, double b) {
        rest.set(1.0, a, b);
        double sum = 0;
        long correct = 0;
        int n = 0;
        try (var s = GradMode.noGrad()) {
            for (int k = 0; k < pre.z0().size(); k++) {
                Tensor z0 = pre.z0().get(k);
                Tensor z;
                if (fbuf.get(k) != null) {
                    float[] out = fbuf.get(k);
                    float[] p0 = z0.storage().floats();
                    float[] px = pre.zx().get(k).storage().floats();
                    float[] py = pre.zy().get(k).storage().floats();
                    int o0 = z0.offset();
                    int ox = pre.zx().get(k).offset();
                    int oy = pre.zy().get(k).offset();
                    float fa = (float) a;
                    float fb = (float) b;
                    // float arithmetic, as the direct path's float32 matrix product (and simple enough to vectorize)
                    if (firstRest == 2) {
                        for (int i = 0; i < out.length; i++) {
                            out[i] = Math.max(0f, p0[o0 + i] + fa * px[ox + i] + fb * py[oy + i]);
                        }
                    } else {
                        for (int i = 0; i < out.length; i++) {
                            out[i] = p0[o0 + i] + fa * px[ox + i] + fb * py[oy + i];
                        }
                    }
                    z = Tensor.wrap(out, z0.shape());
                } else {
                    double[] out = dbuf.get(k);
                    double[] p0 = z0.storage().doubles();
                    double[] px = pre.zx().get(k).storage().doubles();
                    double[] py = pre.zy().get(k).storage().doubles();
                    int o0 = z0.offset();
                    int ox = pre.zx().get(k).offset();
                    int oy = pre.zy().get(k).offset();
                    for (int i = 0; i < out.length; i++) {
                        double v = p0[o0 + i] + a * px[ox + i] + b * py[oy + i];
                        out[i] = firstRest == 2 ? Math.max(0, v) : v;
                    }
                    z = Tensor.wrap(out, z0.shape());
                }
                for (int l = firstRest; l < seq.size(); l++) {
                    z = seq.get(l).call(z);
                }
                Batch batch = data.batches().get(k);
                sum += loss.sum(z, batch.y()).item();
                correct += EvalSet.correct(z, batch.y());
                n += batch.size();
            }
        }
        return new Metrics(sum / n, (double) correct / n, n);
    }
}
