package dev.descent.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The algorithms by the names of the command-line contract ({@code sgd momentum nesterov adagrad
 * rmsprop adadelta adam adamw adamax nadam radam asgd rprop lbfgs lion}) and their hyperparameters by
 * PyTorch's names in kebab case ({@code --weight-decay}, {@code --betas 0.9,0.99}, {@code --etas},
 * {@code --step-sizes}, {@code --line-search strong_wolfe}, ...), with PyTorch's defaults (each
 * algorithm's {@code defaults()}), for the CLI ({@code descent train}) and the landscape lab.
 * <pre>{@code
 * Algorithm a = Algorithms.create("adam", Map.of("lr", "3e-4", "betas", "0.9,0.99"));
 * Algorithm m = Algorithms.create("momentum", Map.of("lr", "0.01"));   // SGD(lr=0.01, momentum=0.9)
 * Algorithm b = Algorithms.set(Algorithms.byName("adam"), "weight-decay", "1e-4");
 * }</pre>
 *
 * <p>{@code momentum} is SGD with momentum 0.9 and {@code nesterov} adds Nesterov's correction; the
 * other names are the algorithm of that name. A flag the chosen optimizer does not take is an error
 * naming the flags it accepts and the optimizers that do take it. Values are validated by the
 * algorithm's constructor ({@code Invalid learning rate: -1}). {@code --betas}, {@code --etas} and
 * {@code --step-sizes} take two numbers {@code A,B}; boolean flags take {@code true} or {@code
 * false}. {@code --max-iter} without {@code --max-eval} sets max_eval = max_iter·5/4, as PyTorch
 * does. Beyond DESIGN.md's list, {@code --decoupled-weight-decay} (PyTorch 2.x's flag of Adam, NAdam
 * and RAdam) is accepted.
 */
public final class Algorithms {
    private Algorithms() {}

    /** Every name {@link #byName} accepts, in the order of the notes. */
    public static final List<String> NAMES = List.of("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adadelta",
            "adam", "adamw", "adamax", "nadam", "radam", "asgd", "rprop", "lbfgs", "lion");

    /** Every hyperparameter flag (without {@code --}), in DESIGN.md's order. */
    public static final List<String> FLAGS = List.of("lr", "momentum", "dampening", "nesterov", "weight-decay",
            "maximize", "betas", "eps", "amsgrad", "alpha", "centered", "rho", "lr-decay", "initial-accumulator-value",
            "momentum-decay", "lambd", "t0", "etas", "step-sizes", "max-iter", "max-eval", "tolerance-grad",
            "tolerance-change", "history-size", "line-search", "decoupled-weight-decay");

    /** How a flag's text becomes component values. */
    private enum Kind { NUMBER, INTEGER, BOOLEAN, PAIR, TEXT }

    /** A flag: its kind and the record components it sets (two for a pair). */
    private record Flag(Kind kind, String... components) {}

    private static final Map<String, Flag> FLAG_TABLE = new LinkedHashMap<>();

    static {
        FLAG_TABLE.put("lr", new Flag(Kind.NUMBER, "lr"));
        FLAG_TABLE.put("momentum", new Flag(Kind.NUMBER, "momentum"));
        FLAG_TABLE.put("dampening", new Flag(Kind.NUMBER, "dampening"));
        FLAG_TABLE.put("nesterov", new Flag(Kind.BOOLEAN, "nesterov"));
        FLAG_TABLE.put("weight-decay", new Flag(Kind.NUMBER, "weightDecay"));
        FLAG_TABLE.put("maximize", new Flag(Kind.BOOLEAN, "maximize"));
        FLAG_TABLE.put("betas", new Flag(Kind.PAIR, "beta1", "beta2"));
        FLAG_TABLE.put("eps", new Flag(Kind.NUMBER, "eps"));
        FLAG_TABLE.put("amsgrad", new Flag(Kind.BOOLEAN, "amsgrad"));
        FLAG_TABLE.put("alpha", new Flag(Kind.NUMBER, "alpha"));
        FLAG_TABLE.put("centered", new Flag(Kind.BOOLEAN, "centered"));
        FLAG_TABLE.put("rho", new Flag(Kind.NUMBER, "rho"));
        FLAG_TABLE.put("lr-decay", new Flag(Kind.NUMBER, "lrDecay"));
        FLAG_TABLE.put("initial-accumulator-value", new Flag(Kind.NUMBER, "initialAccumulatorValue"));
        FLAG_TABLE.put("momentum-decay", new Flag(Kind.NUMBER, "momentumDecay"));
        FLAG_TABLE.put("lambd", new Flag(Kind.NUMBER, "lambd"));
        FLAG_TABLE.put("t0", new Flag(Kind.NUMBER, "t0"));
        FLAG_TABLE.put("etas", new Flag(Kind.PAIR, "etaMinus", "etaPlus"));
        FLAG_TABLE.put("step-sizes", new Flag(Kind.PAIR, "stepSizeMin", "stepSizeMax"));
        FLAG_TABLE.put("max-iter", new Flag(Kind.INTEGER, "maxIter"));
        FLAG_TABLE.put("max-eval", new Flag(Kind.INTEGER, "maxEval"));
        FLAG_TABLE.put("tolerance-grad", new Flag(Kind.NUMBER, "toleranceGrad"));
        FLAG_TABLE.put("tolerance-change", new Flag(Kind.NUMBER, "toleranceChange"));
        FLAG_TABLE.put("history-size", new Flag(Kind.INTEGER, "historySize"));
        FLAG_TABLE.put("line-search", new Flag(Kind.TEXT, "lineSearch"));
        FLAG_TABLE.put("decoupled-weight-decay", new Flag(Kind.BOOLEAN, "decoupledWeightDecay"));
    }

