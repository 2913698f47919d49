package dev.descent.landscape.run;

import dev.descent.optim.ASGD;
import dev.descent.optim.Adadelta;
import dev.descent.optim.Adagrad;
import dev.descent.optim.Adam;
import dev.descent.optim.AdamW;
import dev.descent.optim.Adamax;
import dev.descent.optim.Algorithm;
import dev.descent.optim.LBFGS;
import dev.descent.optim.Lion;
import dev.descent.optim.Momentum;
import dev.descent.optim.NAdam;
import dev.descent.optim.Nesterov;
import dev.descent.optim.RAdam;
import dev.descent.optim.RMSprop;
import dev.descent.optim.Rprop;
import dev.descent.optim.SGD;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The command line's optimizers: DESIGN.md's names mapped to {@link Algorithm} objects, and
 * torch.optim's hyperparameter names in kebab case mapped to the algorithms' record components,
 * with PyTorch's defaults (each algorithm's {@code defaults()}).
 *
 * <pre>{@code
 * Algorithm a = OptimizerFactory.create("momentum", Map.of("lr", "0.01"));  // SGD(lr=0.01, momentum=0.9)
 * OptimizerFactory.create("adam", Map.of("betas", "0.8,0.99", "amsgrad", "true"));
 * OptimizerFactory.parse("rmsprop:lr=0.01:centered=true");                 // the race's NAME:FLAG=VALUE form
 * }</pre>
 *
 * <table>
 *   <caption>names</caption>
 *   <tr><td>{@code sgd}</td><td>{@link SGD}, lr 1e-3 (PyTorch 2.x), no momentum</td></tr>
 *   <tr><td>{@code momentum}</td><td>{@link SGD} with momentum 0.9 (heavy ball)</td></tr>
 *   <tr><td>{@code nesterov}</td><td>{@link SGD} with momentum 0.9 and {@code nesterov}</td></tr>
 *   <tr><td>{@code adagrad rmsprop adadelta adam adamw adamax nadam radam asgd rprop lbfgs lion}</td>
 *       <td>the algorithm of that name</td></tr>
 * </table>
 *
 * A flag the chosen optimizer does not take is an error that names the optimizer, the flags it
 * accepts, and the optimizers that do take the flag. Values are validated by the algorithm's
 * constructor ({@code Invalid learning rate: -1}). {@code --betas}, {@code --etas} and {@code
 * --step-sizes} take two numbers {@code A,B}; the boolean flags take {@code true} or {@code false}.
 * {@code --max-iter} without {@code --max-eval} sets max_eval = max_iter·5/4, as PyTorch does.
 * Beyond DESIGN.md's list, {@code --decoupled-weight-decay} (PyTorch 2.x's flag of Adam, NAdam and
 * RAdam) is accepted too.
 */
public final class OptimizerFactory {

    /** The names, in DESIGN.md's order. */
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

    private OptimizerFactory() {}

    /** The flags (without {@code --}) that optimizer {@code name} accepts. */
    public static List<String> flags(String name) {
        return entry(name).flags();
    }

    /** The optimizer's defaults (PyTorch's). */
    public static Algorithm defaults(String name) {
        return entry(name).defaults().get();
    }

