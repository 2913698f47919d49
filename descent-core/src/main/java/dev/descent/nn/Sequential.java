package dev.descent.nn;

import dev.descent.ops.FusedActivation;
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

    /**
     * Runs the layers in order. A {@link Linear} directly followed by an {@link Activation} that has a
     * fused form runs as one op ({@link Linear#forward(Tensor, FusedActivation)}): same values, one
     * tensor and one graph node fewer. Both layers are still reported to {@link Summary}, so names,
     * state dicts and the printed summary do not change.
     */
    @Override
    public Tensor forward(Tensor x) {
        int n = layers.size();
        for (int i = 0; i < n; i++) {
            Module m = layers.get(i);
            FusedActivation act = i + 1 < n && m instanceof Linear && layers.get(i + 1) instanceof Activation a
                    ? a.fused() : null;
            if (act != null) {
                x = ((Linear) m).forward(x, act);
                Summary.observe(m, x);
                Summary.observe(layers.get(++i), x);
            } else {
                x = m.call(x);
            }
        }
        return x;
    }

    @Override
    public String toString() {
        return "Sequential(" + layers.size() + " layers)";
    }
}
