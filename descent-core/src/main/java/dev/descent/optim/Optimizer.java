package dev.descent.optim;

import dev.descent.autograd.GradMode;
import dev.descent.kernel.OptimKernels;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The "general contractor": binds parameters to an {@link Algorithm}, owns the per-parameter
 * {@link State} and applies updates. The only stateful object of training besides the model.
 * <pre>{@code
 * Optimizer optimizer = new Optimizer(model.namedParameters(), Adam.withLr(1e-3));
 * for (Batch b : loader) {
 *     optimizer.zeroGrad();
 *     Tensor loss = Losses.crossEntropy(model.call(b.x()), b.y());
 *     loss.backward();
 *     optimizer.step();
 * }
 * }</pre>
 *
 * <p>Semantics follow PyTorch 2.x: {@link #zeroGrad()} sets gradients to null, and a parameter
 * whose gradient is null is skipped entirely (no decay, no momentum, no step count), while a zero
 * gradient is a real step. State is created at a parameter's first update. Parameters carry names
 * (given, or {@code param.<i>} by global position), and {@link #stateDict()} is keyed by them.
 *
 * <p>Before updating anything, {@link #step()} checks every gradient and parameter for NaN and
 * infinity and throws {@link NonFiniteException} naming the culprit; {@link
 * #setNonFiniteCheck(boolean)} turns this off (it costs one extra read of the gradients and
 * parameters, about 8 of Adam's 28 bytes per parameter).
 */
public final class Optimizer {
    /** Placeholder name of parameters given without a name. */
    static final String UNNAMED = "\u0000unnamed";

    private final Algorithm defaults;
    private final List<ParamGroup> groups = new ArrayList<>();
    private final IdentityHashMap<Tensor, String> owners = new IdentityHashMap<>();
    private final Set<String> names = new HashSet<>();
    private int paramCount;
    private long steps;
    private boolean nonFiniteCheck = true;

    /** An optimizer over unnamed parameters ({@code param.0}, {@code param.1}, ...), one group. */
    public Optimizer(List<Tensor> params, Algorithm algorithm) {
        this(algorithm, ParamGroup.of(params));
    }

    /** An optimizer over named parameters (in the map's order), one group. */
    public Optimizer(Map<String, Tensor> namedParams, Algorithm algorithm) {
        this(algorithm, ParamGroup.named(namedParams));
    }

    /** An optimizer over several parameter groups, each possibly overriding hyperparameters. */
    public Optimizer(Algorithm algorithm, ParamGroup... groups) {
        this.defaults = Objects.requireNonNull(algorithm, "algorithm");
        if (groups.length == 0) {
            throw new IllegalArgumentException("optimizer got no parameter groups");
        }
        for (ParamGroup g : groups) {
            addParamGroup(g);
        }
    }

    /** An optimizer over named parameters, one group. */
    public static Optimizer named(List<NamedParameter> params, Algorithm algorithm) {
        return new Optimizer(algorithm, ParamGroup.ofNamed(params));
    }

    /** An optimizer over several parameter groups. */
    public static Optimizer withGroups(List<ParamGroup> groups, Algorithm algorithm) {
        return new Optimizer(algorithm, groups.toArray(new ParamGroup[0]));
    }

    /**
     * Adds a parameter group; hyperparameters it does not override come from the optimizer's
     * algorithm. Its parameters get state lazily at their first update.
     */
    public void addParamGroup(ParamGroup group) {
        Objects.requireNonNull(group, "group");
        if (group.bound()) {
            throw new IllegalArgumentException("this parameter group already belongs to an optimizer");
        }
        if (defaults.needsClosure() && !groups.isEmpty()) {
            throw new IllegalArgumentException(defaults.name() + " doesn't support per-parameter options "
                    + "(parameter groups): it optimizes all parameters as one vector");
        }
        if (group.params().isEmpty()) {
            throw new IllegalArgumentException("optimizer got an empty parameter list (group " + groups.size() + ")");
        }
        List<NamedParameter> named = new ArrayList<>();
        IdentityHashMap<Tensor, String> seen = new IdentityHashMap<>();
        Set<String> newNames = new HashSet<>();
        int index = paramCount;
        for (NamedParameter np : group.params()) {
            Tensor p = np.param();
            String name = np.name().equals(UNNAMED) ? "param." + index : np.name();
            index++;
            if (!p.isLeaf()) {
                throw new IllegalArgumentException("can't optimize a non-leaf tensor: parameter '" + name
                        + "' was computed by " + p.gradFn().name() + "; pass a leaf (detach().requiresGrad_(true))");
            }
            if (!p.isContiguous()) {
                throw new IllegalArgumentException("parameter '" + name + "' is not contiguous: optimizers update "
                        + "parameters in place over their storage; pass param.contiguous() as the leaf");
            }
            String other = owners.get(p);
            if (other == null) {
                other = seen.get(p);
            }
            if (other != null) {
                throw new IllegalArgumentException("parameter '" + name + "' appears twice (also as '" + other
                        + "'); each tensor may be in one group only");
            }
            if (names.contains(name) || !newNames.add(name)) {
                throw new IllegalArgumentException("two parameters are named '" + name + "': names must be unique");
            }
            seen.put(p, name);
            named.add(new NamedParameter(name, p));
        }
        group.bind(defaults, named);
        group.updateTask = i -> updateOne(group, group.algorithm(), i);
        group.checkTask = i -> checkOne(group, i);
        owners.putAll(seen);
        names.addAll(newNames);
        paramCount = index;
        groups.add(group);
    }

    // ---------------------------------------------------------------- the loop

    /** Sets every gradient to null (PyTorch 2.x's default). */
    public void zeroGrad() {
        zeroGrad(true);
    }

    /** Clears the gradients: to null when {@code setToNone}, else zeroes them in place. */
    public void zeroGrad(boolean setToNone) {
        for (ParamGroup g : groups) {
            for (NamedParameter np : g.params()) {
                Tensor p = np.param();
                if (setToNone) {
                    p.setGrad(null);
                } else if (p.grad() != null) {
                    Tensor grad = p.grad();
                    if (grad.gradFn() != null) {
                        grad = grad.detach();
                        p.setGrad(grad);
                    }
                    grad.detach().zero_();
                }
            }
        }
    }

    /** One update of every parameter that has a gradient. */
    public void step() {
        if (defaults.needsClosure()) {
            throw new IllegalStateException(defaults.name() + " needs the loss: call step(closure) with a closure "
                    + "that zeroes the gradients, computes the loss, calls backward() and returns the loss");
        }
        long next = steps + 1;
        if (nonFiniteCheck) {
            checkFinite(next, true);
        }
        try (var scope = GradMode.noGrad()) {
            for (ParamGroup group : groups) {
                Algorithm a = group.algorithm();
                List<NamedParameter> ps = group.raw();
                int n = ps.size();
                if (n > 1 && OptimKernels.threads() > 1) {
                    long[] cost = group.cost;
                    for (int i = 0; i < n; i++) {
                        cost[i] = ps.get(i).param().grad() == null ? 0 : ps.get(i).param().numel();
                    }
                    OptimKernels.parallelFor(n, cost, group.updateTask);
                } else {
                    for (int i = 0; i < n; i++) {
                        updateOne(group, a, i);
                    }
                }
            }
        }
        steps = next;
    }

    private static void updateOne(ParamGroup group, Algorithm a, int i) {
        Tensor p = group.raw().get(i).param();
        Tensor g = p.grad();
        if (g == null) {
            return;
        }
        g = dense(g, p);
        State s = group.states[i];
        if (s == null) {
            s = a.init(p);
            group.states[i] = s;
        }
        a.update(p, g, s);
    }

    /**
     * Evaluates {@code closure} with grad mode on, then updates; returns the loss. L-BFGS calls the
     * closure as often as its line search needs and returns the first loss.
     */
    public Tensor step(Closure closure) {
        Objects.requireNonNull(closure, "closure");
        if (defaults.needsClosure()) {
            ParamGroup group = groups.get(0);
            ClosureAlgorithm a = (ClosureAlgorithm) group.algorithm();
            List<Tensor> ps = new ArrayList<>();
            for (NamedParameter np : group.params()) {
                ps.add(np.param());
            }
            if (group.states[0] == null) {
                group.states[0] = a.init(ps.get(0));
            }
            Tensor loss;
            try (var scope = GradMode.noGrad()) {
                loss = a.step(ps, group.states[0], closure);
            }
            steps++;
            if (nonFiniteCheck) {
                checkFinite(steps, false);
            }
            return loss;
        }
        Tensor loss;
        try (var scope = GradMode.enableGrad()) {
            loss = closure.evaluate();
        }
        step();
        return loss;
    }

    private static Tensor dense(Tensor g, Tensor p) {
        if (g.dtype() != p.dtype()) {
            g = g.to(p.dtype());
        }
        if (!g.isContiguous()) {
            g = g.contiguous();
        }
        return g;
    }

    /** Guard mode of the running check: gradients and parameters (step) or parameters only (after L-BFGS). */
    private boolean checkGrads;

    private void checkFinite(long step, boolean grads) {
        checkGrads = grads;
        for (ParamGroup group : groups) {
            List<NamedParameter> ps = group.raw();
            int n = ps.size();
            long[] cost = group.cost;
            for (int i = 0; i < n; i++) {
                cost[i] = ps.get(i).param().numel();
            }
            if (n > 1 && OptimKernels.threads() > 1) {
                OptimKernels.parallelFor(n, cost, group.checkTask);
            } else {
                for (int i = 0; i < n; i++) {
                    checkOne(group, i);
                }
            }
            int[] bad = group.bad;
            for (int i = 0; i < n; i++) {
                if (bad[i] <= -2) {
                    Tensor p = ps.get(i).param();
                    throw nonFinite(ps.get(i).name(), "gradient", p.grad(), -2 - bad[i], step, group);
                } else if (bad[i] >= 0) {
                    throw nonFinite(ps.get(i).name(), "value", ps.get(i).param(), bad[i], step, group);
                }
            }
        }
    }

    /** Records in {@code group.bad[i]}: −1 when fine, −2 − k for a bad gradient element k, k for a bad parameter element. */
    private void checkOne(ParamGroup group, int i) {
        Tensor p = group.raw().get(i).param();
        Tensor g = p.grad();
        int b = -1;
        if (checkGrads && g != null) {
            int k = firstNonFinite(g);
            if (k >= 0) {
                b = -2 - k;
            }
        }
        if (b == -1 && (g != null || !checkGrads)) {
            b = firstNonFinite(p);
        }
        group.bad[i] = b;
    }

    private static int firstNonFinite(Tensor t) {
        Tensor c = t.isContiguous() ? t : t.contiguous();
        return c.dtype() == DType.FLOAT32
                ? OptimKernels.firstNonFinite(c.storage().floats(), c.offset(), c.numel())
                : OptimKernels.firstNonFinite(c.storage().doubles(), c.offset(), c.numel());
    }

    private NonFiniteException nonFinite(String name, String what, Tensor t, int index, long step, ParamGroup group) {
        Tensor c = t.isContiguous() ? t : t.contiguous();
        double v = c.dtype() == DType.FLOAT32 ? c.storage().floats()[c.offset() + index]
                : c.storage().doubles()[c.offset() + index];
        String msg = "non-finite " + what + " of parameter '" + name + "' at step " + step + ": element " + index
                + " of " + Arrays.toString(t.shape()) + " is " + v + ". Try a lower learning rate (now "
                + group.lr() + ") or gradient clipping (Clip.clipGradNorm), and check the loss for log(0) or "
                + "division by zero; nothing was updated. optimizer.setNonFiniteCheck(false) disables this check.";
        if (!"gradient".equals(what) && defaults.needsClosure()) {
            msg = "non-finite value of parameter '" + name + "' after step " + step + ": element " + index + " of "
                    + Arrays.toString(t.shape()) + " is " + v + ". Try a lower learning rate (now " + group.lr()
                    + ") or the strong_wolfe line search. optimizer.setNonFiniteCheck(false) disables this check.";
        }
        return new NonFiniteException(name, step, msg);
    }

    /** Turns the NaN/infinity guard of {@link #step()} on or off (on by default). */
    public void setNonFiniteCheck(boolean on) {
        this.nonFiniteCheck = on;
    }

    /** True when the NaN/infinity guard is on. */
    public boolean nonFiniteCheck() {
        return nonFiniteCheck;
    }

    // ---------------------------------------------------------------- access

    /** Number of {@code step()} calls so far. */
    public long steps() {
        return steps;
    }

    /** The algorithm given at construction (the groups' defaults). */
    public Algorithm algorithm() {
        return defaults;
    }

    /** The parameter groups, in order. */
    public List<ParamGroup> groups() {
        return List.copyOf(groups);
    }

    /** Parameter group {@code i}. */
    public ParamGroup group(int i) {
        return groups.get(i);
    }

    /** Every parameter with its name, group by group. */
    public List<NamedParameter> parameters() {
        List<NamedParameter> l = new ArrayList<>();
        for (ParamGroup g : groups) {
            l.addAll(g.params());
        }
        return l;
    }

    /** The state of the named parameter, or null before its first update. */
    public State state(String name) {
        for (ParamGroup g : groups) {
            List<NamedParameter> ps = g.params();
            for (int i = 0; i < ps.size(); i++) {
                if (ps.get(i).name().equals(name)) {
                    return g.states[i];
                }
            }
        }
        throw new IllegalArgumentException("no parameter named '" + name + "' (have " + owners.values() + ")");
    }

    /** The state of a parameter tensor, or null before its first update. */
    public State state(Tensor param) {
        String name = owners.get(param);
        if (name == null) {
            throw new IllegalArgumentException("this tensor is not a parameter of the optimizer");
        }
        return state(name);
    }

    /** Sets the learning rate of every group. */
    public void setLr(double lr) {
        for (ParamGroup g : groups) {
            g.setLr(lr);
        }
    }

    // ---------------------------------------------------------------- checkpoints

    /** A deep-copied snapshot of hyperparameters, step counts and states, keyed by parameter name. */
    public StateDict stateDict() {
        List<StateDict.Group> gs = new ArrayList<>();
        Map<String, State> st = new LinkedHashMap<>();
        for (ParamGroup g : groups) {
            List<String> ns = new ArrayList<>();
            List<NamedParameter> ps = g.params();
            for (int i = 0; i < ps.size(); i++) {
                ns.add(ps.get(i).name());
                if (g.states[i] != null) {
                    st.put(ps.get(i).name(), g.states[i].copy());
                }
            }
            gs.add(new StateDict.Group(g.hyperparameters(), ns));
        }
        return new StateDict(defaults.name(), steps, gs, st);
    }

    /**
     * Restores a snapshot taken by {@link #stateDict()} (deep-copying it). Parameters are matched by
     * name. Fails, changing nothing, when the algorithm differs, the group count differs, a name is
     * missing or extra or in another group, or a state tensor's shape or dtype does not fit its
     * parameter. The saved hyperparameters replace the current ones (lr included), as in PyTorch.
     */
    public void loadStateDict(StateDict sd) {
        Objects.requireNonNull(sd, "state dict");
        if (!sd.algorithm().equals(defaults.name())) {
            throw new IllegalArgumentException("state dict was saved from " + sd.algorithm() + " but this optimizer runs "
                    + defaults.name());
        }
        if (sd.groups().size() != groups.size()) {
            throw new IllegalArgumentException("loaded state dict has " + sd.groups().size()
                    + " parameter groups, this optimizer has " + groups.size());
        }
        List<Algorithm> newAlgorithms = new ArrayList<>();
        List<State[]> newStates = new ArrayList<>();
        Set<String> allSaved = new HashSet<>();
        for (StateDict.Group sg : sd.groups()) {
            allSaved.addAll(sg.params());
        }
        for (int gi = 0; gi < groups.size(); gi++) {
            ParamGroup g = groups.get(gi);
            StateDict.Group sg = sd.groups().get(gi);
            Set<String> saved = new HashSet<>(sg.params());
            List<NamedParameter> ps = g.params();
            Set<String> mine = new HashSet<>();
            for (NamedParameter np : ps) {
                mine.add(np.name());
                if (!saved.contains(np.name())) {
                    throw new IllegalArgumentException(allSaved.contains(np.name())
                            ? "parameter '" + np.name() + "' is in group " + gi + " here but in another group of the state dict"
                            : "state dict has no parameter '" + np.name() + "' (group " + gi + " of the state dict has "
                                    + sg.params() + ")");
                }
            }
            for (String s : sg.params()) {
                if (!mine.contains(s)) {
                    throw new IllegalArgumentException("state dict has a parameter '" + s + "' in group " + gi
                            + " that this optimizer does not have");
                }
            }
            Algorithm a = g.algorithm();
            for (Map.Entry<String, Object> e : sg.hyperparameters().entrySet()) {
                a = a.with(e.getKey(), e.getValue());
            }
            newAlgorithms.add(a);
            State[] states = new State[ps.size()];
            for (int i = 0; i < ps.size(); i++) {
                NamedParameter np = ps.get(i);
                State s = sd.state().get(np.name());
                if (s != null) {
                    checkState(np, s, gi == 0 && i == 0 ? totalNumel(g) : -1);
                    states[i] = s.copy();
                }
            }
            newStates.add(states);
        }
        for (int gi = 0; gi < groups.size(); gi++) {
            groups.get(gi).setAlgorithm(newAlgorithms.get(gi));
            groups.get(gi).states = newStates.get(gi);
        }
        steps = sd.steps();
    }

    private static int totalNumel(ParamGroup g) {
        int n = 0;
        for (NamedParameter np : g.params()) {
            n += np.param().numel();
        }
        return n;
    }

    private void checkState(NamedParameter np, State s, int flatNumel) {
        Tensor p = np.param();
        for (Map.Entry<String, Tensor> e : s.tensors().entrySet()) {
            Tensor t = e.getValue();
            if (t == null) {
                continue;
            }
            if (defaults.needsClosure()) {
                if (t.numel() != flatNumel) {
                    throw new IllegalArgumentException("state '" + e.getKey() + "' of parameter '" + np.name() + "' has "
                            + t.numel() + " elements, the parameters have " + flatNumel);
                }
                continue;
            }
            if (!Arrays.equals(t.shape(), p.shape())) {
                throw new IllegalArgumentException("state '" + e.getKey() + "' of parameter '" + np.name()
                        + "' has shape " + Arrays.toString(t.shape()) + ", the parameter has shape "
                        + Arrays.toString(p.shape()));
            }
            if (t.dtype() != p.dtype()) {
                throw new IllegalArgumentException("state '" + e.getKey() + "' of parameter '" + np.name() + "' is "
                        + t.dtype() + ", the parameter is " + p.dtype());
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Optimizer(").append(defaults.name()).append(", steps=").append(steps)
                .append(", nonFiniteCheck=").append(nonFiniteCheck).append(')');
        for (int i = 0; i < groups.size(); i++) {
            ParamGroup g = groups.get(i);
            sb.append("\n  group ").append(i).append(": ");
            StringBuilder h = new StringBuilder();
            g.hyperparameters().forEach((k, v) -> h.append(h.isEmpty() ? "" : ", ").append(k).append('=').append(v));
            sb.append(h).append("\n    params: ");
            List<NamedParameter> ps = g.params();
            for (int j = 0; j < ps.size(); j++) {
                sb.append(j == 0 ? "" : ", ").append(ps.get(j).name()).append(Arrays.toString(ps.get(j).param().shape()));
            }
        }
        return sb.toString();
    }
}
