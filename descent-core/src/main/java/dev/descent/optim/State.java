package dev.descent.optim;

import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-parameter state of an {@link Algorithm}: a step count plus named tensors (Adam's
 * {@code exp_avg}, {@code exp_avg_sq}, ...), named scalars (NAdam's {@code mu_product}, ASGD's
 * {@code eta}) and named tensor lists (L-BFGS's history). The names are PyTorch's, so a state dict
 * reads the same in both libraries. Everything here is serialisable by name; nothing else is kept.
 *
 * <p>The step count starts at 0 and is incremented by the algorithm <em>before</em> it is used, so
 * the first update sees {@code step() == 1}, as in PyTorch.
 */
public final class State {
    private long step;
    private final LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
    private final LinkedHashMap<String, Double> scalars = new LinkedHashMap<>();
    private final LinkedHashMap<String, List<Tensor>> lists = new LinkedHashMap<>();

    /** Number of updates applied so far. */
    public long step() {
        return step;
    }

    /** Sets the step count. */
    public void setStep(long step) {
        this.step = step;
    }

    /** Increments the step count and returns the new value. */
    public long incrementStep() {
        return ++step;
    }

    /** The named tensor, or null if absent (for example SGD's momentum buffer before the first step). */
    public Tensor tensor(String name) {
        return tensors.get(name);
    }

    /** Stores a named tensor; returns this state. */
    public State put(String name, Tensor value) {
        tensors.put(name, value);
        return this;
    }

    /** The named scalar; an error if absent. */
    public double scalar(String name) {
        Double v = scalars.get(name);
        if (v == null) {
            throw new IllegalStateException("no scalar state '" + name + "' (has " + scalars.keySet() + ")");
        }
        return v;
    }

    /** True when the named scalar is present. */
    public boolean hasScalar(String name) {
        return scalars.containsKey(name);
    }

    /** Stores a named scalar; returns this state. */
    public State putScalar(String name, double value) {
        scalars.put(name, value);
        return this;
    }

    /** The named tensor list, created empty on first access. */
    public List<Tensor> list(String name) {
        return lists.computeIfAbsent(name, k -> new ArrayList<>());
    }

    /** Read-only view of the named tensors, in insertion order. */
    public Map<String, Tensor> tensors() {
        return Collections.unmodifiableMap(tensors);
    }

    /** Read-only view of the named scalars, in insertion order. */
    public Map<String, Double> scalars() {
        return Collections.unmodifiableMap(scalars);
    }

    /** Read-only view of the named tensor lists, in insertion order. */
    public Map<String, List<Tensor>> lists() {
        return Collections.unmodifiableMap(lists);
    }

    /** A deep copy: every tensor is cloned, so the copy and this state never share memory. */
    public State copy() {
        State s = new State();
        s.step = step;
        tensors.forEach((k, v) -> s.tensors.put(k, v == null ? null : v.detach().clone()));
        s.scalars.putAll(scalars);
        lists.forEach((k, v) -> {
            List<Tensor> l = new ArrayList<>(v.size());
            for (Tensor t : v) {
                l.add(t.detach().clone());
            }
            s.lists.put(k, l);
        });
        return s;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("State[step=").append(step);
        tensors.forEach((k, v) -> sb.append(", ").append(k).append('=')
                .append(v == null ? "null" : java.util.Arrays.toString(v.shape())));
        scalars.forEach((k, v) -> sb.append(", ").append(k).append('=').append(v));
        lists.forEach((k, v) -> sb.append(", ").append(k).append("=list(").append(v.size()).append(')'));
        return sb.append(']').toString();
    }
}
