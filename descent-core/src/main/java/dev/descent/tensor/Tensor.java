package dev.descent.tensor;

import dev.descent.autograd.Engine;
import dev.descent.autograd.GradMode;
import dev.descent.autograd.Node;
import dev.descent.ops.Arith;
import dev.descent.ops.Compare;
import dev.descent.ops.Dispatch;
import dev.descent.ops.Indexing;
import dev.descent.ops.Joining;
import dev.descent.ops.LinAlg;
import dev.descent.ops.Reductions;
import dev.descent.ops.Unary;
import dev.descent.ops.Views;
import java.util.Arrays;
import java.util.List;

/**
 * An n-dimensional array of float32 or float64 numbers that records the operations applied to it,
 * so that gradients can be computed by {@link #backward()}.
 *
 * <p>A tensor is a view: storage, shape, strides and an offset. Reshaping, transposing, slicing and
 * expanding make new views of the same storage without copying, as in PyTorch. Binary operations
 * broadcast like NumPy. Methods ending in {@code _} modify the tensor in place and bump the storage's
 * version counter; autograd refuses to use a saved tensor that was modified after it was saved.
 *
 * <pre>{@code
 * Tensor x = Tensor.of(new double[] {3.6}).requiresGrad_(true);
 * Tensor y = x.pow(2).mul(x.sin());      // x² sin x
 * y.backward();
 * double slope = x.grad().item();        // 2x sin x + x² cos x at 3.6
 * }</pre>
 */
public final class Tensor {
    private final Storage storage;
    private final int[] shape;
    private final int[] strides;
    private final int offset;
    private final DType dtype;
    private boolean requiresGrad;
    private Tensor grad;
    private Node gradFn;

