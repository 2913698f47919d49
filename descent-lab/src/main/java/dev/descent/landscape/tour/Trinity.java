package dev.descent.landscape.tour;

import dev.descent.landscape.run.FunctionModule;
import dev.descent.landscape.run.Objective;
import dev.descent.nn.Activation;
import dev.descent.nn.Linear;
import dev.descent.nn.Module;
import dev.descent.nn.Sequential;
import dev.descent.ops.Losses;
import dev.descent.optim.Adam;
import dev.descent.optim.Optimizer;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The notes' trinity in compiled code: an architecture (a {@link dev.descent.nn.Module}), an
 * optimizer (the {@link Optimizer} object) and an algorithm ({@link Adam}). The same Optimizer
 * class, with the same Algorithm, trains a two-parameter landscape and a small network; the tour
 * shows the text between the {@code snippet} markers of this very file (shipped as a resource) and
 * runs it.
 */
public final class Trinity {
    private Trinity() {}

    /**
     * What the snippet did.
     *
     * @param functionOptimizer the class of the optimizer that moved the function's parameters
     * @param networkOptimizer  the class of the one that trained the network
     * @param functionParams    the function module's parameter names
     * @param networkParams     the network's parameter names
     * @param functionBefore    the function's loss before
     * @param functionAfter     and after
     * @param networkBefore     the network's loss before
     * @param networkAfter      and after
     */
    public record Outcome(Class<?> functionOptimizer, Class<?> networkOptimizer, java.util.List<String> functionParams,
                          java.util.List<String> networkParams, double functionBefore, double functionAfter,
                          double networkBefore, double networkAfter) {}

    /** Runs the snippet for {@code steps} steps. */
    public static Outcome run(int steps) {
        Generator gen = new Generator(42);
        Tensor x = Tensor.rand(gen, DType.FLOAT64, 64, 2).mul(4).sub(2);            // 64 points in [-2, 2]²
        Tensor y = x.select(1, 0).sin().mul(x.select(1, 1)).reshape(64, 1);          // a target to fit
        double functionBefore;
        double networkBefore;
        // snippet-start
        // Architecture, the "blueprint": a test function whose parameters are its coordinates ...
        FunctionModule rosenbrock = new FunctionModule(Objective.function("rosenbrock"), new double[] {-1.5, 2},
                DType.FLOAT64);
        // ... and a small network whose parameters are its weights.
        Module net = new Sequential(new Linear(2, 16, true, DType.FLOAT64, gen), Activation.tanh(),
                new Linear(16, 1, true, DType.FLOAT64, gen));

        // Optimizer, the "general contractor": the same class for both, each with its Algorithm.
        Optimizer forFunction = new Optimizer(rosenbrock.namedParameters(), Adam.withLr(0.05));
        Optimizer forNetwork = new Optimizer(net.namedParameters(), Adam.withLr(0.05));

        functionBefore = rosenbrock.loss().item();
        networkBefore = Losses.mse(net.forward(x), y).item();
        for (int step = 0; step < steps; step++) {
            forFunction.zeroGrad();
            rosenbrock.loss().backward();               // f(x, y): the landscape itself
            forFunction.step();

            forNetwork.zeroGrad();
            Losses.mse(net.forward(x), y).backward();   // the network's loss on its data
            forNetwork.step();
        }
        // snippet-end
        return new Outcome(forFunction.getClass(), forNetwork.getClass(),
                java.util.List.copyOf(rosenbrock.namedParameters().keySet()), java.util.List.copyOf(net.namedParameters()
                .keySet()), functionBefore, rosenbrock.loss().item(), networkBefore,
                Losses.mse(net.forward(x), y).item());
    }

    /** The snippet's source text, read from this file (a resource next to the class), without indentation. */
    public static String snippet() {
        String src;
        try (InputStream in = Trinity.class.getResourceAsStream("Trinity.java")) {
            if (in == null) {
                throw new IllegalStateException("Trinity.java is missing from the resources (see descent-lab/pom.xml)");
            }
            src = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int a = src.indexOf("// snippet-start");
        int b = src.indexOf("// snippet-end");
        if (a < 0 || b < a) {
            throw new IllegalStateException("Trinity.java has no snippet markers");
        }
        String body = src.substring(src.indexOf('\n', a) + 1, b);
        StringBuilder out = new StringBuilder();
        for (String line : body.split("\n", -1)) {
            out.append(line.startsWith("        ") ? line.substring(8) : line.strip()).append('\n');
        }
        return out.toString().strip() + "\n";
    }
}
