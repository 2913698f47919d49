package dev.descent.optim;

import java.util.List;
import java.util.Locale;

/**
 * The algorithms by the names of the command-line contract ({@code sgd momentum nesterov adagrad
 * rmsprop adadelta adam adamw adamax nadam radam asgd rprop lbfgs lion}) and their hyperparameters by
 * PyTorch's names in kebab case ({@code --weight-decay}, {@code --betas 0.9,0.99}, {@code --etas},
 * {@code --step-sizes}, {@code --line-search strong_wolfe}, ...), for the CLI and the landscape lab.
 * <pre>{@code
 * Algorithm a = Algorithms.byName("adam");
 * a = Algorithms.set(a, "betas", "0.9,0.99");
 * a = Algorithms.set(a, "weight-decay", "1e-4");
 * }</pre>
 */
public final class Algorithms {
    private Algorithms() {}

    /** Every name {@link #byName} accepts, in the order of the notes. */
    public static final List<String> NAMES = List.of("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adadelta",
            "adam", "adamw", "adamax", "nadam", "radam", "asgd", "rprop", "lbfgs", "lion");

    /** The algorithm with PyTorch's defaults (case-insensitive name). */
    public static Algorithm byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "sgd" -> SGD.defaults();
            case "momentum" -> Momentum.defaults();
            case "nesterov" -> Nesterov.defaults();
            case "adagrad" -> Adagrad.defaults();
            case "rmsprop" -> RMSprop.defaults();
            case "adadelta" -> Adadelta.defaults();
            case "adam" -> Adam.defaults();
            case "adamw" -> AdamW.defaults();
            case "adamax" -> Adamax.defaults();
            case "nadam" -> NAdam.defaults();
            case "radam" -> RAdam.defaults();
            case "asgd" -> ASGD.defaults();
            case "rprop" -> Rprop.defaults();
            case "lbfgs", "l-bfgs" -> LBFGS.defaults();
            case "lion" -> Lion.defaults();
            default -> throw new IllegalArgumentException("unknown optimizer '" + name + "': use one of " + NAMES);
        };
    }

    /**
     * Sets a hyperparameter given by its PyTorch name (snake or kebab case, with or without {@code --})
     * from text; pairs ({@code betas}, {@code etas}, {@code step-sizes}) take two comma-separated values.
     */
    public static Algorithm set(Algorithm a, String torchName, String value) {
        String n = torchName.replaceFirst("^--", "").replace('_', '-').toLowerCase(Locale.ROOT);
        switch (n) {
            case "betas" -> {
                double[] v = pair(n, value);
                return a.with("beta1", v[0]).with("beta2", v[1]);
            }
            case "etas" -> {
                double[] v = pair(n, value);
                return a.with("etaMinus", v[0]).with("etaPlus", v[1]);
            }
            case "step-sizes" -> {
                double[] v = pair(n, value);
                return a.with("stepSizeMin", v[0]).with("stepSizeMax", v[1]);
            }
            case "line-search", "line-search-fn" -> {
                return a.with("lineSearch", value == null || value.isEmpty() || value.equalsIgnoreCase("none")
                        ? null : value);
            }
            default -> {
                String java = camel(n.equals("t0") ? "t0" : n);
                Object current = a.get(java);
                Object parsed = switch (current) {
                    case Boolean b -> parseBoolean(n, value);
                    case Integer i -> Integer.parseInt(value.trim());
                    case String s -> value;
                    case null -> value;
                    default -> Double.parseDouble(value.trim());
                };
                return a.with(java, parsed);
            }
        }
    }

    private static boolean parseBoolean(String name, String v) {
        String s = v == null ? "true" : v.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "", "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new IllegalArgumentException("--" + name + " expects true or false, got '" + v + "'");
        };
    }

    private static double[] pair(String name, String value) {
        String[] parts = value.split(",");
        if (parts.length != 2) {
            throw new IllegalArgumentException("--" + name + " expects two comma-separated numbers, got '" + value + "'");
        }
        return new double[] {Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim())};
    }

    /** {@code weight-decay} → {@code weightDecay}. */
    static String camel(String kebab) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return sb.toString();
    }
}
