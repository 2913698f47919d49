package dev.descent.kernel;

/**
 * Per-thread scratch arrays for the GEMM kernels, grown on demand and kept, so that repeated calls
 * do not allocate (or zero) packing buffers. Packing writes every element it later reads, padding
 * included, so stale contents never leak into results. The largest is the packed B panel, at most
 * {@link GemmBlocking#B_CAP} elements (16 MB of floats, 32 MB of doubles) on a thread that has run a
 * large product.
 */
final class Workspace {

    private static final ThreadLocal<Workspace> LOCAL = ThreadLocal.withInitial(Workspace::new);

    private float[] floatA = new float[0];
    private float[] floatB = new float[0];
    private float[] floatTile = new float[0];
    private float[] floatRow = new float[0];
    private double[] doubleRow = new double[0];
    private double[] doubleA = new double[0];
    private double[] doubleB = new double[0];
    private double[] doubleTile = new double[0];
    private float[] floatStrip = new float[0];
    private double[] doubleStrip = new double[0];
    private float[] floatPartial = new float[0];
    private double[] doublePartial = new double[0];

    private Workspace() {
    }

    /** @return the calling thread's workspace */
    static Workspace get() {
        return LOCAL.get();
    }

    /** Packed A block, owned by the thread that computes with it. */
    float[] floatA(int size) {
        if (floatA.length < size) {
            floatA = new float[size];
        }
        return floatA;
    }

    /** Packed B panel, owned by the GEMM caller and shared read-only with the pool during compute. */
    float[] floatB(int size) {
        if (floatB.length < size) {
            floatB = new float[size];
        }
        return floatB;
    }

    /** One register tile, for edge tiles that do not fit C. */
    float[] floatTile(int size) {
        if (floatTile.length < size) {
            floatTile = new float[size];
        }
        return floatTile;
    }

    /** Packed B strips (or a K block of B), owned by the thread that computes with them. */
    float[] floatStrip(int size) {
        if (floatStrip.length < size) {
            floatStrip = new float[size];
        }
        return floatStrip;
    }

    /** Per-K-block products of a K-split GEMM, owned by the caller, written by the pool. */
    float[] floatPartial(int size) {
        if (floatPartial.length < size) {
            floatPartial = new float[size];
        }
        return floatPartial;
    }

    /** One row of partial sums for the scalar kernel. */
    float[] floatRow(int size) {
        if (floatRow.length < size) {
            floatRow = new float[size];
        }
        return floatRow;
    }

    /** One row of partial sums for the scalar kernel. */
    double[] doubleRow(int size) {
        if (doubleRow.length < size) {
            doubleRow = new double[size];
        }
        return doubleRow;
    }

    /** Packed A block, owned by the thread that computes with it. */
    double[] doubleA(int size) {
        if (doubleA.length < size) {
            doubleA = new double[size];
        }
        return doubleA;
    }

    /** Packed B panel, owned by the GEMM caller and shared read-only with the pool during compute. */
    double[] doubleB(int size) {
        if (doubleB.length < size) {
            doubleB = new double[size];
        }
        return doubleB;
    }

    /** Packed B strips (or a K block of B), owned by the thread that computes with them. */
    double[] doubleStrip(int size) {
        if (doubleStrip.length < size) {
            doubleStrip = new double[size];
        }
        return doubleStrip;
    }

    /** Per-K-block products of a K-split GEMM, owned by the caller, written by the pool. */
    double[] doublePartial(int size) {
        if (doublePartial.length < size) {
            doublePartial = new double[size];
        }
        return doublePartial;
    }

    /** One register tile, for edge tiles that do not fit C. */
    double[] doubleTile(int size) {
        if (doubleTile.length < size) {
            doubleTile = new double[size];
        }
        return doubleTile;
    }
}
