package dev.descent.nn.zoo;

import dev.descent.nn.AttentionMask;
import dev.descent.nn.Embedding;
import dev.descent.nn.Init;
import dev.descent.nn.LayerNorm;
import dev.descent.nn.Linear;
import dev.descent.nn.Module;
import dev.descent.nn.Sequential;
import dev.descent.nn.TransformerEncoderLayer;
import dev.descent.ops.NnFunctional;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.Locale;

/**
 * A Transformer encoder classifier: an input embedding to {@code dModel}, a learned positional
 * embedding, {@code layers} {@link TransformerEncoderLayer}s (batch-first), mean pooling over the
 * sequence and a linear head. Three input kinds:
 * <ul>
 *   <li>{@link #tokens}: {@code [B, T]} integer token ids through an {@link Embedding};</li>
 *   <li>{@link #features}: {@code [B, T, F]} feature vectors through a {@link Linear} projection;</li>
 *   <li>{@link #patches}: {@code [B, C, H, W]} images cut into non-overlapping p×p patches
 *       (row-major, as ViT), each flattened to {@code C·p·p} and projected linearly.</li>
 * </ul>
 * With pre-norm layers a final {@code norm} (LayerNorm) precedes the pooling. Children:
 * {@code embed}, {@code layers}, [{@code norm}], {@code head}; own parameter {@code pos_embedding
 * [1, maxLen, dModel]}, initialised N(0, 0.02²) as in ViT/BERT. Everything else has its layer's
 * default initialisation.
 */
public final class TransformerClassifier extends Module {
    /**
     * Sizes and options of the encoder.
     *
     * @param activation "relu" or "gelu"
     * @param normFirst  pre-norm layers (true) or PyTorch's default post-norm (false)
     */
    public record Config(int dModel, int heads, int layers, int dimFeedforward, double dropout, String activation,
                         boolean normFirst) {
        /** Validates the sizes. */
        public Config {
            if (dModel < 1 || heads < 1 || layers < 1 || dimFeedforward < 1 || dModel % heads != 0) {
                throw new IllegalArgumentException("TransformerClassifier: need positive sizes and dModel divisible by"
                        + " heads, got dModel " + dModel + ", heads " + heads + ", layers " + layers
                        + ", dim_feedforward " + dimFeedforward);
            }
        }

        /** A small encoder: dModel 64, 4 heads, 2 layers, feed-forward 128, dropout 0.1, gelu, pre-norm. */
        public static Config small() {
            return new Config(64, 4, 2, 128, 0.1, "gelu", true);
        }
    }

    private enum Kind { TOKENS, FEATURES, PATCHES }

    private final Kind kind;
    private final int maxLen;
    private final int inputDim; // vocabulary, feature size or channels
    private final int patch;
    private final Config config;
    private final Module embed;
    private final Sequential layers;
    private final LayerNorm norm;
    private final Linear head;

    private TransformerClassifier(Kind kind, int inputDim, int patch, int maxLen, int classes, Config cfg, DType dtype,
                                  Generator gen) {
        if (inputDim < 1 || maxLen < 1 || classes < 1) {
            throw new IllegalArgumentException("TransformerClassifier: input size " + inputDim + ", sequence length "
                    + maxLen + " and classes " + classes + " must be positive");
        }
        this.kind = kind;
        this.maxLen = maxLen;
        this.inputDim = inputDim;
        this.patch = patch;
        this.config = cfg;
        int d = cfg.dModel();
        param("pos_embedding", Init.normal_(Tensor.zeros(dtype, 1, maxLen, d), 0, 0.02, gen));
        embed = child("embed", kind == Kind.TOKENS ? new Embedding(inputDim, d, null, dtype, gen)
                : new Linear(kind == Kind.PATCHES ? inputDim * patch * patch : inputDim, d, true, dtype, gen));
        Sequential enc = new Sequential();
        for (int i = 0; i < cfg.layers(); i++) {
            enc.add(new TransformerEncoderLayer(d, cfg.heads(), cfg.dimFeedforward(), cfg.dropout(),
                    cfg.activation().toLowerCase(Locale.ROOT), NnFunctional.NORM_EPS, true, cfg.normFirst(), dtype, gen));
        }
        layers = child("layers", enc);
        norm = cfg.normFirst() ? child("norm", new LayerNorm(new int[] {d}, NnFunctional.NORM_EPS, true, true, dtype)) : null;
        head = child("head", new Linear(d, classes, true, dtype, gen));
    }