    /** An optimizer name: how to build its defaults and which flags it takes. */
    private record Entry(Supplier<Algorithm> defaults, List<String> flags) {}

    private static final Map<String, Entry> TABLE = new LinkedHashMap<>();

    static {
        List<String> sgd = List.of("lr", "momentum", "dampening", "nesterov", "weight-decay", "maximize");
        TABLE.put("sgd", new Entry(SGD::defaults, sgd));
        TABLE.put("momentum", new Entry(Momentum::defaults, sgd));
        TABLE.put("nesterov", new Entry(Nesterov::defaults, sgd));
        TABLE.put("adagrad", new Entry(Adagrad::defaults,
                List.of("lr", "lr-decay", "weight-decay", "initial-accumulator-value", "eps", "maximize")));
        TABLE.put("rmsprop", new Entry(RMSprop::defaults,
                List.of("lr", "alpha", "eps", "weight-decay", "momentum", "centered", "maximize")));
        TABLE.put("adadelta", new Entry(Adadelta::defaults, List.of("lr", "rho", "eps", "weight-decay", "maximize")));
        TABLE.put("adam", new Entry(Adam::defaults,
                List.of("lr", "betas", "eps", "weight-decay", "amsgrad", "maximize", "decoupled-weight-decay")));
        TABLE.put("adamw", new Entry(AdamW::defaults, List.of("lr", "betas", "eps", "weight-decay", "amsgrad", "maximize")));
        TABLE.put("adamax", new Entry(Adamax::defaults, List.of("lr", "betas", "eps", "weight-decay", "maximize")));
        TABLE.put("nadam", new Entry(NAdam::defaults, List.of("lr", "betas", "eps", "weight-decay", "momentum-decay",
                "decoupled-weight-decay", "maximize")));
        TABLE.put("radam", new Entry(RAdam::defaults,
                List.of("lr", "betas", "eps", "weight-decay", "decoupled-weight-decay", "maximize")));
        TABLE.put("asgd", new Entry(ASGD::defaults, List.of("lr", "lambd", "alpha", "t0", "weight-decay", "maximize")));
        TABLE.put("rprop", new Entry(Rprop::defaults, List.of("lr", "etas", "step-sizes", "maximize")));
        TABLE.put("lbfgs", new Entry(LBFGS::defaults, List.of("lr", "max-iter", "max-eval", "tolerance-grad",
                "tolerance-change", "history-size", "line-search")));
        TABLE.put("lion", new Entry(Lion::defaults, List.of("lr", "betas", "weight-decay", "maximize")));
    }

    /** The algorithm with PyTorch's defaults (case-insensitive name; {@code l-bfgs} is {@code lbfgs}). */
    public static Algorithm byName(String name) {
        return entry(normalize(name)).defaults().get();
    }

    /** The flags (without {@code --}) that optimizer {@code name} accepts, in a stable order. */
    public static List<String> flags(String name) {
        return entry(normalize(name)).flags();
    }

    /**
     * The algorithm {@code name} with PyTorch's defaults, then these hyperparameters: flag names
     * without {@code --} (kebab case; a leading {@code --} and snake case are tolerated) to their
     * text, applied in the map's order (booleans last, so {@code sgd --nesterov --momentum 0.9}
     * works in any order).
     *
     * @throws IllegalArgumentException for an unknown name or flag, a flag this optimizer does not
     *                                  take, a malformed value, or a value the algorithm rejects
     */
    public static Algorithm create(String name, Map<String, String> flags) {
        String key = normalize(name);
        Entry e = entry(key);
        Map<String, String> given = new LinkedHashMap<>();
        for (Map.Entry<String, String> f : flags.entrySet()) {
            given.put(flagName(f.getKey()), f.getValue());
        }
        for (String flag : given.keySet()) {
            if (!FLAG_TABLE.containsKey(flag)) {
                throw new IllegalArgumentException("unknown hyperparameter --" + flag + " (known: --"
                        + String.join(" --", FLAGS) + ")");
            }
            if (!e.flags().contains(flag)) {
                throw new IllegalArgumentException("optimizer " + key + " does not take --" + flag + "; " + key
                        + " accepts --" + String.join(" --", e.flags()) + whoTakes(flag));
            }
        }
        Algorithm a = e.defaults().get();
        List<Map.Entry<String, String>> ordered = new ArrayList<>();
        for (Map.Entry<String, String> h : given.entrySet()) {
            if (FLAG_TABLE.get(h.getKey()).kind() != Kind.BOOLEAN) {
                ordered.add(h);
            }
        }
        for (Map.Entry<String, String> h : given.entrySet()) {
            if (FLAG_TABLE.get(h.getKey()).kind() == Kind.BOOLEAN) {
                ordered.add(h);
            }
        }
        for (Map.Entry<String, String> h : ordered) {
            a = apply(a, h.getKey(), h.getValue(), given.containsKey("max-eval"));
        }
        return a;
    }

