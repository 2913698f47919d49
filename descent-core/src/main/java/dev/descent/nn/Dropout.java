package dev.descent.nn;

import dev.descent.ops.NnFunctional;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;

/**
 * Inverted dropout, as {@code torch.nn.Dropout}: in training each element is zeroed with
 * probability {@code p} and the survivors scaled by {@code 1/(1 − p)}; in evaluation the input is
 * returned unchanged. Masks come from the layer's own seeded {@link Generator}, so a run is
 * reproducible from its seed.
 */
public final class Dropout extends Module {
    private final double p;
    private final Generator gen;

    /** Dropout with probability {@code p}, masks drawn from a generator forked from {@link Init#defaultGenerator()}. */
    public Dropout(double p) {
        this(p, Init.fork(Init.defaultGenerator()));
    }

    /** Dropout with probability {@code p}, masks drawn from {@code gen} (used as is, not copied). */
    public Dropout(double p, Generator gen) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout: probability has to be between 0 and 1, but got " + p);
        }
        this.p = p;
        this.gen = gen;
    }

    /** The drop probability. */
    public double p() {
        return p;
    }

    /** The generator the masks come from. */
    public Generator generator() {
        return gen;
    }

    @Override
    public Tensor forward(Tensor x) {
        return NnFunctional.dropout(x, p, isTraining(), gen);
    }

    @Override
    public String toString() {
        return "Dropout(p=" + p + ")";
    }
}
