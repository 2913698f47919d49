package dev.descent.cli;

import dev.descent.bench.Quick;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code descent bench}: how fast Descent runs on this machine. Runs the workloads of the side-by-side
 * comparison with PyTorch ({@code scripts/bench/side_by_side.py}) in this process, one after the other,
 * and prints one line per workload: the median of repeated timed windows and its unit. The JMH suite
 * (descent-bench) gives the kernel-level detail; this is the quick look.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure Descent on this machine: GEMM, bandwidth, op overhead, optimizer step and",
            "training throughput (medians of repeated windows). Results on stdout, progress on stderr."})
public final class BenchCommand implements Callable<Integer> {
    /** Workload name → what it measures; the order is the default order. */
    static final Map<String, String> WORKLOADS = workloads();

    @Spec
    CommandSpec spec;

    @Option(names = "--only", split = ",", paramLabel = "NAME",
            description = "Workloads to run (default all, in this order): sgemm, dgemm, add, tinyop, adam, mlp, lstm, transformer, resnet20.")
    List<String> only;
    @Option(names = "--threads", paramLabel = "N", description = "Threads for the kernels (default: all cores).")
    Integer threads;
    @Option(names = "--gemm-size", defaultValue = "1024", paramLabel = "N",
            description = "Size of the square GEMM workloads (default 1024).")
    int gemmSize;
    @Option(names = "--csv", description = "Print workload,value,unit as CSV instead of a table.")
    boolean csv;

    private static Map<String, String> workloads() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("sgemm", "float32 N×N×N matrix product");
        m.put("dgemm", "float64 N×N×N matrix product");
        m.put("add", "c = a + b on 16M floats (12 bytes per element)");
        m.put("tinyop", "forward+backward of (x·y).sum() on 10 elements, 1 thread");
        m.put("adam", "one Adam step on 10M float32 parameters");
        m.put("mlp", "training step, MLP 784-512-512-10, batch 128, SGD momentum");
        m.put("lstm", "training step, LSTM input 32 hidden 128, sequence 50, batch 64");
        m.put("transformer", "training step, encoder layer d_model 128, 4 heads, sequence 64, batch 32");
        m.put("resnet20", "training step, CIFAR ResNet-20 on 3×32×32, batch 128");
        return m;
    }

    @Override
    public Integer call() {
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (t < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + t);
        }
        if (gemmSize < 1) {
            throw new IllegalArgumentException("--gemm-size must be at least 1, got " + gemmSize);
        }
        List<String> names = new ArrayList<>();
        for (String n : only == null ? List.copyOf(WORKLOADS.keySet()) : only) {
            String key = n.strip().toLowerCase(Locale.ROOT);
            if (!WORKLOADS.containsKey(key)) {
                throw new IllegalArgumentException("unknown workload '" + n + "': use one of "
                        + String.join(", ", WORKLOADS.keySet()));
            }
            names.add(key);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (csv) {
            out.println("workload,value,unit");
        }
        for (String name : names) {
            String on = name.equals("tinyop") ? "" : ", " + t + " thread" + (t == 1 ? "" : "s");
            err.println("descent bench: " + name + " (" + WORKLOADS.get(name) + on + ")...");
            err.flush();
            Quick.Result r = Quick.run(arguments(name, t));
            String value = String.format(Locale.ROOT, "%.4g", r.value());
            if (csv) {
                out.println(name + "," + value + "," + r.unit());
            } else {
                out.printf(Locale.ROOT, "%-12s %12s %-10s %s%n", name, value, r.unit(),
                        r.higherIsBetter() ? "(higher is better)" : "(lower is better)");
            }
            out.flush();
        }
        return 0;
    }

    /** The {@link Quick#run} arguments of one workload. */
    private String[] arguments(String name, int t) {
        String n = Integer.toString(gemmSize);
        String th = Integer.toString(t);
        return switch (name) {
            case "sgemm" -> new String[] {"gemm", n, th, "f32"};
            case "dgemm" -> new String[] {"gemm", n, th, "f64"};
            case "add" -> new String[] {"add", Integer.toString(1 << 24), th};
            case "tinyop" -> new String[] {"tinyop"};
            case "adam" -> new String[] {"adam", "10000000", th};
            case "mlp", "resnet20" -> new String[] {"train", name, "128", th};
            case "lstm" -> new String[] {"train", name, "64", th};
            case "transformer" -> new String[] {"train", name, "32", th};
            default -> throw new IllegalStateException(name);
        };
    }
}