    /** Internal: a view of {@code storage}. Ops use this; users build tensors with the factories. */
    public Tensor(Storage storage, DType dtype, int[] shape, int[] strides, int offset) {
        this.storage = storage;
        this.dtype = dtype;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    // ---------------------------------------------------------------- creation

    /** A new contiguous tensor of zeros (unlike {@code torch.empty}; see {@link #uninitialized}). */
    public static Tensor empty(DType dtype, int... shape) {
        int[] s = Shape.checked(shape);
        return new Tensor(Storage.allocate(dtype, Shape.numel(s)), dtype, s, Shape.contiguousStrides(s), 0);
    }

    /**
     * A new contiguous tensor whose contents are unspecified (like {@code torch.empty}): for code that
     * writes every element before reading any. It may reuse a recycled buffer without clearing it;
     * use {@link #empty} or {@link #zeros} when zeros are needed.
     */
    public static Tensor uninitialized(DType dtype, int... shape) {
        int[] s = Shape.checked(shape);
        return new Tensor(Storage.allocate(dtype, Shape.numel(s), false), dtype, s, Shape.contiguousStrides(s), 0);
    }

    /** Zeros of the given shape, float32. */
    public static Tensor zeros(int... shape) {
        return empty(DType.FLOAT32, shape);
    }

    /** Zeros of the given shape and type. */
    public static Tensor zeros(DType dtype, int... shape) {
        return empty(dtype, shape);
    }

    /** Ones of the given shape, float32. */
    public static Tensor ones(int... shape) {
        return full(DType.FLOAT32, 1.0, shape);
    }

    /** Ones of the given shape and type. */
    public static Tensor ones(DType dtype, int... shape) {
        return full(dtype, 1.0, shape);
    }

    /** A tensor filled with {@code value}. */
    public static Tensor full(DType dtype, double value, int... shape) {
        Tensor t = empty(dtype, shape);
        if (value != 0) {
            if (t.storage.f != null) {
                Arrays.fill(t.storage.f, (float) value);
            } else {
                Arrays.fill(t.storage.d, value);
            }
        }
        return t;
    }

    /** Zeros with the shape and type of {@code t}. */
    public static Tensor zerosLike(Tensor t) {
        return empty(t.dtype, t.shape);
    }

    /** Ones with the shape and type of {@code t}. */
    public static Tensor onesLike(Tensor t) {
        return full(t.dtype, 1.0, t.shape);
    }

    /** A rank-0 float64 tensor. */
    public static Tensor scalar(double value) {
        return scalar(DType.FLOAT64, value);
    }

    /** A rank-0 tensor of the given type. */
    public static Tensor scalar(DType dtype, double value) {
        return full(dtype, value);
    }

    /** A float32 tensor holding a copy of {@code data}, with the given shape (default: 1-D). */
    public static Tensor of(float[] data, int... shape) {
        int[] s = shape.length == 0 ? new int[] {data.length} : Shape.checked(shape);
        checkLength(data.length, s);
        return new Tensor(new Storage(data.clone()), DType.FLOAT32, s, Shape.contiguousStrides(s), 0);
    }

    /** A float64 tensor holding a copy of {@code data}, with the given shape (default: 1-D). */
    public static Tensor of(double[] data, int... shape) {
        int[] s = shape.length == 0 ? new int[] {data.length} : Shape.checked(shape);
        checkLength(data.length, s);
        return new Tensor(new Storage(data.clone()), DType.FLOAT64, s, Shape.contiguousStrides(s), 0);
    }

    /** A float64 matrix from rows of equal length. */
    public static Tensor of(double[][] rows) {
        int r = rows.length;
        int c = r == 0 ? 0 : rows[0].length;
        double[] flat = new double[r * c];
        for (int i = 0; i < r; i++) {
            if (rows[i].length != c) {
                throw new IllegalArgumentException("ragged rows: row 0 has " + c + " values, row " + i + " has " + rows[i].length);
            }
            System.arraycopy(rows[i], 0, flat, i * c, c);
        }
        return new Tensor(new Storage(flat), DType.FLOAT64, new int[] {r, c}, new int[] {c, 1}, 0);
    }

    /** A float32 tensor that uses {@code data} directly, without copying (the caller gives it up). */
    public static Tensor wrap(float[] data, int... shape) {
        int[] s = Shape.checked(shape);
        checkLength(data.length, s);
        return new Tensor(new Storage(data), DType.FLOAT32, s, Shape.contiguousStrides(s), 0);
    }

    /** A float64 tensor that uses {@code data} directly, without copying (the caller gives it up). */
    public static Tensor wrap(double[] data, int... shape) {
        int[] s = Shape.checked(shape);
        checkLength(data.length, s);
        return new Tensor(new Storage(data), DType.FLOAT64, s, Shape.contiguousStrides(s), 0);
    }

    private static void checkLength(int length, int[] shape) {
        if (length != Shape.numel(shape)) {
            throw new IllegalArgumentException(length + " values do not fill shape " + Shape.str(shape)
                    + " (" + Shape.numel(shape) + " elements)");
        }
    }

    /** {@code [start, start+step, ...)} below {@code end}, as in {@code torch.arange}. */
    public static Tensor arange(DType dtype, double start, double end, double step) {
        if (step == 0 || Double.isNaN(step)) {
            throw new IllegalArgumentException("arange: step must be non-zero, got " + step);
        }
        int n = (int) Math.max(0, Math.ceil((end - start) / step));
        Tensor t = empty(dtype, n);
        for (int i = 0; i < n; i++) {
            t.setFlat(i, start + i * step);
        }
        return t;
    }

    /** {@code n} evenly spaced values from {@code start} to {@code end} inclusive. */
    public static Tensor linspace(DType dtype, double start, double end, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("linspace: number of points must be >= 0, got " + n);
        }
        Tensor t = empty(dtype, n);
        double step = n > 1 ? (end - start) / (n - 1) : 0;
        for (int i = 0; i < n; i++) {
            // torch computes the second half from the end so that the last value is exact
            t.setFlat(i, i < n / 2 ? start + i * step : end - (n - 1 - i) * step);
        }
        return t;
    }

    /** The n×n identity matrix. */
    public static Tensor eye(DType dtype, int n) {
        Tensor t = empty(dtype, n, n);
        for (int i = 0; i < n; i++) {
            t.setFlat(i * n + i, 1.0);
        }
        return t;
    }

