package dev.descent.surface;

import dev.descent.nn.Module;
import dev.descent.nn.zoo.ModelZoo;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A model read from a {@code descent train} checkpoint: the zoo name and constructor arguments from
 * the safetensors metadata, and the weights.
 *
 * @param file       the {@code model.safetensors} file
 * @param model      the {@link ModelZoo} name, e.g. {@code mlp}, {@code resnet20}
 * @param inputShape the shape of one example, e.g. {@code [1, 28, 28]}
 * @param classes    the number of classes
 * @param dtype      the dtype of the model
 * @param seed       the training seed
 * @param data       the data set's name or path ({@code ""} if not recorded)
 * @param step       the training step of the checkpoint (-1 if unknown)
 * @param metadata   all metadata, as written
 * @param state      the tensors by name (parameters and buffers)
 */
public record SavedModel(Path file, String model, int[] inputShape, int classes, DType dtype, long seed, String data,
                         long step, Map<String, String> metadata, LinkedHashMap<String, Tensor> state) {

    /** A fresh model of this architecture (weights from the zoo's initialisation, to be overwritten). */
    public Module create() {
        return ModelZoo.create(model, inputShape, classes, dtype, new Generator(seed));
    }

    /** The model with the saved weights loaded (strict: every name must match). */
    public Module load() {
        Module m = create();
        m.loadStateDict(state, true);
        m.eval();
        return m;
    }

    /** A factory of model copies, for parallel grids. */
    public Supplier<Module> factory() {
        return this::create;
    }
}
