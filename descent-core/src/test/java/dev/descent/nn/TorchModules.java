package dev.descent.nn;

import dev.descent.nn.zoo.BasicBlock;
import dev.descent.nn.zoo.ResNet;
import dev.descent.ops.NnFunctional;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import java.util.List;
import java.util.Map;

/**
 * Builds the Descent module that a PyTorch fixture describes: the layer's torch class name and its
 * constructor arguments by torch's names ({@code in_features}, {@code kernel_size}, ...), as written
 * by {@code scripts/torch_fixtures/nn_fixtures.py}. Arguments the fixture leaves out take PyTorch's
 * defaults. Composites ({@code Sequential}, {@code Residual}) nest specs of the same form.
 */
final class TorchModules {
    private TorchModules() {}

    /** A module of torch class {@code type} with {@code args}; random draws (init, dropout) come from {@code gen}. */
    static Module build(String type, Map<String, Object> args, DType dtype, Generator gen) {
        Args a = new Args(type, args);
        return switch (type) {
            case "Linear" -> new Linear(a.i("in_features"), a.i("out_features"), a.b("bias", true), dtype, gen);
            case "Conv1d" -> args.get("padding") instanceof String mode
                    ? new Conv1d(a.i("in_channels"), a.i("out_channels"), a.i("kernel_size"), a.i("stride", 1), mode,
                            a.i("dilation", 1), a.i("groups", 1), a.b("bias", true), dtype, gen)
                    : new Conv1d(a.i("in_channels"), a.i("out_channels"), a.i("kernel_size"), a.i("stride", 1),
                            a.i("padding", 0), a.i("dilation", 1), a.i("groups", 1), a.b("bias", true), dtype, gen);
            case "Conv2d" -> {
                int[] k = a.pair("kernel_size", 0);
                int[] s = a.pair("stride", 1);
                int[] d = a.pair("dilation", 1);
                if (args.get("padding") instanceof String mode) {
                    yield new Conv2d(a.i("in_channels"), a.i("out_channels"), k[0], k[1], s[0], s[1], mode, d[0], d[1],
                            a.i("groups", 1), a.b("bias", true), dtype, gen);
                }
                int[] p = a.pair("padding", 0);
                yield new Conv2d(a.i("in_channels"), a.i("out_channels"), k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1],
                        a.i("groups", 1), a.b("bias", true), dtype, gen);
            }
            case "MaxPool2d" -> {
                int[] k = a.pair("kernel_size", 0);
                int[] s = a.map().containsKey("stride") ? a.pair("stride", 0) : k;
                int[] p = a.pair("padding", 0);
                int[] d = a.pair("dilation", 1);
                yield new MaxPool2d(k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1], a.b("ceil_mode", false));
            }
            case "AvgPool2d" -> {
                int[] k = a.pair("kernel_size", 0);
                int[] s = a.map().containsKey("stride") ? a.pair("stride", 0) : k;
                int[] p = a.pair("padding", 0);
                yield new AvgPool2d(k[0], k[1], s[0], s[1], p[0], p[1], a.b("count_include_pad", true),
                        a.b("ceil_mode", false));
            }
            case "AdaptiveAvgPool2d" -> {
                int[] size = a.pair("output_size", 0);
                yield new AdaptiveAvgPool2d(size[0], size[1]);
            }
            case "Flatten" -> new Flatten(a.i("start_dim", 1), a.i("end_dim", -1));
            case "Identity" -> new Identity();
            case "BatchNorm1d" -> new BatchNorm1d(a.i("num_features"), a.d("eps", NnFunctional.NORM_EPS), a.momentum(),
                    a.b("affine", true), a.b("track_running_stats", true), dtype);
            case "BatchNorm2d" -> new BatchNorm2d(a.i("num_features"), a.d("eps", NnFunctional.NORM_EPS), a.momentum(),
                    a.b("affine", true), a.b("track_running_stats", true), dtype);
            case "LayerNorm" -> new LayerNorm(a.ints("normalized_shape"), a.d("eps", NnFunctional.NORM_EPS),
                    a.b("elementwise_affine", true), a.b("bias", true), dtype);
            case "GroupNorm" -> new GroupNorm(a.i("num_groups"), a.i("num_channels"), a.d("eps", NnFunctional.NORM_EPS),
                    a.b("affine", true), dtype);
            case "ReLU" -> Activation.relu();
            case "LeakyReLU" -> Activation.leakyRelu(a.d("negative_slope", 0.01));
            case "ELU" -> Activation.elu(a.d("alpha", 1.0));
            case "GELU" -> Activation.gelu((String) args.getOrDefault("approximate", "none"));
            case "SiLU" -> Activation.silu();
            case "Sigmoid" -> Activation.sigmoid();
            case "Tanh" -> Activation.tanh();
            case "Softmax" -> Activation.softmax(a.i("dim"));
            case "Dropout" -> new Dropout(a.d("p", 0.5), gen);
            case "Embedding" -> new Embedding(a.i("num_embeddings"), a.i("embedding_dim"),
                    args.get("padding_idx") == null ? null : a.i("padding_idx"), dtype, gen);
            case "RNN" -> new Rnn(a.i("input_size"), a.i("hidden_size"), a.i("num_layers", 1),
                    (String) args.getOrDefault("nonlinearity", "tanh"), a.b("bias", true), a.b("batch_first", false),
                    a.d("dropout", 0.0), a.b("bidirectional", false), dtype, gen);
            case "LSTM" -> new Lstm(a.i("input_size"), a.i("hidden_size"), a.i("num_layers", 1), a.b("bias", true),
                    a.b("batch_first", false), a.d("dropout", 0.0), a.b("bidirectional", false), dtype, gen);
            case "GRU" -> new Gru(a.i("input_size"), a.i("hidden_size"), a.i("num_layers", 1), a.b("bias", true),
                    a.b("batch_first", false), a.d("dropout", 0.0), a.b("bidirectional", false), dtype, gen);
            case "MultiheadAttention" -> new MultiheadAttention(a.i("embed_dim"), a.i("num_heads"), a.d("dropout", 0.0),
                    a.b("bias", true), a.b("batch_first", false), dtype, gen);
            case "TransformerEncoderLayer" -> new TransformerEncoderLayer(a.i("d_model"), a.i("nhead"),
                    a.i("dim_feedforward", 2048), a.d("dropout", 0.1), (String) args.getOrDefault("activation", "relu"),
                    a.d("layer_norm_eps", NnFunctional.NORM_EPS), a.b("batch_first", false), a.b("norm_first", false),
                    dtype, gen);
            case "Sequential" -> {
                Sequential s = new Sequential();
                for (Object layer : (List<?>) args.get("layers")) {
                    s.add(fromSpec(layer, dtype, gen));
                }
                yield s;
            }
            case "Residual" -> new Residual(fromSpec(args.get("body"), dtype, gen),
                    args.containsKey("shortcut") ? fromSpec(args.get("shortcut"), dtype, gen) : null, true);
            case "BasicBlock" -> new BasicBlock(a.i("in_channels"), a.i("out_channels"), a.i("stride"),
                    ResNet.Shortcut.valueOf((String) args.get("shortcut")), true, dtype, gen);
            default -> throw new IllegalArgumentException("no Descent module for torch type '" + type + "'");
        };
    }

    /** A nested {@code {"type": ..., "args": {...}}} spec. */
    @SuppressWarnings("unchecked")
    static Module fromSpec(Object spec, DType dtype, Generator gen) {
        Map<String, Object> m = (Map<String, Object>) spec;
        return build((String) m.get("type"), (Map<String, Object>) m.get("args"), dtype, gen);
    }

    /** Typed reads of JSON arguments (numbers arrive as Long or Double), with PyTorch defaults. */
    private record Args(String type, Map<String, Object> map) {
        private Object get(String key) {
            if (!map.containsKey(key)) {
                throw new IllegalArgumentException(type + ": fixture lacks argument '" + key + "'");
            }
            return map.get(key);
        }

        int i(String key) {
            return ((Number) get(key)).intValue();
        }

        int i(String key, int dflt) {
            return map.containsKey(key) ? i(key) : dflt;
        }

        double d(String key, double dflt) {
            return map.containsKey(key) ? ((Number) get(key)).doubleValue() : dflt;
        }

        boolean b(String key, boolean dflt) {
            return map.containsKey(key) ? (Boolean) get(key) : dflt;
        }

        /** An int or a two-element list, as torch's {@code _pair}. */
        int[] pair(String key, int dflt) {
            if (!map.containsKey(key)) {
                return new int[] {dflt, dflt};
            }
            Object v = get(key);
            if (v instanceof Number n) {
                return new int[] {n.intValue(), n.intValue()};
            }
            int[] p = ints(key);
            if (p.length != 2) {
                throw new IllegalArgumentException(type + ": '" + key + "' must be an int or a pair, got " + v);
            }
            return p;
        }

        int[] ints(String key) {
            Object v = get(key);
            if (v instanceof Number n) {
                return new int[] {n.intValue()};
            }
            return ((List<?>) v).stream().mapToInt(o -> ((Number) o).intValue()).toArray();
        }

        /** torch's momentum=None (cumulative average) is Descent's {@link BatchNorm#CUMULATIVE}. */
        double momentum() {
            if (!map.containsKey("momentum")) {
                return NnFunctional.BN_MOMENTUM;
            }
            Object v = map.get("momentum");
            return v == null ? BatchNorm.CUMULATIVE : ((Number) v).doubleValue();
        }
    }
}
