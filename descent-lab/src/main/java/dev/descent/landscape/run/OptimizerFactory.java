package dev.descent.landscape.run;

import dev.descent.optim.Algorithm;
import dev.descent.optim.Algorithms;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The landscape commands' view of {@link Algorithms}, which holds the names, the flag table and
 * PyTorch's defaults (one source of truth, shared with {@code descent train}). What this class adds:
 * an unknown name suggests the closest known one, the race's {@code NAME:FLAG=VALUE} form
 * ({@link #parse}), and {@link Spec}, an optimizer as the user named it.
 *
 * <pre>{@code
 * Algorithm a = OptimizerFactory.create("momentum", Map.of("lr", "0.01"));  // SGD(lr=0.01, momentum=0.9)
 * OptimizerFactory.create("adam", Map.of("betas", "0.8,0.99", "amsgrad", "true"));
 * OptimizerFactory.parse("rmsprop:lr=0.01:centered=true");                 // the race's NAME:FLAG=VALUE form
 * }</pre>
 *
 * Flag checks and their messages (a flag the optimizer does not take names the flags it accepts and
 * the optimizers that take it; values are validated by the algorithm's constructor) are
 * {@link Algorithms#create}'s.
 */
public final class OptimizerFactory {

    /** The names, in DESIGN.md's order ({@link Algorithms#NAMES}). */
    public static final List<String> NAMES = Algorithms.NAMES;

    /** Every hyperparameter flag (without {@code --}), in DESIGN.md's order ({@link Algorithms#FLAGS}). */
    public static final List<String> FLAGS = Algorithms.FLAGS;

    private OptimizerFactory() {}

    /** The flags (without {@code --}) that optimizer {@code name} accepts. */
    public static List<String> flags(String name) {
        return Algorithms.flags(known(name));
    }

    /** The optimizer's defaults (PyTorch's). */
    public static Algorithm defaults(String name) {
        return Algorithms.byName(known(name));
    }

    /**
     * The algorithm {@code name} with these hyperparameters: flag names without {@code --}
     * (kebab case) to their text, applied after the defaults ({@link Algorithms#create}).
     *
     * @throws IllegalArgumentException for an unknown name or flag, a flag this optimizer does not
     *                                  take, a malformed value, or a value the algorithm rejects
     */
    public static Algorithm create(String name, Map<String, String> hyperparameters) {
        return Algorithms.create(known(name), hyperparameters);
    }

    /**
     * Parses the race's form {@code NAME[:FLAG=VALUE[:FLAG=VALUE...]]}, e.g. {@code
     * momentum:lr=0.01:momentum=0.8} or {@code adam:lr=0.1:betas=0.9,0.99}; a boolean flag may be
     * given alone ({@code adam:amsgrad}).
     */
    public static Spec parse(String spec) {
        String[] parts = spec.strip().split(":", -1);
        String name = known(parts[0]);
        Map<String, String> defaults = Algorithms.describe(Algorithms.byName(name));
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
            if (eq < 0 && defaults.containsKey(flag) && !isSwitch(defaults.get(flag))) {
                throw new IllegalArgumentException("optimizer spec '" + spec + "': --" + flag + " needs a value ("
                        + flag + "=VALUE)");
            }
            if (hp.put(flag, value) != null) {
                throw new IllegalArgumentException("optimizer spec '" + spec + "': --" + flag + " is given twice");
            }
        }
        return new Spec(name, hp, create(name, hp));
    }

    /** Whether a default value (as {@link Algorithms#describe} writes it) is a boolean switch's. */
    private static boolean isSwitch(String defaultText) {
        return defaultText.equals("true") || defaultText.equals("false");
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
            return new Spec(known(name), hyperparameters, create(name, hyperparameters));
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
        return Algorithms.describe(a);
    }

    /** {@code name} in lower case if it is one of {@link #NAMES}; else an error that suggests the closest name. */
    private static String known(String name) {
        String key = name.strip().toLowerCase(Locale.ROOT);
        if (!NAMES.contains(key)) {
            String hint = closest(key);
            throw new IllegalArgumentException("unknown optimizer '" + name + "'" + (hint == null ? "" : " (did you mean "
                    + hint + "?)") + "; known: " + String.join(", ", NAMES));
        }
        return key;
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
