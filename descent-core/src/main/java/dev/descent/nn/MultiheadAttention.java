package dev.descent.nn;

import dev.descent.ops.NnFunctional;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

/**
 * Multi-head scaled dot-product attention, as {@code torch.nn.MultiheadAttention} (equal query, key
 * and value sizes):
 * <pre>
 *   q, k, v = query·W_qᵀ + b_q, key·W_kᵀ + b_k, value·W_vᵀ + b_v       (W_q; W_k; W_v packed in in_proj_weight [3E, E])
 *   per head h (E/heads columns each): A_h = softmax(q_h·k_hᵀ/√(E/heads) + mask), dropout(A_h)
 *   out = concat_h(A_h·v_h)·W_oᵀ + b_o                                   (out_proj)
 * </pre>
 * Parameters as PyTorch, with its initialisation: {@code in_proj_weight [3E, E]} Xavier-uniform,
 * {@code in_proj_bias [3E]} zeros, {@code out_proj.weight [E, E]} the default {@link Linear} rule
 * U(±1/√E), {@code out_proj.bias} zeros.
 *
 * <p>Layout: {@code [L, B, E]} by default, {@code [B, L, E]} with {@code batchFirst}; unbatched
 * {@code [L, E]} works too. Masks ({@link AttentionMask}): {@code attnMask} {@code [L, S]} or
 * {@code [B·heads, L, S]}, {@code keyPaddingMask} {@code [B, S]} (1 / −∞ marks padding). Heads run
 * as one batched matmul over {@code [B, heads, L, D]}. Self-attention (query, key and value the same
 * tensor) projects all three with one GEMM. Returned weights are those after dropout, as PyTorch.
 */
public final class MultiheadAttention extends Module {
    private final int embedDim;
    private final int numHeads;
    private final double dropout;
    private final boolean bias;
    private final boolean batchFirst;
    private final Generator dropoutGen;
    private final Linear outProj;

    /** Sequence-first float32 attention without dropout, from the default generator. */
    public MultiheadAttention(int embedDim, int numHeads) {
        this(embedDim, numHeads, 0.0, true, false, DType.FLOAT32, Init.defaultGenerator());
    }

    /** The general layer; {@code dropout} applies to the attention weights in training. */
    public MultiheadAttention(int embedDim, int numHeads, double dropout, boolean bias, boolean batchFirst, DType dtype,
                              Generator gen) {
        if (embedDim < 1 || numHeads < 1 || embedDim % numHeads != 0) {
            throw new IllegalArgumentException("MultiheadAttention: embed_dim " + embedDim
                    + " must be positive and divisible by num_heads " + numHeads);
        }
        if (!(dropout >= 0 && dropout <= 1)) {
            throw new IllegalArgumentException("MultiheadAttention: dropout must be in [0, 1], got " + dropout);
        }
        this.embedDim = embedDim;
        this.numHeads = numHeads;
        this.dropout = dropout;
        this.bias = bias;
        this.batchFirst = batchFirst;
        param("in_proj_weight", Init.xavierUniform_(Tensor.zeros(dtype, 3 * embedDim, embedDim), 1.0, gen));
        if (bias) {
            param("in_proj_bias", Tensor.zeros(dtype, 3 * embedDim));
        }
        outProj = child("out_proj", new Linear(embedDim, embedDim, bias, dtype, gen));
        if (bias) {
            Init.zeros_(outProj.bias());
        }
        dropoutGen = Init.fork(gen);
    }

    /** Embedding size E. */
    public int embedDim() {
        return embedDim;
    }

    /** Number of heads. */
    public int numHeads() {
        return numHeads;
    }

    /** The generator of the attention-dropout masks (its state goes into training checkpoints). */
    public Generator dropoutGenerator() {
        return dropoutGen;
    }

    /** Self-attention without masks; returns the output only. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, x, x, null, null, false, true).output();
    }

    /** Attention with optional masks (null for none); weights averaged over heads when {@code needWeights}. */
    public AttentionOutput forward(Tensor query, Tensor key, Tensor value, AttentionMask attnMask,
                                   AttentionMask keyPaddingMask, boolean needWeights) {
        return forward(query, key, value, attnMask, keyPaddingMask, needWeights, true);
    }

