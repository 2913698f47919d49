package dev.descent.surface;

import dev.descent.nn.Module;
import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Sets a live model to {@code θ + αδ + βη} in place (parameters only; buffers keep θ's values),
 * for tools that need the model itself at a point of a plane (Hessians on a grid).
 */
public final class Perturbation {
    private final Combiner combiner;

    private Perturbation(Combiner c) {
        this.combiner = c;
    }

    /** Loads {@code base} into {@code model} and prepares to move it on {@code plane}. */
    public static Perturbation of(Module model, Map<String, Tensor> base, Plane plane) {
        model.loadStateDict(base, true);
        return new Perturbation(new Combiner(model, plane.x().names(), List.of(base, plane.x().tensors(), plane.y().tensors())));
    }

    /** Moves the model's parameters to {@code θ + αδ + βη}. */
    public void set(double alpha, double beta) {
        combiner.set(1.0, alpha, beta);
    }
}