    /** Uniform values in [0, 1) from {@code gen}. */
    public static Tensor rand(Generator gen, DType dtype, int... shape) {
        Tensor t = empty(dtype, shape);
        int n = t.numel();
        if (t.storage.f != null) {
            for (int i = 0; i < n; i++) {
                t.storage.f[i] = gen.nextFloat();
            }
        } else {
            for (int i = 0; i < n; i++) {
                t.storage.d[i] = gen.nextDouble();
            }
        }
        return t;
    }

    /** Standard normal values from {@code gen}. */
    public static Tensor randn(Generator gen, DType dtype, int... shape) {
        Tensor t = empty(dtype, shape);
        int n = t.numel();
        for (int i = 0; i < n; i++) {
            t.setFlat(i, gen.nextGaussian());
        }
        return t;
    }

    /** Uniform integers in [low, high), stored as floating point (class labels, indices). */
    public static Tensor randint(Generator gen, DType dtype, int low, int high, int... shape) {
        if (high <= low) {
            throw new IllegalArgumentException("randint: high (" + high + ") must be greater than low (" + low + ")");
        }
        Tensor t = empty(dtype, shape);
        int n = t.numel();
        for (int i = 0; i < n; i++) {
            t.setFlat(i, low + gen.nextInt(high - low));
        }
        return t;
    }

    // ---------------------------------------------------------------- metadata

    /** The sizes of the dimensions (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** Internal: the shape array itself, not to be modified. */
    public int[] shapeRef() {
        return shape;
    }

    /** Size of dimension {@code dim} (negative counts from the end). */
    public int size(int dim) {
        if (shape.length == 0) {
            throw new IllegalArgumentException("size(" + dim + "): a scalar (shape []) has no dimensions");
        }
        return shape[Shape.dim("size", dim, shape.length)];
    }

    /** Number of dimensions. */
    public int dim() {
        return shape.length;
    }

    /** Number of elements. */
    public int numel() {
        return Shape.numel(shape);
    }

    /** Element type. */
    public DType dtype() {
        return dtype;
    }

    /** Element strides of each dimension (a copy). */
    public int[] strides() {
        return strides.clone();
    }

    /** Internal: the strides array itself, not to be modified. */
    public int[] stridesRef() {
        return strides;
    }

    /** Offset of the first element in the storage. */
    public int offset() {
        return offset;
    }

    /** The storage shared by this tensor and its views. */
    public Storage storage() {
        return storage;
    }

    /** True when the elements are laid out row-major without gaps. */
    public boolean isContiguous() {
        return Shape.isContiguous(shape, strides);
    }

    // ---------------------------------------------------------------- element access

    /** The value of a one-element tensor. */
    public double item() {
        if (numel() != 1) {
            throw new IllegalStateException("item() needs a tensor with one element, this one has shape " + Shape.str(shape));
        }
        return storage.f != null ? storage.f[offset] : storage.d[offset];
    }

    /** The element at the given index (one index per dimension). */
    public double get(int... index) {
        int pos = position(index);
        return storage.f != null ? storage.f[pos] : storage.d[pos];
    }

    /** Sets one element (in place, no autograd). */
    public void set(double value, int... index) {
        int pos = position(index);
        if (storage.f != null) {
            storage.f[pos] = (float) value;
        } else {
            storage.d[pos] = value;
        }
        storage.version++;
    }

