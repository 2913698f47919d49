package dev.descent.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.autograd.Engine;
import dev.descent.ops.Cases.Arg;
import dev.descent.ops.Cases.Domain;
import dev.descent.tensor.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gradient checks of the view ops, copies and the joining ops (cat, stack, split, chunk), on random
 * shapes and non-contiguous inputs. Views are linear, so the second-order check proves that their
 * backward is itself recorded (it must give a zero Hessian, not fail).
 */
class ShapeGradTest {

    static Stream<Arguments> viewCases() {
        return Cases.over("reshape", "view", "transpose", "permute", "squeeze", "squeezeDim", "unsqueeze", "expand",
                "narrow", "slice", "select", "flatten", "flattenRange", "contiguous", "clone", "t");
    }

    @ParameterizedTest(name = "{0} case {1}")
    @MethodSource("viewCases")
    void viewGradients(String name, int caseIndex) {
        Cases c = new Cases(name, caseIndex);
        boolean empty = !name.equals("select") && !name.equals("narrow") && !name.equals("slice");
        int[] shape = name.equals("t") ? c.shape(empty) : c.shape(empty);
        if (name.equals("t") && shape.length > 2) {
            shape = java.util.Arrays.copyOf(shape, 2);
        }
        Arg x = c.arg(shape, Domain.NORMAL);
        Function<Tensor, Tensor> op = viewOp(name, c, shape);
        Checks.gradients(name + " on " + Shape.str(shape), in -> op.apply(x.apply(in[0])), true, x.leaf());
    }

    /** The op under test for a tensor of {@code shape}; random arguments are drawn from {@code c}. */
    private static Function<Tensor, Tensor> viewOp(String name, Cases c, int[] shape) {
        int rank = shape.length;
        int n = Shape.numel(shape);
        switch (name) {
            case "reshape": {
                // [n] split into two factors, with -1 for one of them
                int[] s = n > 0 && n % 2 == 0 ? new int[] {2, -1} : new int[] {-1, 1};
                return t -> t.reshape(s);
            }
            case "view":
                // view needs compatible strides: make the input contiguous first when it is not
                return t -> t.contiguous().view(-1);
            case "transpose": {
                int a = c.dim(rank);
                int b = c.dim(rank);
                return t -> t.transpose(a, b);
            }
            case "permute": {
                int[] p = c.permutation(rank);
                return t -> t.permute(p);
            }
            case "squeeze":
                return Tensor::squeeze;
            case "squeezeDim": {
                int d = c.dim(rank);
                return t -> t.squeeze(d);
            }
            case "unsqueeze": {
                int d = c.rnd.nextInt(-rank - 1, rank + 1);
                return t -> t.unsqueeze(d);
            }
            case "expand": {
                int[] target = Cases.prepend(2, shape.clone());
                for (int i = 1; i < target.length; i++) {
                    if (target[i] == 1) {
                        target[i] = 3;
                    }
                }
                return t -> t.expand(target);
            }
            case "narrow": {
                if (rank == 0) {
                    return t -> t.reshape(1).narrow(0, 0, 1);
                }
                int d = c.dim(rank);
                int size = shape[d < 0 ? d + rank : d];
                int start = c.rnd.nextInt(size);
                int len = c.rnd.nextInt(size - start + 1);
                return t -> t.narrow(d, start, len);
            }
            case "slice": {
                if (rank == 0) {
                    return t -> t.reshape(1).slice(0, 0, 1, 1);
                }
                int d = c.dim(rank);
                int start = c.rnd.nextInt(-3, 3);
                int end = c.rnd.nextInt(-2, 6);
                int step = c.rnd.nextInt(1, 3);
                return t -> t.slice(d, start, end, step);
            }
            case "select": {
                if (rank == 0) {
                    return t -> t.reshape(1).select(0, 0);
                }
                int d = c.dim(rank);
                int size = shape[d < 0 ? d + rank : d];
                int i = c.rnd.nextInt(size) - (c.rnd.nextBoolean() ? size : 0);
                return t -> t.select(d, i);
            }
            case "flatten":
                return Tensor::flatten;
            case "flattenRange": {
                int a = rank == 0 ? 0 : c.rnd.nextInt(rank);
                int b = rank == 0 ? 0 : c.rnd.nextInt(a, rank);
                return t -> t.flatten(a, b);
            }
            case "contiguous":
                return t -> t.contiguous().mul(1.0);
            case "clone":
                return Tensor::clone;
            case "t":
                return Tensor::t;
            default:
                throw new IllegalArgumentException(name);
        }
    }

