package dev.descent.nn;

import dev.descent.autograd.GradMode;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** A table of a model's layers with their output shapes and parameter counts, like torchinfo. */
public final class Summary {
    private static final ThreadLocal<List<Object[]>> RECORDING = new ThreadLocal<>();

    private Summary() {}

    static void observe(Module m, Tensor out) {
        List<Object[]> rec = RECORDING.get();
        if (rec != null) {
            rec.add(new Object[] {m, out.shape()});
        }
    }

    /** Runs {@code model} on {@code sample} (without recording a graph) and formats the table. */
    public static String of(Module model, Tensor sample) {
        List<Object[]> rec = new ArrayList<>();
        RECORDING.set(rec);
        try (var s = GradMode.noGrad()) {
            model.call(sample);
        } finally {
            RECORDING.remove();
        }
        Map<Module, String> names = new IdentityHashMap<>();
        nameTree(model, "", names);
        StringBuilder sb = new StringBuilder();
        String fmt = "%-40s %-22s %12s%n";
        sb.append(String.format(fmt, "layer", "output shape", "parameters"));
        sb.append("-".repeat(76)).append('\n');
        for (Object[] r : rec) {
            Module m = (Module) r[0];
            if (!m.children().isEmpty() && m != model) {
                continue; // containers are summed by their leaves
            }
            if (m == model && !m.children().isEmpty()) {
                continue;
            }
            long own = 0;
            for (Tensor p : m.ownParameters().values()) {
                own += p.numel();
            }
            String name = names.getOrDefault(m, "");
            sb.append(String.format(fmt, (name.isEmpty() ? "" : name + " ") + m, Shape.str((int[]) r[1]), own));
        }
        sb.append("-".repeat(76)).append('\n');
        sb.append(String.format("total parameters: %,d%n", model.parameterCount()));
        return sb.toString();
    }

    private static void nameTree(Module m, String prefix, Map<Module, String> names) {
        for (var e : m.children().entrySet()) {
            String n = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            names.put(e.getValue(), n);
            nameTree(e.getValue(), n, names);
        }
    }
}
