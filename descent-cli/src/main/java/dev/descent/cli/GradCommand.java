package dev.descent.cli;

import dev.descent.landscape.Numbers;
import dev.descent.landscape.analysis.Classification;
import dev.descent.landscape.analysis.Derivatives;
import dev.descent.landscape.expr.Expr;
import dev.descent.landscape.io.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code descent grad EXPR --at x=3.6[,y=...] [--json]}: value, gradient, Hessian and the type of
 * the point, all by autograd (the Hessian by double backward). JSON:
 * {@code {"value": v, "gradient": {"x": gx, ...}, "hessian": [[...], ...], "classification": "..."}}
 * with Hessian rows and columns in the order of {@code --at}.
 */
@Command(name = "grad", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Value, gradient, Hessian and critical-point type of an expression at a point, by autograd.",
            "Expressions: numbers (1e-3, .5), variables, pi, e, + - * / ^ (right-associative, tighter than unary "
                    + "minus: -x^2 is -(x^2)), parentheses, sin cos tan exp log sqrt tanh sigmoid abs."},
        footer = {"", "Examples:",
            "  descent grad \"x^2*sin(x)\" --at x=3.6",
            "  descent grad \"(x^2 + y - 11)^2 + (x + y^2 - 7)^2\" --at x=3,y=2 --json",
            "  descent grad \"-x^2 - y^2\" --at x=0,y=0        (an expression may start with '-')"})
public final class GradCommand implements Callable<Integer> {

