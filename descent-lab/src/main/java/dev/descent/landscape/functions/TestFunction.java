package dev.descent.landscape.functions;

import dev.descent.landscape.Box;
import dev.descent.landscape.CriticalPoint;
import dev.descent.landscape.expr.Expr;
import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.Optional;

/**
 * A classic optimization test function, usable as a "module with parameters": its coordinates are
 * tensors, {@link #value(Tensor...)} is built from tensor operations, so an {@code Optimizer} trains
 * the coordinates exactly as it trains a network's weights.
 *
 * <pre>{@code
 * TestFunction f = FunctionLibrary.get("himmelblau");
 * Tensor x = Tensor.scalar(-1.0).requiresGrad_(true);
 * Tensor y = Tensor.scalar(2.0).requiresGrad_(true);
 * Tensor loss = f.value(x, y);
 * loss.backward();               // x.grad(), y.grad(): the gradient at (-1, 2)
 * }</pre>
 *
 * <p>The formula is an expression string in the grammar of DESIGN.md, so it can be printed, pasted
 * into {@code descent grad}, and differentiated twice.
 */
public interface TestFunction {
    /** The registry name, e.g. {@code himmelblau} or {@code ravine:kappa=100}. */
    String name();

    /** One line about what the function shows. */
    String description();

    /** The formula as an expression. */
    Expr expression();

    /** The formula as text (parses back to {@link #expression()}). */
    default String formula() {
        return expression().toString();
    }

    /** The variables, in the order of the coordinates ({@code x, y}). */
    List<String> variables();

    /** The number of coordinates. */
    default int dimension() {
        return variables().size();
    }

    /** The usual plotting and search domain. */
    Box domain();

    /**
     * Known critical points, each verified by a test (gradient zero, value and type confirmed).
     * {@link #allCriticalPointsListed()} says whether these are all the critical points in the domain.
     */
    List<CriticalPoint> criticalPoints();

    /** True when {@link #criticalPoints()} lists every critical point in the domain, not a selection. */
    boolean allCriticalPointsListed();

    /**
     * The global minimum over the whole space (empty when the function is unbounded below, such as
     * the saddles and {@code x^2*sin(x)}). When several points tie (Himmelblau), the first one.
     */
    Optional<CriticalPoint> globalMinimum();

    /** A suggested optimizer demonstration on this function, when it was designed for one. */
    Optional<DescentDemo> demo();

    /**
     * The function of tensor coordinates, one tensor per variable in the order of {@link #variables()}.
     * Scalars give one value; tensors of equal (or broadcastable) shapes give a value per element,
     * which evaluates a whole grid at once.
     */
    Tensor value(Tensor... coords);

    /** The function of a single coordinate vector {@code theta} of shape {@code [dimension]}. */
    default Tensor valueOfVector(Tensor theta) {
        if (theta.dim() != 1 || theta.size(0) != dimension()) {
            throw new IllegalArgumentException(name() + " needs a vector of " + dimension() + " coordinates ("
                    + String.join(", ", variables()) + "), got shape " + dev.descent.tensor.Shape.str(theta.shape()));
        }
        Tensor[] coords = new Tensor[dimension()];
        for (int i = 0; i < coords.length; i++) {
            coords[i] = theta.select(0, i);
        }
        return value(coords);
    }

    /** The value at a point, in plain double arithmetic. */
    double valueAt(double... point);
}
