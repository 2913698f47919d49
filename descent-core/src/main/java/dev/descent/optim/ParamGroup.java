package dev.descent.optim;

import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A set of parameters sharing hyperparameters, as PyTorch's {@code param_groups} entries.
 *
 * <p>Build one with {@link #of(List)} or {@link #named(Map)}, override hyperparameters with
 * {@link #with(String, Object)} (anything not overridden comes from the optimizer's algorithm), and
 * pass it to the {@link Optimizer}. Once bound, {@link #lr()}, {@link #setLr(double)}, {@link
 * #get(String)} and {@link #set(String, Object)} read and change the group's hyperparameters at any
 * time (schedulers do this); changes are validated like construction.
 * <pre>{@code
 * Optimizer opt = new Optimizer(List.of(
 *         ParamGroup.named(backbone).with("lr", 1e-4),
 *         ParamGroup.named(head)), Adam.withLr(1e-3));
 * opt.group(0).setLr(5e-5);
 * }</pre>
 */
public final class ParamGroup {
    private final List<NamedParameter> params;
    private final Map<String, Object> overrides = new LinkedHashMap<>();
    private Algorithm algorithm;
    private double initialLr = Double.NaN;
    State[] states;
    /** Scratch for the optimizer's parallel loops, sized at binding: per-parameter cost and check result. */
    long[] cost;
    int[] bad;
    /** Prebuilt tasks (no per-step lambda allocation). */
    java.util.function.IntConsumer updateTask;
    java.util.function.IntConsumer checkTask;

    private ParamGroup(List<NamedParameter> params) {
        this.params = new ArrayList<>(params);
    }

    /** A group of unnamed parameters; the optimizer names them {@code param.<i>} by global position. */
    public static ParamGroup of(List<Tensor> params) {
        List<NamedParameter> l = new ArrayList<>(params.size());
        for (Tensor t : params) {
            l.add(new NamedParameter(Optimizer.UNNAMED, t));
        }
        return new ParamGroup(l);
    }

    /** A group of named parameters, in the map's iteration order (use a LinkedHashMap). */
    public static ParamGroup named(Map<String, Tensor> params) {
        List<NamedParameter> l = new ArrayList<>(params.size());
        params.forEach((k, v) -> l.add(new NamedParameter(k, v)));
        return new ParamGroup(l);
    }

    /** A group of named parameters. */
    public static ParamGroup ofNamed(List<NamedParameter> params) {
        return new ParamGroup(params);
    }

    /** Overrides one hyperparameter of this group (before or after binding). Returns this group. */
    public ParamGroup with(String name, Object value) {
        if (algorithm != null) {
            set(name, value);
        } else {
            overrides.put(name, value);
        }
        return this;
    }

    /** Binds the group to the optimizer's algorithm; called once by the optimizer. */
    void bind(Algorithm defaults, List<NamedParameter> named) {
        Algorithm a = defaults;
        for (Map.Entry<String, Object> e : overrides.entrySet()) {
            a = a.with(e.getKey(), e.getValue());
        }
        this.algorithm = a;
        this.params.clear();
        this.params.addAll(named);
        this.states = new State[named.size()];
        this.cost = new long[named.size()];
        this.bad = new int[named.size()];
    }

    boolean bound() {
        return algorithm != null;
    }

    /** The live parameter list (no copy), for the optimizer's hot loop. */
    List<NamedParameter> raw() {
        return params;
    }

    /** The parameters with their names. */
    public List<NamedParameter> params() {
        return Collections.unmodifiableList(params);
    }

    /** The group's algorithm, carrying its current hyperparameters. */
    public Algorithm algorithm() {
        requireBound();
        return algorithm;
    }

    /** Replaces the group's algorithm (same type, for example after a state-dict load). */
    void setAlgorithm(Algorithm a) {
        this.algorithm = a;
    }

    /** The learning rate. */
    public double lr() {
        return algorithm().lr();
    }

    /** Sets the learning rate (validated). */
    public void setLr(double lr) {
        set("lr", lr);
    }

    /**
     * The learning rate schedulers start from (PyTorch's {@code initial_lr}); NaN until a scheduler
     * is attached. The first scheduler sets it to the current lr; later ones reuse it.
     */
    public double initialLr() {
        return initialLr;
    }

    /** Sets the schedulers' starting learning rate. */
    public void setInitialLr(double lr) {
        this.initialLr = lr;
    }

    /** A hyperparameter by name ({@code "momentum"}, {@code "beta1"}, ...). */
    public Object get(String name) {
        return algorithm().get(name);
    }

    /** A numeric hyperparameter by name. */
    public double getDouble(String name) {
        Object v = get(name);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(algorithm.name() + "." + name + " is not a number: " + v);
    }

    /** True when the algorithm has a hyperparameter of that name. */
    public boolean has(String name) {
        return algorithm().hyperparameters().containsKey(name);
    }

    /** Sets a hyperparameter by name (validated as at construction). */
    public void set(String name, Object value) {
        algorithm = algorithm().with(name, value);
    }

    /** Every hyperparameter of this group. */
    public Map<String, Object> hyperparameters() {
        return algorithm().hyperparameters();
    }

    private void requireBound() {
        if (algorithm == null) {
            throw new IllegalStateException("this parameter group is not part of an optimizer yet");
        }
    }

    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        for (NamedParameter p : params) {
            names.add(p.name());
        }
        return "ParamGroup" + (algorithm != null ? algorithm.hyperparameters() : overrides) + " " + names;
    }
}
