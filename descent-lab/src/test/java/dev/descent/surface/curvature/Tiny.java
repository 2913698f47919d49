package dev.descent.surface.curvature;

import dev.descent.data.Batch;
import dev.descent.data.Synthetic;
import dev.descent.data.TensorDataset;
import dev.descent.nn.zoo.Mlp;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import java.util.List;
import java.util.stream.IntStream;

/** A model small enough to form its Hessian: a 4-8-3 tanh MLP (67 parameters) on 3 Gaussian blobs, float64. */
final class Tiny {
    private Tiny() {}

    static Mlp mlp(long seed) {
        return new Mlp(new int[] {4, 8, 3}, "tanh", 0.0, DType.FLOAT64, new Generator(seed));
    }

    /** A 4-12-3 tanh MLP (99 parameters). */
    static Mlp wider(long seed) {
        return new Mlp(new int[] {4, 12, 3}, "tanh", 0.0, DType.FLOAT64, new Generator(seed));
    }

    static List<Batch> data(int n, long seed) {
        TensorDataset d = Synthetic.blobs(n, 3, 4, 1.5, seed).to(DType.FLOAT64);
        return List.of(d.batch(IntStream.range(0, n).toArray()));
    }

    /** The same data in batches of {@code size}. */
    static List<Batch> data(int n, int size, long seed) {
        TensorDataset d = Synthetic.blobs(n, 3, 4, 1.5, seed).to(DType.FLOAT64);
        java.util.ArrayList<Batch> out = new java.util.ArrayList<>();
        for (int s = 0; s < n; s += size) {
            out.add(d.batch(IntStream.range(s, Math.min(n, s + size)).toArray()));
        }
        return out;
    }

    /** A random symmetric matrix with prescribed eigenvalues (a random orthogonal similarity of diag(values)). */
    static double[][] withSpectrum(double[] values, long seed) {
        int n = values.length;
        Generator g = new Generator(seed);
        double[][] q = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] v = Vectors.gaussian(n, g);
            for (int j = 0; j < i; j++) {
                Vectors.axpy(-Vectors.dot(q[j], v), q[j], v);
            }
            for (int j = 0; j < i; j++) {
                Vectors.axpy(-Vectors.dot(q[j], v), q[j], v);
            }
            q[i] = Vectors.normalize(v);
        }
        double[][] a = new double[n][n];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    a[i][j] += values[k] * q[k][i] * q[k][j];
                }
            }
        }
        return LinearOperator.symmetrize(a);
    }
}