    /** Token ids {@code [B, T]} with {@code T ≤ maxLen} from a vocabulary of {@code vocab}. */
    public static TransformerClassifier tokens(int vocab, int maxLen, int classes, Config cfg, DType dtype, Generator gen) {
        return new TransformerClassifier(Kind.TOKENS, vocab, 1, maxLen, classes, cfg, dtype, gen);
    }

    /** Feature sequences {@code [B, T, featureDim]} with {@code T ≤ maxLen}. */
    public static TransformerClassifier features(int featureDim, int maxLen, int classes, Config cfg, DType dtype,
                                                 Generator gen) {
        return new TransformerClassifier(Kind.FEATURES, featureDim, 1, maxLen, classes, cfg, dtype, gen);
    }

    /** Images {@code [B, channels, height, width]} cut into {@code patch × patch} patches (sizes divisible by patch). */
    public static TransformerClassifier patches(int channels, int height, int width, int patch, int classes, Config cfg,
                                                DType dtype, Generator gen) {
        if (patch < 1 || height % patch != 0 || width % patch != 0) {
            throw new IllegalArgumentException("TransformerClassifier: image " + height + "x" + width
                    + " is not divisible into " + patch + "x" + patch + " patches");
        }
        return new TransformerClassifier(Kind.PATCHES, channels, patch, (height / patch) * (width / patch), classes, cfg,
                dtype, gen);
    }

    /** Logits {@code [B, classes]}. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, null);
    }

    /**
     * Logits with a key padding mask {@code [B, T]} (1 or −∞ at padding): padded positions are
     * neither attended to nor included in the mean.
     */
    public Tensor forward(Tensor x, AttentionMask keyPaddingMask) {
        Tensor h = embed.call(sequence(x));
        int t = h.size(1);
        if (t > maxLen) {
            throw new IllegalArgumentException("TransformerClassifier: sequence of " + t + " exceeds the maximum length "
                    + maxLen + " of the positional embedding");
        }
        h = h.add(p("pos_embedding").narrow(1, 0, t));
        if (keyPaddingMask == null) {
            h = layers.call(h);
        } else {
            for (int i = 0; i < layers.size(); i++) {
                h = ((TransformerEncoderLayer) layers.get(i)).forward(h, null, keyPaddingMask);
            }
        }
        if (norm != null) {
            h = norm.call(h);
        }
        Tensor pooled;
        if (keyPaddingMask == null) {
            pooled = h.mean(1, false);
        } else {
            Tensor keep = keyPaddingMask.additive(h.dtype()).eq(0.0).to(h.dtype()); // [B, T]
            pooled = h.mul(keep.unsqueeze(-1)).sum(1, false).div(keep.sum(1, true));
        }
        return head.call(pooled);
    }

    /** The input as the embedding expects it: ids [B, T], or vectors [B, T, F]. */
    private Tensor sequence(Tensor x) {
        switch (kind) {
            case TOKENS -> {
                if (x.dim() != 2) {
                    throw new IllegalArgumentException("TransformerClassifier: expected token ids [B, T], got "
                            + Shape.str(x.shapeRef()));
                }
                return x;
            }
            case FEATURES -> {
                if (x.dim() == 2 && inputDim == 1) {
                    return x.unsqueeze(-1);
                }
                if (x.dim() != 3 || x.size(2) != inputDim) {
                    throw new IllegalArgumentException("TransformerClassifier: expected features [B, T, " + inputDim
                            + "], got " + Shape.str(x.shapeRef()));
                }
                return x;
            }
            default -> {
                if (x.dim() != 4 || x.size(1) != inputDim || x.size(2) % patch != 0 || x.size(3) % patch != 0) {
                    throw new IllegalArgumentException("TransformerClassifier: expected images [B, " + inputDim
                            + ", H, W] with H and W divisible by the patch " + patch + ", got " + Shape.str(x.shapeRef()));
                }
                int b = x.size(0);
                int gh = x.size(2) / patch;
                int gw = x.size(3) / patch;
                return x.reshape(b, inputDim, gh, patch, gw, patch).permute(0, 2, 4, 1, 3, 5)
                        .reshape(b, gh * gw, inputDim * patch * patch);
            }
        }
    }

    @Override
    public String toString() {
        return "TransformerClassifier(" + kind.name().toLowerCase(Locale.ROOT) + ", d_model=" + config.dModel()
                + ", heads=" + config.heads() + ", layers=" + config.layers() + ", max_len=" + maxLen + ")";
    }
}
