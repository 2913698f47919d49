package dev.descent.landscape.analysis;

import dev.descent.autograd.Engine;
import dev.descent.autograd.GradMode;
import dev.descent.landscape.functions.TestFunction;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.function.Function;

/**
 * The notes' first claim as a measurement: of all unit directions u, the directional derivative
 * {@code D_u f = d/dt f(p + t u) at t = 0} is largest along the gradient. For N directions at angles
 * {@code 2 pi k / N} in the plane, each slope is computed by autograd through the scalar t (not from
 * the gradient vector), and the angle of the largest slope is compared with the gradient's angle:
 * they differ by at most half the angular spacing, and the largest slope approaches |grad f|.
 *
 * @param angles        direction angles in radians, {@code 2 pi k / N}
 * @param slopes        the directional derivative along each angle
 * @param argmaxAngle   the angle with the largest slope
 * @param gradientAngle the angle of the gradient, in [0, 2 pi)
 * @param gradientNorm  |grad f|, computed separately
 * @param maxSlope      the largest slope
 */
public record SteepestAscent(double[] angles, double[] slopes, double argmaxAngle, double gradientAngle,
                             double gradientNorm, double maxSlope) {

    public SteepestAscent {
        angles = angles.clone();
        slopes = slopes.clone();
    }

    /** Scans {@code directions} unit directions at {@code point} of a two-variable test function. */
    public static SteepestAscent scan(TestFunction f, double[] point, int directions) {
        if (f.dimension() != 2) {
            throw new IllegalArgumentException("the steepest-ascent scan works in the plane; " + f.name() + " has "
                    + f.dimension() + " variables");
        }
        return scan(f::value, point, directions);
    }

    /** Scans a function of two scalar tensors. */
    public static SteepestAscent scan(Function<Tensor[], Tensor> f, double[] point, int directions) {
        if (point.length != 2) {
            throw new IllegalArgumentException("the steepest-ascent scan needs a point in the plane, got "
                    + point.length + " coordinates");
        }
        if (directions < 3) {
            throw new IllegalArgumentException("at least 3 directions are needed, got " + directions);
        }
        double[] angles = new double[directions];
        double[] slopes = new double[directions];
        int best = 0;
        try (var scope = GradMode.enableGrad()) {
            for (int k = 0; k < directions; k++) {
                double theta = 2 * Math.PI * k / directions;
                angles[k] = theta;
                Tensor t = Tensor.scalar(DType.FLOAT64, 0.0).requiresGrad_(true);
                Tensor x = t.mul(Math.cos(theta)).add(point[0]);
                Tensor y = t.mul(Math.sin(theta)).add(point[1]);
                Tensor out = f.apply(new Tensor[] {x, y});
                Tensor[] g = out.requiresGrad()
                        ? Engine.grad(new Tensor[] {out}, null, new Tensor[] {t}, false, false, true)
                        : new Tensor[] {null};
                slopes[k] = g[0] == null ? 0.0 : g[0].item();
                if (slopes[k] > slopes[best]) {
                    best = k;
                }
            }
        }
        Derivatives d = Derivatives.of(java.util.List.of("x", "y"), point, f);
        double[] grad = d.gradient();
        double gradientAngle = Math.atan2(grad[1], grad[0]);
        if (gradientAngle < 0) {
            gradientAngle += 2 * Math.PI;
        }
        return new SteepestAscent(angles, slopes, angles[best], gradientAngle, d.gradientNorm(), slopes[best]);
    }

    /** The angle between the best direction and the gradient, in [0, pi]. */
    public double angularError() {
        double diff = Math.abs(argmaxAngle - gradientAngle) % (2 * Math.PI);
        return Math.min(diff, 2 * Math.PI - diff);
    }

    @Override
    public double[] angles() {
        return angles.clone();
    }

    @Override
    public double[] slopes() {
        return slopes.clone();
    }
}
