package dev.descent.cli;

import dev.descent.landscape.Box;
import dev.descent.landscape.CriticalPoint;
import dev.descent.landscape.Numbers;
import dev.descent.landscape.functions.DescentDemo;
import dev.descent.landscape.functions.FunctionLibrary;
import dev.descent.landscape.functions.TestFunction;
import dev.descent.landscape.io.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code descent functions [NAME...] [--json]}: the test-function library. */
@Command(name = "functions", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List the test functions: name, formula, domain, known critical points, suggested demo.",
        footer = {"", "Examples:", "  descent functions", "  descent functions himmelblau ravine:kappa=1000 --json"})
public final class FunctionsCommand implements Callable<Integer> {

    @Parameters(paramLabel = "NAME", arity = "0..*",
            description = "Only these functions (default: all). ravine takes a condition number: ravine:kappa=1000.")
    List<String> names = new ArrayList<>();

    @Option(names = "--json", description = "Print a JSON array (non-finite numbers, if any, as null).")
    boolean json;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<TestFunction> functions = new ArrayList<>();
        if (names.isEmpty()) {
            functions.addAll(FunctionLibrary.all());
        } else {
            for (String name : names) {
                functions.add(FunctionLibrary.get(name));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json j = Json.pretty().beginArray();
            for (TestFunction f : functions) {
                writeJson(j, f);
            }
            out.println(j.endArray());
        } else {
            for (int i = 0; i < functions.size(); i++) {
                out.print((i > 0 ? "\n" : "") + text(functions.get(i)));
            }
        }
        out.flush();
        return 0;
    }

    private static void writeJson(Json j, TestFunction f) {
        j.beginObject()
                .name("name").value(f.name())
                .name("formula").value(f.formula())
                .name("variables").array(f.variables());
        j.name("dimension").value(f.dimension()).name("domain").beginArray();
        Box box = f.domain();
        for (int i = 0; i < box.dimension(); i++) {
            j.array(box.lower(i), box.upper(i));
        }
        j.endArray().name("description").value(f.description()).name("criticalPoints").beginArray();
        for (CriticalPoint p : f.criticalPoints()) {
            point(j, f, p, true);
        }
        j.endArray().name("allCriticalPointsListed").value(f.allCriticalPointsListed()).name("globalMinimum");
        if (f.globalMinimum().isPresent()) {
            point(j, f, f.globalMinimum().get(), false);
        } else {
            j.nullValue();
        }
        j.name("demo");
        if (f.demo().isPresent()) {
            DescentDemo d = f.demo().get();
            j.beginObject().name("start").beginObject();
            double[] s = d.start();
            for (int i = 0; i < s.length; i++) {
                j.name(f.variables().get(i)).value(s[i]);
            }
            j.endObject().name("lr").value(d.lr()).name("momentum").value(d.momentum()).name("steps").value(d.steps())
                    .name("claim").value(d.claim()).endObject();
        } else {
            j.nullValue();
        }
        j.endObject();
    }

    private static void point(Json j, TestFunction f, CriticalPoint p, boolean withType) {
        j.beginObject().name("location").beginObject();
        for (int i = 0; i < p.dimension(); i++) {
            j.name(f.variables().get(i)).value(p.coordinate(i));
        }
        j.endObject().name("value").value(p.value());
        if (withType) {
            j.name("type").value(p.type().label());
        }
        j.endObject();
    }

    /** The plain-text entry of one function. */
    static String text(TestFunction f) {
        StringBuilder sb = new StringBuilder();
        sb.append(f.name()).append('\n');
        sb.append("  formula     ").append(f.formula()).append('\n');
        sb.append("  variables   ").append(String.join(", ", f.variables())).append('\n');
        sb.append("  domain      ").append(f.domain()).append('\n');
        sb.append("  about       ").append(f.description()).append('\n');
        sb.append("  global min  ").append(f.globalMinimum().map(p -> at(f, p)).orElse("none (unbounded below)"))
                .append('\n');
        List<CriticalPoint> points = f.criticalPoints();
        String which = !f.allCriticalPointsListed() ? "a selection of " + points.size()
                : points.size() == 1 ? "the only one in the domain" : "all " + points.size() + " in the domain";
        sb.append("  critical points (").append(which).append("):\n");
        for (CriticalPoint p : points) {
            sb.append("    ").append(String.format("%-11s", p.type().label())).append(at(f, p)).append('\n');
        }
        f.demo().ifPresent(d -> {
            sb.append("  demo        from ");
            double[] s = d.start();
            for (int i = 0; i < s.length; i++) {
                sb.append(i > 0 ? ", " : "").append(f.variables().get(i)).append(" = ").append(Numbers.format(s[i]));
            }
            sb.append(" with lr ").append(Numbers.format(d.lr())).append(", ").append(d.steps()).append(" steps: ")
                    .append(d.claim()).append('\n');
        });
        return sb.toString();
    }

    private static String at(TestFunction f, CriticalPoint p) {
        StringBuilder sb = new StringBuilder("f(");
        for (int i = 0; i < p.dimension(); i++) {
            sb.append(i > 0 ? ", " : "").append(Numbers.format(p.coordinate(i)));
        }
        return sb.append(") = ").append(Numbers.format(p.value())).toString();
    }
}
