package dev.descent.nn;

import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Layers applied one after another; children are named 0, 1, 2, ... as in PyTorch. */
public final class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    /** A sequence of the given layers. */
    public Sequential(Module... modules) {
        for (Module m : modules) {
            add(m);
        }
    }

    /** Appends a layer and returns this. */
    public Sequential add(Module m) {
        child(Integer.toString(layers.size()), m);
        layers.add(m);
        return this;
    }

    /** The layer at {@code index}. */
    public Module get(int index) {
        return layers.get(index);
    }

    /** Number of layers. */
    public int size() {
        return layers.size();
    }

    @Override
    public Tensor forward(Tensor x) {
        for (Module m : layers) {
            x = m.call(x);
        }
        return x;
    }

    @Override
    public String toString() {
        return "Sequential(" + layers.size() + " layers)";
    }
}
