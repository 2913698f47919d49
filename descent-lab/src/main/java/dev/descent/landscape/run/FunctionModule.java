package dev.descent.landscape.run;

import dev.descent.autograd.GradMode;
import dev.descent.nn.Module;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.List;

/**
 * A function of a few coordinates as a {@link Module}: one scalar parameter per variable, named
 * after it, so an {@link dev.descent.optim.Optimizer} binds {@link #namedParameters()} exactly as it
 * binds a network's weights, and {@code optimizer.stateDict()} names its state {@code x}, {@code y}.
 *
 * <pre>{@code
 * FunctionModule m = new FunctionModule(Objective.function("rosenbrock"), new double[] {-1.5, 2}, DType.FLOAT64);
 * Optimizer optimizer = new Optimizer(m.namedParameters(), Adam.withLr(0.01));
 * optimizer.zeroGrad();
 * m.loss().backward();
 * optimizer.step();
 * }</pre>
 *
 * <p>{@link #forward(Tensor)} ignores its input: the "data" of a test function is built in.
 */
public final class FunctionModule extends Module {
    private final Objective objective;
    private final DType dtype;
    private final Tensor[] coords;

    /** Parameters at {@code start} (in the objective's variable order), of type {@code dtype}. */
    public FunctionModule(Objective objective, double[] start, DType dtype) {
        if (start.length != objective.dimension()) {
            throw new IllegalArgumentException(objective.name() + " has " + objective.dimension() + " coordinates ("
                    + String.join(", ", objective.variables()) + "), the start has " + start.length);
        }
        this.objective = objective;
        this.dtype = dtype;
        List<String> names = objective.variables();
        coords = new Tensor[names.size()];
        for (int i = 0; i < coords.length; i++) {
            coords[i] = param(names.get(i), Tensor.scalar(dtype, start[i]));
        }
    }

    /** The function at the current parameters, recorded for backward. */
    public Tensor loss() {
        Tensor y = objective.value(coords);
        return y.dtype() == dtype ? y : y.to(dtype);
    }

    @Override
    public Tensor forward(Tensor ignored) {
        return loss();
    }

    /** The current coordinates, widened to double. */
    public double[] point() {
        double[] p = new double[coords.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = coords[i].item();
        }
        return p;
    }

    /** The gradient of the last backward (0 for a coordinate without one). */
    public double[] gradient() {
        double[] g = new double[coords.length];
        for (int i = 0; i < g.length; i++) {
            Tensor t = coords[i].grad();
            g[i] = t == null ? 0 : t.item();
        }
        return g;
    }

    /** Moves the parameters to {@code point} (in place, outside the graph). */
    public void moveTo(double... point) {
        try (var scope = GradMode.noGrad()) {
            for (int i = 0; i < coords.length; i++) {
                coords[i].fill_(point[i]);
            }
        }
    }

    /** The objective. */
    public Objective objective() {
        return objective;
    }

    /** The parameters' type. */
    public DType dtype() {
        return dtype;
    }

    @Override
    public String toString() {
        return "FunctionModule(" + objective.name() + ", " + dtype + ")";
    }
}
