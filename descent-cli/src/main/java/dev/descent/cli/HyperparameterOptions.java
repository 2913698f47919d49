package dev.descent.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The optimizer hyperparameter flags of the command-line contract: torch.optim's names in kebab
 * case, with torch's defaults ({@link dev.descent.optim.Algorithms}). Only the flags given are
 * returned by {@link #given()}; boolean flags may be given without a value ({@code --nesterov}).
 */
public final class HyperparameterOptions {
    @Option(names = "--lr", paramLabel = "LR", description = "Learning rate (default: the optimizer's, as in torch.optim).")
    String lr;
    @Option(names = "--momentum", paramLabel = "M", description = "Momentum (sgd, momentum, nesterov, rmsprop).")
    String momentum;
    @Option(names = "--dampening", paramLabel = "D", description = "Dampening of the momentum (sgd family).")
    String dampening;
    @Option(names = "--nesterov", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Nesterov momentum (sgd family).")
    String nesterov;
    @Option(names = "--weight-decay", paramLabel = "WD", description = "Weight decay.")
    String weightDecay;
    @Option(names = "--maximize", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Ascend instead of descend.")
    String maximize;
    @Option(names = "--betas", paramLabel = "B1,B2", description = "Adam-family betas, e.g. 0.9,0.999.")
    String betas;
    @Option(names = "--eps", paramLabel = "EPS", description = "Denominator epsilon.")
    String eps;
    @Option(names = "--amsgrad", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "AMSGrad variant (adam, adamw).")
    String amsgrad;
    @Option(names = "--alpha", paramLabel = "A", description = "RMSprop smoothing / ASGD power.")
    String alpha;
    @Option(names = "--centered", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Centered RMSprop.")
    String centered;
    @Option(names = "--rho", paramLabel = "RHO", description = "Adadelta decay.")
    String rho;
    @Option(names = "--lr-decay", paramLabel = "D", description = "Adagrad learning-rate decay.")
    String lrDecay;
    @Option(names = "--initial-accumulator-value", paramLabel = "V", description = "Adagrad initial accumulator.")
    String initialAccumulatorValue;
    @Option(names = "--momentum-decay", paramLabel = "D", description = "NAdam momentum decay.")
    String momentumDecay;
    @Option(names = "--lambd", paramLabel = "L", description = "ASGD decay term.")
    String lambd;
    @Option(names = "--t0", paramLabel = "T0", description = "ASGD averaging start.")
    String t0;
    @Option(names = "--etas", paramLabel = "MINUS,PLUS", description = "Rprop step-size factors.")
    String etas;
    @Option(names = "--step-sizes", paramLabel = "MIN,MAX", description = "Rprop step-size bounds.")
    String stepSizes;
    @Option(names = "--max-iter", paramLabel = "N", description = "L-BFGS iterations per step.")
    String maxIter;
    @Option(names = "--max-eval", paramLabel = "N", description = "L-BFGS function evaluations per step.")
    String maxEval;
    @Option(names = "--tolerance-grad", paramLabel = "T", description = "L-BFGS gradient tolerance.")
    String toleranceGrad;
    @Option(names = "--tolerance-change", paramLabel = "T", description = "L-BFGS change tolerance.")
    String toleranceChange;
    @Option(names = "--history-size", paramLabel = "N", description = "L-BFGS history.")
    String historySize;
    @Option(names = "--line-search", paramLabel = "strong_wolfe", description = "L-BFGS line search (strong_wolfe or none).")
    String lineSearch;
    @Option(names = "--decoupled-weight-decay", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Decoupled weight decay (adam, nadam, radam).")
    String decoupledWeightDecay;

    /** The flags given on the command line (without {@code --}) to their text, in DESIGN.md's order. */
    public Map<String, String> given() {
        Map<String, String> m = new LinkedHashMap<>();
        put(m, "lr", lr);
        put(m, "momentum", momentum);
        put(m, "dampening", dampening);
        put(m, "nesterov", nesterov);
        put(m, "weight-decay", weightDecay);
        put(m, "maximize", maximize);
        put(m, "betas", betas);
        put(m, "eps", eps);
        put(m, "amsgrad", amsgrad);
        put(m, "alpha", alpha);
        put(m, "centered", centered);
        put(m, "rho", rho);
        put(m, "lr-decay", lrDecay);
        put(m, "initial-accumulator-value", initialAccumulatorValue);
        put(m, "momentum-decay", momentumDecay);
        put(m, "lambd", lambd);
        put(m, "t0", t0);
        put(m, "etas", etas);
        put(m, "step-sizes", stepSizes);
        put(m, "max-iter", maxIter);
        put(m, "max-eval", maxEval);
        put(m, "tolerance-grad", toleranceGrad);
        put(m, "tolerance-change", toleranceChange);
        put(m, "history-size", historySize);
        put(m, "line-search", lineSearch);
        put(m, "decoupled-weight-decay", decoupledWeightDecay);
        return m;
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
