package dev.descent.nn;

import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

/**
 * A skip connection around a body: {@code y = body(x) + shortcut(x)}, with {@code shortcut} the
 * identity or a projection (a 1×1 convolution + batch norm, or a linear map) when the body changes
 * the shape. With {@code skip = false} it is the plain twin {@code y = body(x)}: the same body and
 * no shortcut at all (a projection is then not even registered), so the two nets differ only by
 * the skip connections, as the "no-short" networks of Li et al. (2018).
 *
 * <p>Children: {@code body} and, with a projection and skip, {@code shortcut}. Any activation after
 * the sum belongs to the next layer (wrap both in a {@link Sequential}).
 */
public final class Residual extends Module {
    private final Module body;
    private final Module shortcut;
    private final boolean skip;

    /** {@code y = body(x) + x}. */
    public Residual(Module body) {
        this(body, null, true);
    }

    /** {@code y = body(x) + projection(x)} (identity when {@code projection} is null), or {@code body(x)} without skip. */
    public Residual(Module body, Module projection, boolean skip) {
        this.body = child("body", body);
        this.skip = skip;
        this.shortcut = skip && projection != null ? child("shortcut", projection) : null;
    }

    /**
     * A residual block over images whose body maps {@code inChannels} to {@code outChannels} with
     * {@code stride}: the shortcut is the identity when those match, else a projection
     * {@code Sequential(Conv2d(in, out, 1, stride, bias=false), BatchNorm2d(out))}.
     */
    public static Residual conv(Module body, int inChannels, int outChannels, int stride, boolean skip, DType dtype,
                                Generator gen) {
        Module projection = inChannels == outChannels && stride == 1 || !skip ? null
                : convProjection(inChannels, outChannels, stride, dtype, gen);
        return new Residual(body, projection, skip);
    }

    /** {@code Sequential(Conv2d(in, out, 1, stride, bias=false), BatchNorm2d(out))}: the 1×1 projection shortcut. */
    public static Sequential convProjection(int inChannels, int outChannels, int stride, DType dtype, Generator gen) {
        return new Sequential(new Conv2d(inChannels, outChannels, 1, stride, 0, 1, 1, false, dtype, gen),
                new BatchNorm2d(outChannels, dtype));
    }

    /** A residual block over feature vectors: identity shortcut when the widths match, else a bias-free linear projection. */
    public static Residual linear(Module body, int inFeatures, int outFeatures, boolean skip, DType dtype, Generator gen) {
        Module projection = inFeatures == outFeatures || !skip ? null
                : new Linear(inFeatures, outFeatures, false, dtype, gen);
        return new Residual(body, projection, skip);
    }

    /** True when the skip connection is on. */
    public boolean skip() {
        return skip;
    }

    /** The body. */
    public Module body() {
        return body;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor y = body.call(x);
        if (!skip) {
            return y;
        }
        Tensor s = shortcut == null ? x : shortcut.call(x);
        if (!java.util.Arrays.equals(y.shapeRef(), s.shapeRef())) {
            throw new IllegalArgumentException("Residual: the body gives " + Shape.str(y.shapeRef()) + " but the shortcut "
                    + Shape.str(s.shapeRef()) + " (input " + Shape.str(x.shapeRef()) + "); give a projection shortcut "
                    + "(Residual.conv or Residual.linear make one) when the body changes the shape");
        }
        return y.add(s);
    }

    @Override
    public String toString() {
        return "Residual(" + (!skip ? "skip=false" : shortcut == null ? "identity" : "projection") + ")";
    }
}
