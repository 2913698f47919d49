package dev.descent.nn;

import dev.descent.ops.FusedActivation;
import dev.descent.ops.NnFunctional;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import java.util.Locale;

/**
 * One Transformer encoder block, as {@code torch.nn.TransformerEncoderLayer}: self-attention and a
 * feed-forward net {@code linear2(dropout(act(linear1(x))))}, each wrapped in dropout, a residual
 * connection and layer normalization, after (post-norm, the default) or before (pre-norm,
 * {@code normFirst}) the sub-block:
 * <pre>
 *   post-norm:  x = norm1(x + sa(x));   x = norm2(x + ff(x))
 *   pre-norm:   x = x + sa(norm1(x));   x = x + ff(norm2(x))
 * </pre>
 * PyTorch's defaults: {@code dim_feedforward} 2048, dropout 0.1 (also on the attention weights),
 * relu, {@code layer_norm_eps} 1e-5, sequence-first. The activation is "relu", "gelu" (the exact form x·Φ(x),
 * as torch's string "gelu") or "gelu_tanh" (the tanh approximation, torch's
 * {@code activation=nn.GELU(approximate="tanh")}). Children, named as PyTorch: {@code self_attn},
 * {@code linear1}, {@code dropout}, {@code linear2}, {@code norm1}, {@code norm2}, {@code dropout1},
 * {@code dropout2}, with their own default initialisations.
 */
public final class TransformerEncoderLayer extends Module {
    private final int dModel;
    private final int nhead;
    private final int dimFeedforward;
    private final double dropoutP;
    private final String activation;
    private final boolean normFirst;
    private final boolean batchFirst;
    private final MultiheadAttention selfAttn;
    private final Linear linear1;
    private final Dropout dropout;
    private final Linear linear2;
    private final LayerNorm norm1;
    private final LayerNorm norm2;
    private final Dropout dropout1;
    private final Dropout dropout2;

    /** PyTorch's defaults: feed-forward 2048, dropout 0.1, relu, post-norm, sequence-first, float32. */
    public TransformerEncoderLayer(int dModel, int nhead) {
        this(dModel, nhead, 2048, 0.1, "relu", NnFunctional.NORM_EPS, false, false, DType.FLOAT32,
                Init.defaultGenerator());
    }

    /** The general layer; {@code activation} is "relu", "gelu" (exact) or "gelu_tanh". */
    public TransformerEncoderLayer(int dModel, int nhead, int dimFeedforward, double dropout, String activation,
                                   double layerNormEps, boolean batchFirst, boolean normFirst, DType dtype,
                                   Generator gen) {
        if (dimFeedforward < 1) {
            throw new IllegalArgumentException("TransformerEncoderLayer: dim_feedforward must be positive, got "
                    + dimFeedforward);
        }
        String act = activation.toLowerCase(Locale.ROOT);
        if (!act.equals("relu") && !act.equals("gelu") && !act.equals("gelu_tanh")) {
            throw new IllegalArgumentException("TransformerEncoderLayer: activation should be relu/gelu/gelu_tanh, not "
                    + activation);
        }
        this.dModel = dModel;
        this.nhead = nhead;
        this.dimFeedforward = dimFeedforward;
        this.dropoutP = dropout;
        this.activation = act;
        this.normFirst = normFirst;
        this.batchFirst = batchFirst;
        selfAttn = child("self_attn", new MultiheadAttention(dModel, nhead, dropout, true, batchFirst, dtype, gen));
        linear1 = child("linear1", new Linear(dModel, dimFeedforward, true, dtype, gen));
        this.dropout = child("dropout", new Dropout(dropout, Init.fork(gen)));
        linear2 = child("linear2", new Linear(dimFeedforward, dModel, true, dtype, gen));
        int[] shape = {dModel};
        norm1 = child("norm1", new LayerNorm(shape, layerNormEps, true, true, dtype));
        norm2 = child("norm2", new LayerNorm(shape, layerNormEps, true, true, dtype));
        dropout1 = child("dropout1", new Dropout(dropout, Init.fork(gen)));
        dropout2 = child("dropout2", new Dropout(dropout, Init.fork(gen)));
    }

    /** The block without masks. */
    @Override
    public Tensor forward(Tensor src) {
        return forward(src, null, null);
    }

    /** The block with an optional attention mask and key padding mask (null for none). */
    public Tensor forward(Tensor src, AttentionMask srcMask, AttentionMask srcKeyPaddingMask) {
        Tensor x = src;
        if (normFirst) {
            x = x.add(selfAttention(norm1.call(x), srcMask, srcKeyPaddingMask));
            x = x.add(feedForward(norm2.call(x)));
        } else {
            x = norm1.call(x.add(selfAttention(x, srcMask, srcKeyPaddingMask)));
            x = norm2.call(x.add(feedForward(x)));
        }
        return x;
    }

    private Tensor selfAttention(Tensor x, AttentionMask mask, AttentionMask padding) {
        Tensor a = selfAttn.forward(x, x, x, mask, padding, false).output();
        return dropout1.call(a);
    }

    private Tensor feedForward(Tensor x) {
        // linear1 and the activation as one op (one tensor and one graph node fewer); the summary still
        // sees linear1's output, which has the activation's shape
        Tensor h = linear1.forward(x, FusedActivation.byName(activation));
        Summary.observe(linear1, h);
        return dropout2.call(linear2.call(dropout.call(h)));
    }

    @Override
    public String toString() {
        return "TransformerEncoderLayer(d_model=" + dModel + ", nhead=" + nhead + ", dim_feedforward=" + dimFeedforward
                + ", dropout=" + dropoutP + ", activation=" + activation + (normFirst ? ", norm_first=true" : "")
                + (batchFirst ? ", batch_first=true" : "") + ")";
    }
}