    /** The general form; {@code averageWeights} false returns per-head weights {@code [B, heads, L, S]}. */
    public AttentionOutput forward(Tensor query, Tensor key, Tensor value, AttentionMask attnMask,
                                   AttentionMask keyPaddingMask, boolean needWeights, boolean averageWeights) {
        boolean self = query == key && key == value;
        boolean unbatched = query.dim() == 2;
        checkInputs(query, key, value, unbatched);
        Tensor q = layout(query, unbatched);
        Tensor k = self ? q : layout(key, unbatched);
        Tensor v = self ? q : layout(value, unbatched);
        int b = q.size(0);
        int l = q.size(1);
        int s = k.size(1);
        int d = embedDim / numHeads;
        Tensor w = p("in_proj_weight");
        Tensor bi = bias ? p("in_proj_bias") : null;
        Tensor qh;
        Tensor kh;
        Tensor vh;
        if (self) { // one GEMM for q, k and v: [B, L, 3E] → [3, B, heads, L, D]
            Tensor qkv = NnFunctional.linear(q, w, bi).reshape(b, l, 3, numHeads, d).permute(2, 0, 3, 1, 4);
            qh = qkv.select(0, 0);
            kh = qkv.select(0, 1);
            vh = qkv.select(0, 2);
        } else {
            qh = heads(NnFunctional.linear(q, w.narrow(0, 0, embedDim), bi == null ? null : bi.narrow(0, 0, embedDim)), l);
            kh = heads(NnFunctional.linear(k, w.narrow(0, embedDim, embedDim),
                    bi == null ? null : bi.narrow(0, embedDim, embedDim)), s);
            vh = heads(NnFunctional.linear(v, w.narrow(0, 2 * embedDim, embedDim),
                    bi == null ? null : bi.narrow(0, 2 * embedDim, embedDim)), s);
        }
        Tensor scores = qh.mul(1.0 / Math.sqrt(d)).matmul(kh.transpose(-1, -2)); // [B, heads, L, S]
        DType dt = scores.dtype();
        if (attnMask != null) {
            scores = scores.add(attnMaskView(attnMask, dt, b, l, s));
        }
        if (keyPaddingMask != null) {
            int[] want = unbatched ? new int[] {s} : new int[] {b, s};
            if (!java.util.Arrays.equals(keyPaddingMask.values().shapeRef(), want)) {
                throw new IllegalArgumentException("MultiheadAttention: expected key_padding_mask of shape "
                        + Shape.str(want) + ", got " + Shape.str(keyPaddingMask.values().shapeRef()));
            }
            scores = scores.add(keyPaddingMask.additive(dt).reshape(b, 1, 1, s));
        }
        Tensor attn = scores.softmax(-1);
        attn = NnFunctional.dropout(attn, dropout, isTraining(), dropoutGen);
        Tensor out = attn.matmul(vh).permute(0, 2, 1, 3).reshape(b, l, embedDim);
        out = outProj.call(out);
        out = unbatched ? out.squeeze(0) : batchFirst ? out : out.transpose(0, 1);
        Tensor weights = null;
        if (needWeights) {
            weights = averageWeights ? attn.mean(1, false) : attn;
            if (unbatched) {
                weights = weights.squeeze(0);
            }
        }
        return new AttentionOutput(out, weights);
    }

    /** [B, T, E] → [B, heads, T, D]. */
    private Tensor heads(Tensor x, int t) {
        return x.reshape(x.size(0), t, numHeads, embedDim / numHeads).permute(0, 2, 1, 3);
    }

    /** To batch-first [B, T, E]. */
    private Tensor layout(Tensor x, boolean unbatched) {
        return unbatched ? x.unsqueeze(0) : batchFirst ? x : x.transpose(0, 1);
    }

    private void checkInputs(Tensor query, Tensor key, Tensor value, boolean unbatched) {
        int rank = unbatched ? 2 : 3;
        for (Tensor t : new Tensor[] {query, key, value}) {
            if (t.dim() != rank || t.size(-1) != embedDim) {
                throw new IllegalArgumentException("MultiheadAttention: expected query, key and value of shape "
                        + (unbatched ? "[L, " : batchFirst ? "[B, L, " : "[L, B, ") + embedDim + "], got "
                        + Shape.str(query.shapeRef()) + ", " + Shape.str(key.shapeRef()) + " and "
                        + Shape.str(value.shapeRef()));
            }
        }
        if (!java.util.Arrays.equals(key.shapeRef(), value.shapeRef())) {
            throw new IllegalArgumentException("MultiheadAttention: key " + Shape.str(key.shapeRef())
                    + " and value " + Shape.str(value.shapeRef()) + " must have the same shape");
        }
        if (!unbatched) {
            int bd = batchFirst ? 0 : 1;
            if (query.size(bd) != key.size(bd)) {
                throw new IllegalArgumentException("MultiheadAttention: query " + Shape.str(query.shapeRef())
                        + " and key " + Shape.str(key.shapeRef()) + " have different batch sizes");
            }
        }
    }

    private Tensor attnMaskView(AttentionMask m, DType dt, int b, int l, int s) {
        int[] ms = m.values().shapeRef();
        Tensor add = m.additive(dt);
        if (ms.length == 2 && ms[0] == l && ms[1] == s) {
            return add;
        }
        if (ms.length == 3 && ms[0] == b * numHeads && ms[1] == l && ms[2] == s) {
            return add.reshape(b, numHeads, l, s);
        }
        throw new IllegalArgumentException("MultiheadAttention: expected attn_mask of shape [" + l + ", " + s + "] or ["
                + b * numHeads + ", " + l + ", " + s + "] ([L, S] or [B·heads, L, S]), got " + Shape.str(ms));
    }

    @Override
    public String toString() {
        return "MultiheadAttention(embed_dim=" + embedDim + ", num_heads=" + numHeads
                + (dropout != 0 ? ", dropout=" + dropout : "") + (bias ? "" : ", bias=false")
                + (batchFirst ? ", batch_first=true" : "") + ")";
    }
}