    private int position(int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException(index.length + " indices for a tensor of rank " + shape.length);
        }
        int pos = offset;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + index[i] + " out of range for dimension " + i
                        + " of size " + shape[i]);
            }
            pos += index[i] * strides[i];
        }
        return pos;
    }

    private void setFlat(int i, double v) {
        if (storage.f != null) {
            storage.f[i] = (float) v;
        } else {
            storage.d[i] = v;
        }
    }

    /** The elements in row-major order as doubles (a copy). */
    public double[] toDoubleArray() {
        Tensor c = Dispatch.contiguous(this);
        int n = c.numel();
        double[] out = new double[n];
        if (c.storage.f != null) {
            for (int i = 0; i < n; i++) {
                out[i] = c.storage.f[c.offset + i];
            }
        } else {
            System.arraycopy(c.storage.d, c.offset, out, 0, n);
        }
        return out;
    }

    /** The elements in row-major order as floats (a copy). */
    public float[] toFloatArray() {
        Tensor c = Dispatch.contiguous(this);
        int n = c.numel();
        float[] out = new float[n];
        if (c.storage.f != null) {
            System.arraycopy(c.storage.f, c.offset, out, 0, n);
        } else {
            for (int i = 0; i < n; i++) {
                out[i] = (float) c.storage.d[c.offset + i];
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- autograd

    /** True when operations on this tensor are recorded for backward. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf tensor as a variable whose gradient is wanted. Returns this tensor. */
    public Tensor requiresGrad_(boolean value) {
        if (gradFn != null && !value) {
            throw new IllegalStateException("requiresGrad_(false) on a non-leaf tensor: use detach() instead");
        }
        this.requiresGrad = value;
        return this;
    }

    /** The accumulated gradient, or null before the first backward (or after zeroGrad). */
    public Tensor grad() {
        return grad;
    }

    /** Replaces the gradient (null clears it). Its shape must match. */
    public void setGrad(Tensor g) {
        if (g != null && !Arrays.equals(g.shape, shape)) {
            throw new IllegalArgumentException("gradient of shape " + Shape.str(g.shape)
                    + " assigned to a tensor of shape " + Shape.str(shape));
        }
        this.grad = g;
    }

    /** Internal: used by the engine. */
    public void setGradInternal(Tensor g) {
        this.grad = g;
    }

    /** The node that produced this tensor, or null for leaves. */
    public Node gradFn() {
        return gradFn;
    }

    /** True for tensors created by the user rather than by a recorded operation. */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /** Internal: attaches the producing node; called by ops when grad mode is on. */
    public Tensor withGradFn(Node node) {
        this.gradFn = node;
        this.requiresGrad = true;
        return this;
    }

    /** Internal: true when an op with these inputs must record a node. */
    public static boolean recording(Tensor a) {
        return a.requiresGrad && GradMode.isEnabled();
    }

    /** Internal: true when an op with these inputs must record a node. */
    public static boolean recording(Tensor a, Tensor b) {
        return (a.requiresGrad || b.requiresGrad) && GradMode.isEnabled();
    }

    /** Keep the gradient of this non-leaf tensor after backward (leaves always keep theirs). */
    public Tensor retainGrad() {
        if (gradFn != null) {
            dev.descent.autograd.Retain.retain(gradFn, this);
        }
        return this;
    }

    /** Backward from a scalar: accumulates d(this)/d(leaf) into every leaf's {@link #grad()}. */
    public void backward() {
        Engine.backward(this, null, false, false);
    }

    /** Backward with an explicit output gradient (for non-scalar outputs). */
    public void backward(Tensor gradient) {
        Engine.backward(this, gradient, false, false);
    }

    /** Backward with control over keeping the graph and recording the backward itself. */
    public void backward(Tensor gradient, boolean retainGraph, boolean createGraph) {
        Engine.backward(this, gradient, retainGraph, createGraph);
    }

    /** A tensor sharing this storage but cut from the graph. */
    public Tensor detach() {
        return new Tensor(storage, dtype, shape, strides, offset);
    }

    /** Internal: in-place {@code this += g} without version checks (gradient accumulation). */
    public void addInPlaceNoCheck(Tensor g) {
        Dispatch.addInPlace(this, g);
    }

    // ---------------------------------------------------------------- views (no copy)

    /** A view with a new shape; one dimension may be -1. Copies only if the strides make a view impossible. */
    public Tensor reshape(int... newShape) {
        return Views.reshape(this, newShape);
    }

    /** Like {@link #reshape} but fails instead of copying when no view is possible. */
    public Tensor view(int... newShape) {
        return Views.view(this, newShape);
    }

    /** Swaps two dimensions. */
    public Tensor transpose(int dim0, int dim1) {
        return Views.transpose(this, dim0, dim1);
    }

    /** Transpose of a matrix (rank ≤ 2). */
    public Tensor t() {
        if (shape.length > 2) {
            throw new IllegalArgumentException("t() expects a tensor of rank <= 2, got shape " + Shape.str(shape)
                    + "; use transpose(dim0, dim1)");
        }
        return shape.length < 2 ? this : transpose(0, 1);
    }

    /** Reorders the dimensions. */
    public Tensor permute(int... dims) {
        return Views.permute(this, dims);
    }

    /** Removes all size-1 dimensions. */
    public Tensor squeeze() {
        return Views.squeeze(this);
    }

    /** Removes dimension {@code dim} if its size is 1. */
    public Tensor squeeze(int dim) {
        return Views.squeeze(this, dim);
    }

    /** Inserts a size-1 dimension at {@code dim}. */
    public Tensor unsqueeze(int dim) {
        return Views.unsqueeze(this, dim);
    }

    /** Broadcasts size-1 dimensions to larger sizes without copying (-1 keeps a size). */
    public Tensor expand(int... sizes) {
        return Views.expand(this, sizes);
    }

    /** Elements {@code start .. start+length-1} along {@code dim}. */
    public Tensor narrow(int dim, int start, int length) {
        return Views.narrow(this, dim, start, length);
    }

    /** Python-style slice {@code [start:end:step]} along {@code dim}. */
    public Tensor slice(int dim, int start, int end, int step) {
        return Views.slice(this, dim, start, end, step);
    }

    /** Index {@code index} of dimension {@code dim}, removing that dimension. */
    public Tensor select(int dim, int index) {
        return Views.select(this, dim, index);
    }

    /** Flattens dimensions {@code startDim..endDim} into one. */
    public Tensor flatten(int startDim, int endDim) {
        return Views.flatten(this, startDim, endDim);
    }

    /** Flattens to 1-D. */
    public Tensor flatten() {
        return Views.flatten(this, 0, -1);
    }

    /** This tensor if contiguous, else a contiguous copy (differentiable). */
    public Tensor contiguous() {
        return isContiguous() ? this : Views.copy(this);
    }

    /** A contiguous copy with its own storage (differentiable). */
    public Tensor clone() {
        return Views.copy(this);
    }

    /** A copy converted to {@code target} (this tensor itself when the type already matches). Differentiable. */
    public Tensor to(DType target) {
        return target == dtype ? this : Views.cast(this, target);
    }

    // ---------------------------------------------------------------- arithmetic

    /** {@code this + other}, broadcast. */
    public Tensor add(Tensor other) {
        return Arith.add(this, other);
    }

    /** {@code this + c}. */
    public Tensor add(double c) {
        return Arith.addScalar(this, c);
    }

    /** {@code this - other}, broadcast. */
    public Tensor sub(Tensor other) {
        return Arith.sub(this, other);
    }

    /** {@code this - c}. */
    public Tensor sub(double c) {
        return Arith.addScalar(this, -c);
    }

    /** {@code c - this}. */
    public Tensor rsub(double c) {
        return Arith.addScalar(Arith.neg(this), c);
    }

    /** {@code this * other}, broadcast. */
    public Tensor mul(Tensor other) {
        return Arith.mul(this, other);
    }

    /** {@code this * c}. */
    public Tensor mul(double c) {
        return Arith.mulScalar(this, c);
    }

    /** {@code this / other}, broadcast. */
    public Tensor div(Tensor other) {
        return Arith.div(this, other);
    }

    /** {@code this / c}. */
    public Tensor div(double c) {
        return Arith.mulScalar(this, 1.0 / c);
    }

    /** {@code -this}. */
    public Tensor neg() {
        return Arith.neg(this);
    }

    /** {@code this ^ p}. */
    public Tensor pow(double p) {
        return Arith.powScalar(this, p);
    }

    /** {@code this ^ other}, broadcast (for positive bases, or integer exponents). */
    public Tensor pow(Tensor other) {
        return Arith.pow(this, other);
    }

    /** {@code base ^ exponent} for a scalar base. */
    public static Tensor pow(double base, Tensor exponent) {
        return Arith.scalarPow(base, exponent);
    }

    /** Elementwise maximum, broadcast (the gradient goes to the larger; half each on ties, as in PyTorch). */
    public Tensor maximum(Tensor other) {
        return Arith.maximum(this, other);
    }

    /** Elementwise minimum, broadcast. */
    public Tensor minimum(Tensor other) {
        return Arith.minimum(this, other);
    }

    /** {@code cond ? a : b} elementwise, broadcast; {@code cond} holds 0/1. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        return Arith.where(cond, a, b);
    }

    // ---------------------------------------------------------------- elementwise functions

    /** e^x. */
    public Tensor exp() {
        return Unary.exp(this);
    }

    /** Natural logarithm. */
    public Tensor log() {
        return Unary.log(this);
    }

    /** log(1 + x), accurate near 0. */
    public Tensor log1p() {
        return Unary.log1p(this);
    }

    /** Square root. */
    public Tensor sqrt() {
        return Unary.sqrt(this);
    }

    /** 1 / sqrt(x). */
    public Tensor rsqrt() {
        return Unary.rsqrt(this);
    }

    /** |x| (gradient sign(x), 0 at 0 as in PyTorch). */
    public Tensor abs() {
        return Unary.abs(this);
    }

    /** Sine. */
    public Tensor sin() {
        return Unary.sin(this);
    }

    /** Cosine. */
    public Tensor cos() {
        return Unary.cos(this);
    }

    /** Tangent. */
    public Tensor tan() {
        return Unary.tan(this);
    }

    /** Hyperbolic tangent. */
    public Tensor tanh() {
        return Unary.tanh(this);
    }

    /** Logistic sigmoid 1/(1+e^-x). */
    public Tensor sigmoid() {
        return Unary.sigmoid(this);
    }

    /** max(x, 0). */
    public Tensor relu() {
        return Unary.relu(this);
    }

    /** x for x > 0, slope·x otherwise. */
    public Tensor leakyRelu(double slope) {
        return Unary.leakyRelu(this, slope);
    }

    /** x for x > 0, alpha·(e^x − 1) otherwise. */
    public Tensor elu(double alpha) {
        return Unary.elu(this, alpha);
    }

    /** x·Φ(x) with the exact normal CDF (PyTorch's default). */
    public Tensor gelu() {
        return Unary.gelu(this);
    }

    /** GELU by PyTorch's {@code approximate}: "none" (x·Φ(x)) or "tanh" (see {@link dev.descent.ops.Gelu}). */
    public Tensor gelu(String approximate) {
        return dev.descent.ops.Gelu.gelu(this, approximate);
    }

    /** log(1 + e^x), linear above 20 as in PyTorch. */
    public Tensor softplus() {
        return Unary.softplus(this);
    }

    /** x·sigmoid(x). */
    public Tensor silu() {
        return Unary.silu(this);
    }

    /** Clamps into [min, max]; NaN for a bound means none. The gradient is 1 inside, 0 outside. */
    public Tensor clamp(double min, double max) {
        return Unary.clamp(this, min, max);
    }

    /** sign(x) ∈ {-1, 0, 1} (no gradient). */
    public Tensor sign() {
        return Unary.sign(this);
    }

    // ---------------------------------------------------------------- comparisons (no gradient; 0/1 results)

    /** 1 where {@code this == other}. */
    public Tensor eq(Tensor other) {
        return Compare.eq(this, other);
    }

    /** 1 where {@code this != other}. */
    public Tensor ne(Tensor other) {
        return Compare.ne(this, other);
    }

    /** 1 where {@code this < other}. */
    public Tensor lt(Tensor other) {
        return Compare.lt(this, other);
    }

    /** 1 where {@code this <= other}. */
    public Tensor le(Tensor other) {
        return Compare.le(this, other);
    }

    /** 1 where {@code this > other}. */
    public Tensor gt(Tensor other) {
        return Compare.gt(this, other);
    }

    /** 1 where {@code this >= other}. */
    public Tensor ge(Tensor other) {
        return Compare.ge(this, other);
    }

    /** 1 where {@code this > c}. */
    public Tensor gt(double c) {
        return Compare.gt(this, scalar(dtype, c));
    }

    /** 1 where {@code this < c}. */
    public Tensor lt(double c) {
        return Compare.lt(this, scalar(dtype, c));
    }

    /** 1 where {@code this == c}. */
    public Tensor eq(double c) {
        return Compare.eq(this, scalar(dtype, c));
    }

    // ---------------------------------------------------------------- reductions

    /** Sum of all elements (rank-0 result). */
    public Tensor sum() {
        return Reductions.sum(this, null, false);
    }

    /** Sum over {@code dims}. */
    public Tensor sum(int[] dims, boolean keepDim) {
        return Reductions.sum(this, dims, keepDim);
    }

    /** Sum over one dimension. */
    public Tensor sum(int dim, boolean keepDim) {
        return Reductions.sum(this, new int[] {dim}, keepDim);
    }

    /** Mean of all elements. */
    public Tensor mean() {
        return Reductions.mean(this, null, false);
    }

    /** Mean over {@code dims}. */
    public Tensor mean(int[] dims, boolean keepDim) {
        return Reductions.mean(this, dims, keepDim);
    }

    /** Mean over one dimension. */
    public Tensor mean(int dim, boolean keepDim) {
        return Reductions.mean(this, new int[] {dim}, keepDim);
    }

    /** Product of all elements. */
    public Tensor prod() {
        return Reductions.prod(this, null, false);
    }

    /** Product over one dimension. */
    public Tensor prod(int dim, boolean keepDim) {
        return Reductions.prod(this, new int[] {dim}, keepDim);
    }

    /** Largest element (the gradient is shared evenly among ties, as in PyTorch's full reduction). */
    public Tensor max() {
        return Reductions.max(this, null, false);
    }

    /** Largest element along {@code dim}. */
    public Tensor max(int dim, boolean keepDim) {
        return Reductions.max(this, new int[] {dim}, keepDim);
    }

    /** Smallest element. */
    public Tensor min() {
        return Reductions.min(this, null, false);
    }

    /** Smallest element along {@code dim}. */
    public Tensor min(int dim, boolean keepDim) {
        return Reductions.min(this, new int[] {dim}, keepDim);
    }

    /** Index of the largest element along {@code dim} (first on ties), as floating-point values. */
    public Tensor argmax(int dim, boolean keepDim) {
        return Reductions.argmax(this, dim, keepDim);
    }

    /** Index of the largest element of the flattened tensor (first on ties), as a floating-point scalar. */
    public Tensor argmax() {
        return Reductions.argmax(flatten(), 0, false);
    }

    /** Index of the smallest element of the flattened tensor (first on ties), as a floating-point scalar. */
    public Tensor argmin() {
        return Reductions.argmin(flatten(), 0, false);
    }

    /** Index of the smallest element along {@code dim}. */
    public Tensor argmin(int dim, boolean keepDim) {
        return Reductions.argmin(this, dim, keepDim);
    }

    /** Variance over {@code dims} with {@code correction} (1 = unbiased, PyTorch's default). */
    public Tensor var(int[] dims, int correction, boolean keepDim) {
        return Reductions.var(this, dims, correction, keepDim);
    }

    /** Unbiased variance of all elements. */
    public Tensor var() {
        return Reductions.var(this, null, 1, false);
    }

    /** Standard deviation over {@code dims} with {@code correction}. */
    public Tensor std(int[] dims, int correction, boolean keepDim) {
        return Reductions.std(this, dims, correction, keepDim);
    }

    /** Unbiased standard deviation of all elements. */
    public Tensor std() {
        return Reductions.std(this, null, 1, false);
    }

    /** log Σ exp over {@code dim}, computed stably. */
    public Tensor logsumexp(int dim, boolean keepDim) {
        return Reductions.logsumexp(this, dim, keepDim);
    }

    /** Softmax over {@code dim}. */
    public Tensor softmax(int dim) {
        return Reductions.softmax(this, dim);
    }

    /** log of softmax over {@code dim}, computed stably. */
    public Tensor logSoftmax(int dim) {
        return Reductions.logSoftmax(this, dim);
    }

    // ---------------------------------------------------------------- linear algebra

    /** Matrix product with PyTorch's rules: 1-D·1-D dot, 2-D, and batched with broadcast batch dims. */
    public Tensor matmul(Tensor other) {
        return LinAlg.matmul(this, other);
    }

    // ---------------------------------------------------------------- joining and indexing

    /** Concatenates along an existing dimension. */
    public static Tensor cat(List<Tensor> tensors, int dim) {
        return Joining.cat(tensors, dim);
    }

    /** Stacks along a new dimension. */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        return Joining.stack(tensors, dim);
    }

    /** Splits into pieces of {@code size} along {@code dim} (the last may be smaller). */
    public List<Tensor> split(int size, int dim) {
        return Joining.split(this, size, dim);
    }

    /** Splits into pieces of the given sizes along {@code dim} (they must add up to its size). */
    public List<Tensor> split(int[] sizes, int dim) {
        return Joining.split(this, sizes, dim);
    }

    /** Splits into {@code chunks} nearly equal pieces along {@code dim}. */
    public List<Tensor> chunk(int chunks, int dim) {
        return Joining.chunk(this, chunks, dim);
    }

    /** Rows (or slices) {@code index} along {@code dim}; {@code index} is 1-D with integer values. */
    public Tensor indexSelect(int dim, Tensor index) {
        return Indexing.indexSelect(this, dim, index);
    }

    /** A copy with slice {@code i} of {@code src} added to slice {@code index[i]} along {@code dim}, as {@code torch.index_add}. */
    public Tensor indexAdd(int dim, Tensor index, Tensor src) {
        return Indexing.indexAdd(this, dim, index, src);
    }

    /** {@code out[i][j] = this[i][index[i][j]]} along {@code dim}, as {@code torch.gather}. */
    public Tensor gather(int dim, Tensor index) {
        return Indexing.gather(this, dim, index);
    }

    /** A copy with {@code src} added at {@code index} along {@code dim}, as {@code torch.scatter_add}. */
    public Tensor scatterAdd(int dim, Tensor index, Tensor src) {
        return Indexing.scatterAdd(this, dim, index, src);
    }

    /** A copy with {@code value} where {@code mask} (0/1, broadcast) is 1. */
    public Tensor maskedFill(Tensor mask, double value) {
        return Indexing.maskedFill(this, mask, value);
    }

    // ---------------------------------------------------------------- in place

    /** In place {@code this += other} (broadcast into this shape). */
    public Tensor add_(Tensor other) {
        return Arith.addInPlace(this, other, 1.0);
    }

    /** In place {@code this += alpha * other}. */
    public Tensor add_(Tensor other, double alpha) {
        return Arith.addInPlace(this, other, alpha);
    }

    /** In place {@code this -= other}. */
    public Tensor sub_(Tensor other) {
        return Arith.addInPlace(this, other, -1.0);
    }

    /** In place {@code this *= other} (broadcast into this shape). */
    public Tensor mul_(Tensor other) {
        return Arith.mulInPlace(this, other);
    }

    /** In place {@code this *= c}. */
    public Tensor mul_(double c) {
        return Arith.scaleInPlace(this, c);
    }

    /** In place: every element set to zero. */
    public Tensor zero_() {
        return Arith.fillInPlace(this, 0.0);
    }

    /** In place: every element set to {@code value}. */
    public Tensor fill_(double value) {
        return Arith.fillInPlace(this, value);
    }

    /** In place: copies {@code src} (broadcast, converted) into this tensor. */
    public Tensor copy_(Tensor src) {
        return Arith.copyInPlace(this, src);
    }

    /** In place clamp. */
    public Tensor clamp_(double min, double max) {
        return Arith.clampInPlace(this, min, max);
    }

    // ---------------------------------------------------------------- printing

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("tensor(");
        int n = numel();
        double[] v = n <= 1000 ? toDoubleArray() : null;
        if (v == null) {
            sb.append("...");
        } else if (shape.length == 0) {
            sb.append(v[0]);
        } else {
            appendNested(sb, v, 0, 0);
        }
        sb.append(", shape=").append(Shape.str(shape)).append(", dtype=").append(dtype);
        if (gradFn != null) {
            sb.append(", gradFn=").append(gradFn.name());
        } else if (requiresGrad) {
            sb.append(", requiresGrad=true");
        }
        return sb.append(')').toString();
    }

    private int appendNested(StringBuilder sb, double[] v, int dim, int pos) {
        sb.append('[');
        for (int i = 0; i < shape[dim]; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            if (dim == shape.length - 1) {
                sb.append(dtype == DType.FLOAT32 ? Float.toString((float) v[pos++]) : Double.toString(v[pos++]));
            } else {
                pos = appendNested(sb, v, dim + 1, pos);
            }
        }
        sb.append(']');
        return pos;
    }
}
