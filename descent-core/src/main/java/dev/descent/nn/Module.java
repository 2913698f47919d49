package dev.descent.nn;

import dev.descent.autograd.GradMode;
import dev.descent.tensor.ActivationScope;
import dev.descent.tensor.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The architecture, the notes' "blueprint": a tree of layers that owns parameters and buffers and
 * computes {@link #forward(Tensor)}. A module never updates its own parameters; an
 * {@code Optimizer} bound to {@link #namedParameters()} does that.
 *
 * <p>Subclasses register what they own in their constructor with {@link #param}, {@link #buffer}
 * and {@link #child}; names join with dots ({@code layer1.0.conv1.weight}) in registration order,
 * so state dictionaries are stable and readable.
 */
public abstract class Module {
    private final LinkedHashMap<String, Tensor> params = new LinkedHashMap<>();
    private final LinkedHashMap<String, Tensor> buffers = new LinkedHashMap<>();
    private final LinkedHashMap<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** Computes the output for one input batch. */
    public abstract Tensor forward(Tensor input);

    /**
     * Runs {@link #forward(Tensor)}; containers call children through this method so that tools such
     * as {@link Summary} can observe every layer's output. Prefer {@code model.call(x)} to
     * {@code model.forward(x)} in a training loop too: inside a library model called this way, the
     * forward's temporaries are recycled as it returns, and the activations that only the graph holds
     * after backward (see {@link #observed}).
     */
    public final Tensor call(Tensor input) {
        return observed(input, this::forward);
    }

    /** Library modules: their forward keeps no reference to what it computes (see {@link #observed}). */
    private static final ClassValue<Boolean> LIBRARY = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            String pkg = type.getPackageName();
            return pkg.equals("dev.descent.nn") || pkg.equals("dev.descent.nn.zoo");
        }
    };

    /**
     * Runs {@code body} as this module's forward on {@code input}, tracking who may hold its tensors,
     * and reports the output to {@link Summary}. The forward of a library module (a class of
     * {@code dev.descent.nn} or {@code dev.descent.nn.zoo}, whose code keeps no reference to what it
     * computes) allocates "internal" storages: those no saved tensor holds are recycled when it returns
     * (all but its output), the others once backward releases the saved tensors holding them
     * ({@link ActivationScope}). Any other module is user code: its input is marked
     * escaped (it may stash it) and nothing it allocates is internal, even through library code it
     * calls, whose outputs are escaped on the way back. An output that returns to user code or to the
     * top level is escaped too. The library's modules never assign fields during forward, which is what
     * this rests on: one that keeps a tensor must escape it.
     */
    protected final Tensor observed(Tensor input, UnaryOperator<Tensor> body) {
        boolean library = LIBRARY.get(getClass());
        if (!library) {
            input.storage().escape();
        }
        long scope = ActivationScope.enter(library);
        Tensor out = null;
        try {
            out = body.apply(input);
        } finally {
            ActivationScope.exit(scope, out);
        }
        Summary.observe(this, out);
        return out;
    }

    /** Registers a trainable parameter (marks it as requiring grad) and returns it. */
    protected final Tensor param(String name, Tensor value) {
        checkName(name);
        value.requiresGrad_(true);
        params.put(name, value);
        return value;
    }

    /** Registers a non-trainable state tensor (e.g. batch-norm running statistics) and returns it. */
    protected final Tensor buffer(String name, Tensor value) {
        checkName(name);
        buffers.put(name, value);
        return value;
    }

    /** Registers a sub-module and returns it. */
    protected final <M extends Module> M child(String name, M module) {
        checkName(name);
        children.put(name, module);
        return module;
    }

    /** Replaces the value of a registered parameter (used by loaders and re-initialisation). */
    protected final void replaceParam(String name, Tensor value) {
        if (!params.containsKey(name)) {
            throw new IllegalArgumentException("no parameter named '" + name + "' in " + getClass().getSimpleName());
        }
        value.requiresGrad_(true);
        params.put(name, value);
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("invalid name '" + name + "': must be non-empty and contain no '.'");
        }
        if (params.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("name '" + name + "' is already registered in " + getClass().getSimpleName());
        }
    }

    /** The direct sub-modules by name. */
    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** This module's own parameters (not the children's), by name. */
    public final Map<String, Tensor> ownParameters() {
        return Collections.unmodifiableMap(params);
    }

    /** All parameters of the tree with dotted names, in registration order. */
    public final LinkedHashMap<String, Tensor> namedParameters() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, false);
        return out;
    }

    /** All parameters of the tree, in registration order. */
    public final List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** All buffers of the tree with dotted names. */
    public final LinkedHashMap<String, Tensor> namedBuffers() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, true);
        return out;
    }

    private void collect(String prefix, Map<String, Tensor> out, boolean wantBuffers) {
        for (var e : (wantBuffers ? buffers : params).entrySet()) {
            out.put(prefix + e.getKey(), e.getValue());
        }
        for (var e : children.entrySet()) {
            e.getValue().collect(prefix + e.getKey() + ".", out, wantBuffers);
        }
    }

    /** Total number of parameter elements. */
    public final long parameterCount() {
        long n = 0;
        for (Tensor p : parameters()) {
            n += p.numel();
        }
        return n;
    }

    /** Training mode (dropout active, batch norm uses batch statistics). Returns this. */
    public Module train() {
        return setTraining(true);
    }

    /** Evaluation mode. Returns this. */
    public Module eval() {
        return setTraining(false);
    }

    private Module setTraining(boolean on) {
        training = on;
        for (Module m : children.values()) {
            m.setTraining(on);
        }
        return this;
    }

    /** True in training mode. */
    public final boolean isTraining() {
        return training;
    }

    /** Calls {@code fn} on every module of the tree, children first (as PyTorch's {@code apply}). */
    public final Module apply(Consumer<Module> fn) {
        for (Module m : children.values()) {
            m.apply(fn);
        }
        fn.accept(this);
        return this;
    }

    /** Parameters and buffers by name: the weights to save. Tensors are shared, not copied. */
    public final LinkedHashMap<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = namedParameters();
        out.putAll(namedBuffers());
        return out;
    }

    /**
     * Copies values from {@code state} into this module's parameters and buffers. With {@code strict},
     * a missing or unexpected name is an error; a shape mismatch is always an error.
     */
    public final void loadStateDict(Map<String, Tensor> state, boolean strict) {
        LinkedHashMap<String, Tensor> mine = stateDict();
        List<String> missing = new ArrayList<>();
        for (var e : mine.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src == null) {
                missing.add(e.getKey());
                continue;
            }
            Tensor dst = e.getValue();
            if (!Arrays.equals(src.shapeRef(), dst.shapeRef())) {
                throw new IllegalArgumentException("loadStateDict: '" + e.getKey() + "' has shape "
                        + Shape.str(src.shapeRef()) + " in the state but " + Shape.str(dst.shapeRef()) + " in the model");
            }
            try (var s = GradMode.noGrad()) {
                dst.copy_(src);
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String k : state.keySet()) {
            if (!mine.containsKey(k)) {
                unexpected.add(k);
            }
        }
        if (strict && (!missing.isEmpty() || !unexpected.isEmpty())) {
            throw new IllegalArgumentException("loadStateDict: missing keys " + missing + ", unexpected keys " + unexpected);
        }
    }

    /** Converts all parameters and buffers to {@code dtype} in place of the old tensors. Returns this. */
    public Module to(DType dtype) {
        for (var e : new ArrayList<>(params.entrySet())) {
            if (e.getValue().dtype() != dtype) {
                Tensor converted = e.getValue().detach().to(dtype);
                params.put(e.getKey(), converted.requiresGrad_(true));
            }
        }
        for (var e : new ArrayList<>(buffers.entrySet())) {
            if (e.getValue().dtype() != dtype) {
                buffers.put(e.getKey(), e.getValue().to(dtype));
            }
        }
        onDtypeChanged();
        for (Module m : children.values()) {
            m.to(dtype);
        }
        return this;
    }

    /** Hook for modules that cache references to their parameters: re-read them after {@link #to(DType)}. */
    protected void onDtypeChanged() {}

    /** A parameter of this module by its local name. */
    protected final Tensor p(String name) {
        Tensor t = params.get(name);
        if (t == null) {
            throw new IllegalStateException("no parameter '" + name + "' in " + getClass().getSimpleName());
        }
        return t;
    }

    /** A buffer of this module by its local name. */
    protected final Tensor b(String name) {
        Tensor t = buffers.get(name);
        if (t == null) {
            throw new IllegalStateException("no buffer '" + name + "' in " + getClass().getSimpleName());
        }
        return t;
    }

    /** One-line description with the layer's settings, e.g. {@code Linear(784, 256, bias=true)}. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "()";
    }
}