    /**
     * Sets a hyperparameter given by its PyTorch name (snake or kebab case, with or without {@code --})
     * from text; pairs ({@code betas}, {@code etas}, {@code step-sizes}) take two comma-separated values.
     */
    public static Algorithm set(Algorithm a, String torchName, String value) {
        String flag = flagName(torchName);
        if (!FLAG_TABLE.containsKey(flag)) {
            throw new IllegalArgumentException("unknown hyperparameter --" + flag + " (known: --"
                    + String.join(" --", FLAGS) + ")");
        }
        return apply(a, flag, value == null ? "" : value, true);
    }

    /**
     * Every hyperparameter of {@code a} (defaults included) under its flag name, as text that
     * {@link #create} reads back exactly (pairs as {@code A,B}; doubles in shortest round-trip form).
     */
    public static Map<String, String> describe(Algorithm a) {
        Map<String, Object> hp = a.hyperparameters();
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Flag> f : FLAG_TABLE.entrySet()) {
            String[] comps = f.getValue().components();
            if (!hp.containsKey(comps[0])) {
                continue;
            }
            if (comps.length == 2) {
                out.put(f.getKey(), text(hp.get(comps[0])) + "," + text(hp.get(comps[1])));
            } else {
                out.put(f.getKey(), text(hp.get(comps[0])));
            }
        }
        return out;
    }

    private static String text(Object o) {
        if (o instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : d.toString();
        }
        return o == null ? "none" : String.valueOf(o);
    }

    private static Algorithm apply(Algorithm a, String flag, String text, boolean maxEvalGiven) {
        Flag f = FLAG_TABLE.get(flag);
        String v = text.strip();
        requireComponent(a, flag, f.components()[0]);
        switch (f.kind()) {
            case NUMBER -> a = a.with(f.components()[0], number(flag, v));
            case INTEGER -> {
                double d = number(flag, v);
                if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("--" + flag + " expects a whole number, got '" + text + "'");
                }
                if (flag.equals("max-iter") && !maxEvalGiven && a instanceof LBFGS l) {
                    a = l.maxIter((int) d);
                } else {
                    a = a.with(f.components()[0], (int) d);
                }
            }
            case BOOLEAN -> a = a.with(f.components()[0], bool(flag, v));
            case PAIR -> {
                String[] two = v.split(",", -1);
                if (two.length != 2) {
                    throw new IllegalArgumentException("--" + flag + " expects two numbers A,B, got '" + text + "'");
                }
                a = a.with(f.components()[0], number(flag, two[0].strip()));
                a = a.with(f.components()[1], number(flag, two[1].strip()));
            }
            case TEXT -> a = a.with(f.components()[0], v.isEmpty() || v.equalsIgnoreCase("none") ? null : v);
        }
        return a;
    }

    private static void requireComponent(Algorithm a, String flag, String component) {
        if (!a.hyperparameters().containsKey(component)) {
            List<String> accepted = new ArrayList<>();
            for (Map.Entry<String, Flag> f : FLAG_TABLE.entrySet()) {
                if (a.hyperparameters().containsKey(f.getValue().components()[0])) {
                    accepted.add(f.getKey());
                }
            }
            throw new IllegalArgumentException(a.name() + " does not take --" + flag + "; it accepts --"
                    + String.join(" --", accepted));
        }
    }

    private static double number(String flag, String v) {
        try {
            double d = Double.parseDouble(v);
            if (Double.isNaN(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + flag + " expects a number, got '" + v + "'");
        }
    }

    private static boolean bool(String flag, String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "", "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new IllegalArgumentException("--" + flag + " expects true or false, got '" + v + "'");
        };
    }

    private static String whoTakes(String flag) {
        List<String> who = new ArrayList<>();
        TABLE.forEach((n, e) -> {
            if (e.flags().contains(flag)) {
                who.add(n);
            }
        });
        return who.isEmpty() ? "" : " (--" + flag + " is for " + String.join(", ", who) + ")";
    }

    private static String normalize(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return n.equals("l-bfgs") ? "lbfgs" : n;
    }

    private static String flagName(String name) {
        return name.strip().replaceFirst("^--", "").replace('_', '-').toLowerCase(Locale.ROOT);
    }

    private static Entry entry(String name) {
        Entry e = TABLE.get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown optimizer '" + name + "': use one of " + NAMES);
        }
        return e;
    }
}