    /** to(dtype) through float32 cannot be checked by finite differences; the gradient of a linear map can be exact. */
    @Test
    void toFloat32AndBackGivesExactGradientOfTheRightType() {
        Tensor x = Tensor.of(new double[] {0.1, -2.5, 3.25}).requiresGrad_(true);
        Tensor y = x.to(DType.FLOAT32).mul(Tensor.of(new float[] {2, 3, 4})).to(DType.FLOAT64).sum();
        Tensor[] g = Engine.grad(new Tensor[] {y}, null, new Tensor[] {x}, false, true, false);
        assertEquals(DType.FLOAT64, g[0].dtype());
        assertArrayEquals(new double[] {2, 3, 4}, g[0].toDoubleArray());
        assertEquals(DType.FLOAT32, x.to(DType.FLOAT32).dtype());
        assertEquals(x, x.to(DType.FLOAT64), "to() of the same type is the tensor itself");
        // the recorded gradient is differentiable: d/dx of sum(g * x) is g
        Tensor x2 = Tensor.of(new double[] {0.5, 1.5}).requiresGrad_(true);
        Tensor z = x2.to(DType.FLOAT32).pow(2).to(DType.FLOAT64).sum();
        Tensor[] gz = Engine.grad(new Tensor[] {z}, null, new Tensor[] {x2}, true, true, false);
        Tensor[] hz = Engine.grad(new Tensor[] {gz[0].sum()}, null, new Tensor[] {x2}, false, false, false);
        assertArrayEquals(new double[] {2, 2}, hz[0].toDoubleArray(), 1e-6);
    }

    static Stream<Arguments> joinCases() {
        return Cases.over("cat", "stack", "split", "splitSizes", "chunk");
    }

    @ParameterizedTest(name = "{0} case {1}")
    @MethodSource("joinCases")
    void joiningGradients(String name, int caseIndex) {
        Cases c = new Cases(name, caseIndex);
        int[] shape = c.shapeOfRank(name.equals("stack") ? 0 : 1, true);
        int rank = shape.length;
        int dim = c.dim(rank);
        int d = rank == 0 ? 0 : dim < 0 ? dim + rank : dim;
        switch (name) {
            case "cat": {
                int parts = 1 + c.rnd.nextInt(3);
                Arg[] args = new Arg[parts];
                Tensor[] leaves = new Tensor[parts];
                for (int i = 0; i < parts; i++) {
                    int[] s = shape.clone();
                    s[d] = c.rnd.nextInt(0, 3);
                    args[i] = c.arg(s, Domain.NORMAL);
                    leaves[i] = args[i].leaf();
                }
                Checks.gradients(name + " dim " + dim, in -> {
                    List<Tensor> ts = new ArrayList<>();
                    for (int i = 0; i < parts; i++) {
                        ts.add(args[i].apply(in[i]));
                    }
                    return Tensor.cat(ts, dim);
                }, true, leaves);
                break;
            }
            case "stack": {
                int parts = 1 + c.rnd.nextInt(3);
                int sd = c.rnd.nextInt(-rank - 1, rank + 1);
                Tensor[] leaves = new Tensor[parts];
                for (int i = 0; i < parts; i++) {
                    leaves[i] = c.tensor(shape, Domain.NORMAL);
                }
                Checks.gradients(name + " dim " + sd, in -> Tensor.stack(List.of(in).subList(0, parts), sd).mul(1.0), true,
                        leaves);
                break;
            }
            default: {
                Arg x = c.arg(shape, Domain.NORMAL);
                int size = shape[d];
                // draw the arguments once: the function is evaluated many times
                int pieceSize = 1 + c.rnd.nextInt(Math.max(size, 1) + 1);
                int chunks = 1 + c.rnd.nextInt(4);
                Function<Tensor, List<Tensor>> splitter = switch (name) {
                    case "split" -> t -> t.split(pieceSize, dim);
                    case "chunk" -> t -> t.chunk(chunks, dim);
                    default -> {
                        int first = size == 0 ? 0 : c.rnd.nextInt(size + 1);
                        yield t -> t.split(new int[] {first, 0, size - first}, dim);
                    }
                };
                // Weight each piece differently and join them back, so that each piece's gradient is checked.
                Checks.gradients(name + " dim " + dim, in -> {
                    List<Tensor> pieces = splitter.apply(x.apply(in[0]));
                    List<Tensor> flat = new ArrayList<>();
                    for (int i = 0; i < pieces.size(); i++) {
                        flat.add(pieces.get(i).reshape(-1).mul(i + 1.0));
                    }
                    return Tensor.cat(flat, 0);
                }, true, x.leaf());
            }
        }
    }

    @Test
    void catOfMixedTypesSendsEachGradientBackInItsOwnType() {
        Tensor a = Tensor.of(new float[] {1, 2}).requiresGrad_(true);
        Tensor b = Tensor.of(new double[] {3}).requiresGrad_(true);
        Tensor y = Tensor.cat(List.of(a, b), 0);
        assertEquals(DType.FLOAT64, y.dtype());
        y.mul(Tensor.of(new double[] {1, 2, 3})).sum().backward();
        assertEquals(DType.FLOAT32, a.grad().dtype());
        assertArrayEquals(new double[] {1, 2}, a.grad().toDoubleArray());
        assertArrayEquals(new double[] {3}, b.grad().toDoubleArray());
    }
}