    /** The point of {@code --at}: names in the order given. */
    public record Point(SequencedMap<String, Double> values) {
        public Point {
            values = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(values));
        }
    }

    /** Parses {@code x=3.6,y=-1}; each value may be a constant expression such as {@code pi/2}. */
    public static final class PointConverter implements CommandLine.ITypeConverter<Point> {
        @Override
        public Point convert(String text) {
            SequencedMap<String, Double> values = new LinkedHashMap<>();
            if (text.isBlank()) {
                throw new CommandLine.TypeConversionException("expected NAME=VALUE pairs such as x=3.6,y=-1, got nothing");
            }
            for (String part : text.split(",", -1)) {
                int eq = part.indexOf('=');
                String name = eq < 0 ? "" : part.substring(0, eq).strip();
                if (eq < 0 || !isName(name)) {
                    throw new CommandLine.TypeConversionException("expected NAME=VALUE pairs such as x=3.6,y=-1, got '"
                            + part.strip() + "'");
                }
                String valueText = part.substring(eq + 1).strip();
                double value;
                try {
                    Expr e = Expr.parse(valueText);
                    if (!e.variables().isEmpty()) {
                        throw new CommandLine.TypeConversionException("the value of " + name + " must be a number, got '"
                                + valueText + "'");
                    }
                    value = e.evaluate(Map.of());
                } catch (IllegalArgumentException ex) {
                    throw new CommandLine.TypeConversionException("the value of " + name + " must be a number, got '"
                            + valueText + "'");
                }
                if (values.put(name, value) != null) {
                    throw new CommandLine.TypeConversionException(name + " is given twice");
                }
            }
            return new Point(values);
        }

        private static boolean isName(String s) {
            if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
                return false;
            }
            return s.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_');
        }
    }

    @Parameters(index = "0", paramLabel = "EXPR", description = "The expression, e.g. \"x^2*sin(x)\" (quote it).")
    String expression;

    @Option(names = "--at", required = true, paramLabel = "NAME=VALUE[,NAME=VALUE...]", converter = PointConverter.class,
            description = {"The point, e.g. x=3.6,y=-1 (values may be constants such as pi/2).",
                "Every variable of EXPR needs a value; extra names get gradient 0. The order sets the order",
                "of the gradient and of the Hessian's rows and columns."})
    Point at;

    @Option(names = "--json", description = {"Print {\"value\", \"gradient\", \"hessian\", \"classification\"} as JSON.",
        "JSON has no NaN or infinity: such numbers are written as null (and a note goes to stderr)."})
    boolean json;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Expr expr = Expr.parse(expression);
        SequencedMap<String, Double> point = at.values();
        List<String> missing = new ArrayList<>();
        for (String v : expr.variables()) {
            if (!point.containsKey(v)) {
                missing.add(v);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("unknown variable '" + missing.getFirst() + "': --at gives values for "
                    + String.join(", ", point.keySet()) + " only (add " + String.join(",", missing.stream()
                    .map(m -> m + "=VALUE").toList()) + ")");
        }
        Derivatives d = Derivatives.at(expr, point);
        Classification c = d.classify();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json j = Json.compact().beginObject().name("value").value(d.value()).name("gradient").beginObject();
            List<String> names = d.variables();
            double[] g = d.gradient();
            for (int i = 0; i < names.size(); i++) {
                j.name(names.get(i)).value(g[i]);
            }
            j.endObject().name("hessian").beginArray();
            for (double[] row : d.hessian()) {
                j.array(row);
            }
            j.endArray().name("classification").value(c.type().label()).endObject();
            out.println(j);
            out.flush();
            if (j.wroteNonFinite()) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("descent: note: some numbers are NaN or infinite; JSON has no such values, so they are "
                        + "written as null");
                err.flush();
            }
        } else {
            out.print(text(expr, d, c));
            out.flush();
        }
        return 0;
    }

    /** The plain-text report. */
    static String text(Expr expr, Derivatives d, Classification c) {
        List<String> names = d.variables();
        double[] x = d.point();
        double[] g = d.gradient();
        double[][] h = d.hessian();
        StringBuilder sb = new StringBuilder();
        String pad = " ".repeat(16);
        sb.append(label("expression")).append(expr).append('\n');
        sb.append(label("point"));
        for (int i = 0; i < names.size(); i++) {
            sb.append(i > 0 ? ", " : "").append(names.get(i)).append(" = ").append(Numbers.format(x[i]));
        }
        sb.append('\n');
        sb.append(label("value")).append(Numbers.format(d.value())).append('\n');
        for (int i = 0; i < names.size(); i++) {
            sb.append(i == 0 ? label("gradient") : pad).append("df/d").append(names.get(i)).append(" = ")
                    .append(Numbers.format(g[i])).append('\n');
        }
        sb.append(label("|gradient|")).append(Numbers.format(d.gradientNorm())).append('\n');
        // the Hessian as a labeled, right-aligned table
        int n = names.size();
        String[][] cells = new String[n][n];
        int width = 1;
        for (String name : names) {
            width = Math.max(width, name.length());
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                cells[i][j] = Numbers.format(h[i][j]);
                width = Math.max(width, cells[i][j].length());
            }
        }
        int nameWidth = names.stream().mapToInt(String::length).max().orElse(1);
        sb.append(label("hessian")).append(" ".repeat(nameWidth));
        for (String name : names) {
            sb.append("  ").append(leftPad(name, width));
        }
        sb.append('\n');
        for (int i = 0; i < n; i++) {
            sb.append(pad).append(rightPad(names.get(i), nameWidth));
            for (int j = 0; j < n; j++) {
                sb.append("  ").append(leftPad(cells[i][j], width));
            }
            sb.append('\n');
        }
        sb.append(label("eigenvalues"));
        double[] eig = c.eigenvalues();
        for (int i = 0; i < eig.length; i++) {
            sb.append(i > 0 ? ", " : "").append(Numbers.format(eig[i]));
        }
        sb.append('\n');
        sb.append(label("classification")).append(c.type().label()).append(" (").append(c.reason()).append(")\n");
        return sb.toString();
    }

    private static String label(String s) {
        return rightPad(s, 16);
    }

    private static String rightPad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }

    private static String leftPad(String s, int w) {
        return s.length() >= w ? s : " ".repeat(w - s.length()) + s;
    }
}