    /**
     * The algorithm {@code name} with these hyperparameters: flag names without {@code --}
     * (kebab case) to their text, applied in the map's order after the defaults.
     *
     * @throws IllegalArgumentException for an unknown name or flag, a flag this optimizer does not
     *                                  take, a malformed value, or a value the algorithm rejects
     */
    public static Algorithm create(String name, Map<String, String> hyperparameters) {
        String key = normalize(name);
        Entry e = entry(key);
        for (String flag : hyperparameters.keySet()) {
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
        // Numbers before booleans: `sgd --nesterov --momentum 0.9` is valid only once momentum is set.
        List<Map.Entry<String, String>> ordered = new ArrayList<>();
        for (Map.Entry<String, String> h : hyperparameters.entrySet()) {
            if (FLAG_TABLE.get(h.getKey()).kind() != Kind.BOOLEAN) {
                ordered.add(h);
            }
        }
        for (Map.Entry<String, String> h : hyperparameters.entrySet()) {
            if (FLAG_TABLE.get(h.getKey()).kind() == Kind.BOOLEAN) {
                ordered.add(h);
            }
        }
        for (Map.Entry<String, String> h : ordered) {
            a = apply(key, a, h.getKey(), h.getValue(), hyperparameters.containsKey("max-eval"));
        }
        return a;
    }

    /**
     * Parses the race's form {@code NAME[:FLAG=VALUE[:FLAG=VALUE...]]}, e.g. {@code
     * momentum:lr=0.01:momentum=0.8} or {@code adam:lr=0.1:betas=0.9,0.99}; a boolean flag may be
     * given alone ({@code adam:amsgrad}).
     */
    public static Spec parse(String spec) {
        String[] parts = spec.strip().split(":", -1);
        String name = normalize(parts[0]);
        entry(name);
        Map<String, String> hp = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            int eq = p.indexOf('=');
            String flag = (eq < 0 ? p : p.substring(0, eq)).strip();
            if (flag.startsWith("--")) {
                flag = flag.substring(2);
            }
            if (flag.isEmpty()) {
                throw new IllegalArgumentException("optimizer spec '" + spec + "': expected NAME:FLAG=VALUE[:FLAG=VALUE...], "
                        + "e.g. momentum:lr=0.01:momentum=0.8");
            }
            String value = eq < 0 ? "true" : p.substring(eq + 1).strip();
            if (eq < 0 && FLAG_TABLE.containsKey(flag) && FLAG_TABLE.get(flag).kind() != Kind.BOOLEAN) {
                throw new IllegalArgumentException("optimizer spec '" + spec + "': --" + flag + " needs a value ("
                        + flag + "=VALUE)");
            }
            if (hp.put(flag, value) != null) {
                throw new IllegalArgumentException("optimizer spec '" + spec + "': --" + flag + " is given twice");
            }
        }
        return new Spec(name, hp, create(name, hp));
    }

    /**
     * An optimizer as the user named it: name, the flags given, and the algorithm they make.
     *
     * @param name            one of {@link #NAMES}
     * @param hyperparameters the flags given (not the defaults), in order
     * @param algorithm       the algorithm with defaults and flags applied
     */
    public record Spec(String name, Map<String, String> hyperparameters, Algorithm algorithm) {
        public Spec {
            hyperparameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(hyperparameters));
        }

        /** A spec from a name and flags. */
        public static Spec of(String name, Map<String, String> hyperparameters) {
            return new Spec(normalize(name), hyperparameters, create(name, hyperparameters));
        }

        /** {@code momentum lr=0.01}: the name and the flags that were given. */
        public String label() {
            StringBuilder sb = new StringBuilder(name);
            hyperparameters.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
            return sb.toString();
        }

        /** {@code --optimizer momentum --lr 0.01}: as command-line arguments. */
        public String commandLine() {
            StringBuilder sb = new StringBuilder("--optimizer ").append(name);
            hyperparameters.forEach((k, v) -> sb.append(" --").append(k).append(' ').append(v));
            return sb.toString();
        }

        @Override
        public String toString() {
            return label();
        }
    }

    /** Every hyperparameter of the algorithm (defaults included) under its flag name, for provenance. */
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
        return o instanceof Double d ? dev.descent.landscape.Numbers.format(d) : String.valueOf(o);
    }

    private static Algorithm apply(String name, Algorithm a, String flag, String text, boolean maxEvalGiven) {
        Flag f = FLAG_TABLE.get(flag);
        String v = text.strip();
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
            case TEXT -> {
                String s = v.isEmpty() || v.equalsIgnoreCase("none") ? null : v;
                a = a.with(f.components()[0], s);
            }
        }
        return a;
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
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
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
        return name.strip().toLowerCase(Locale.ROOT);
    }

    private static Entry entry(String name) {
        String key = normalize(name);
        Entry e = TABLE.get(key);
        if (e == null) {
            String hint = closest(key);
            throw new IllegalArgumentException("unknown optimizer '" + name + "'" + (hint == null ? "" : " (did you mean "
                    + hint + "?)") + "; known: " + String.join(", ", NAMES));
        }
        return e;
    }

    /** The known name within edit distance 2, if any. */
    private static String closest(String s) {
        String best = null;
        int bestD = 3;
        for (String n : NAMES) {
            int d = distance(s, n);
            if (d < bestD) {
                bestD = d;
                best = n;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + c);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
