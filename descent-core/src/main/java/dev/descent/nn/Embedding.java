package dev.descent.nn;

import dev.descent.autograd.GradMode;
import dev.descent.ops.NnFunctional;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;

/**
 * A lookup table, as {@code torch.nn.Embedding}: {@code out[i…, :] = weight[indices[i…], :]} for
 * integer-valued indices of any shape. The weight {@code [num, dim]} is initialised N(0, 1). With a
 * {@code paddingIdx}, that row starts at zero and receives no gradient (its output still reads the
 * row's current value, as in PyTorch).
 */
public final class Embedding extends Module {
    private final int num;
    private final int dim;
    private final int padding; // −1: none

    /** A float32 table without padding index, from the default generator. */
    public Embedding(int num, int dim) {
        this(num, dim, null, DType.FLOAT32, Init.defaultGenerator());
    }

    /**
     * The general layer; {@code paddingIdx} may be null (none) or an index in {@code [−num, num)},
     * negative counting from the end.
     */
    public Embedding(int num, int dim, Integer paddingIdx, DType dtype, Generator gen) {
        if (num < 1 || dim < 1) {
            throw new IllegalArgumentException("Embedding: num_embeddings " + num + " and embedding_dim " + dim
                    + " must be positive");
        }
        if (paddingIdx != null && (paddingIdx < -num || paddingIdx >= num)) {
            throw new IllegalArgumentException("Embedding: padding_idx " + paddingIdx + " must be within num_embeddings "
                    + num + " (from " + (-num) + " to " + (num - 1) + ")");
        }
        this.num = num;
        this.dim = dim;
        this.padding = paddingIdx == null ? -1 : Math.floorMod(paddingIdx, num);
        Tensor w = Init.normal_(Tensor.zeros(dtype, num, dim), 0, 1, gen);
        if (padding >= 0) {
            try (var s = GradMode.noGrad()) {
                w.select(0, padding).fill_(0);
            }
        }
        param("weight", w);
    }

    /** The table {@code [num, dim]}. */
    public Tensor weight() {
        return p("weight");
    }

    @Override
    public Tensor forward(Tensor indices) {
        Tensor w = weight();
        Tensor out = NnFunctional.embedding(indices, w);
        if (padding < 0) {
            return out;
        }
        // Rows looked up at the padding index come from the detached table: no gradient reaches that row.
        Tensor isPad = indices.detach().eq((double) padding).to(out.dtype()).unsqueeze(-1);
        return out.mul(isPad.rsub(1)).add(NnFunctional.embedding(indices, w.detach()).mul(isPad));
    }

    @Override
    public String toString() {
        return "Embedding(" + num + ", " + dim + (padding >= 0 ? ", padding_idx=" + padding : "") + ")";
    }
}
