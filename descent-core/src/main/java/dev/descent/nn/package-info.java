/**
 * The architecture: {@link dev.descent.nn.Module} (parameters, buffers and children registered by
 * name, {@code forward}, train/eval, state dicts) and the layers of {@code torch.nn}, each with
 * PyTorch's semantics, parameter names and default initialisation.
 *
 * <ul>
 *   <li>dense and convolution: {@link dev.descent.nn.Linear}, {@link dev.descent.nn.Conv1d},
 *       {@link dev.descent.nn.Conv2d}, {@link dev.descent.nn.Embedding}</li>
 *   <li>pooling and shape: {@link dev.descent.nn.MaxPool2d}, {@link dev.descent.nn.AvgPool2d},
 *       {@link dev.descent.nn.AdaptiveAvgPool2d}, {@link dev.descent.nn.Flatten}, {@link dev.descent.nn.Identity}</li>
 *   <li>normalization and regularization: {@link dev.descent.nn.BatchNorm1d}, {@link dev.descent.nn.BatchNorm2d},
 *       {@link dev.descent.nn.LayerNorm}, {@link dev.descent.nn.GroupNorm}, {@link dev.descent.nn.Dropout}</li>
 *   <li>sequences: {@link dev.descent.nn.Rnn}, {@link dev.descent.nn.Lstm}, {@link dev.descent.nn.Gru},
 *       {@link dev.descent.nn.MultiheadAttention}, {@link dev.descent.nn.TransformerEncoderLayer}</li>
 *   <li>composition: {@link dev.descent.nn.Sequential}, {@link dev.descent.nn.Residual},
 *       {@link dev.descent.nn.Activation}</li>
 * </ul>
 * Layers with several inputs or outputs (recurrent layers, attention) have typed methods
 * ({@code LstmOutput forward(Tensor x, LstmState state)}) beside {@code forward(Tensor)}, which
 * returns the main output so that they fit in a {@link dev.descent.nn.Sequential}. Every layer
 * takes its {@link dev.descent.tensor.DType} and a seeded {@link dev.descent.tensor.Generator};
 * the short constructors use float32 and {@link dev.descent.nn.Init#defaultGenerator()}.
 * Ready-made networks are in {@link dev.descent.nn.zoo}.
 *
 * <pre>{@code
 * Init.manualSeed(0);
 * Module net = new Sequential(new Conv2d(1, 8, 3, 1, 1), new BatchNorm2d(8), Activation.relu(),
 *         new MaxPool2d(2), new Flatten(), new Linear(8 * 14 * 14, 10));
 * Tensor logits = net.forward(images);              // [N, 10]
 * }</pre>
 */
package dev.descent.nn;
