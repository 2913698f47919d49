package dev.descent.cli;

import dev.descent.landscape.run.OptimizerFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The hyperparameter flags of DESIGN.md: torch.optim's names in kebab case, torch's defaults (each
 * optimizer's own). Which ones an optimizer takes is checked by {@link OptimizerFactory}; values
 * are passed on as text. Boolean flags may stand alone ({@code --nesterov}) or take a value
 * ({@code --nesterov=false}).
 */
public final class HyperparameterOptions {
    @Option(names = "--lr", paramLabel = "LR", order = 100, description = "Learning rate (each optimizer's torch default).")
    String lr;
    @Option(names = "--momentum", paramLabel = "M", order = 101, description = "Momentum factor (sgd, rmsprop; 0.9 for momentum, nesterov).")
    String momentum;
    @Option(names = "--dampening", paramLabel = "D", order = 102, description = "Dampening for momentum (sgd family, default 0).")
    String dampening;
    @Option(names = "--nesterov", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", order = 103,
            description = "Nesterov momentum (sgd family).")
    String nesterov;
    @Option(names = "--weight-decay", paramLabel = "WD", order = 104, description = "Weight decay (L2; decoupled for adamw, default 0.01 there).")
    String weightDecay;
    @Option(names = "--maximize", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", order = 105,
            description = "Maximize instead of minimize.")
    String maximize;
    @Option(names = "--betas", paramLabel = "B1,B2", order = 106, description = "Coefficients of the running averages (adam family, lion).")
    String betas;
    @Option(names = "--eps", paramLabel = "EPS", order = 107, description = "Term added to the denominator.")
    String eps;
    @Option(names = "--amsgrad", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", order = 108,
            description = "AMSGrad variant (adam, adamw).")
    String amsgrad;
    @Option(names = "--alpha", paramLabel = "A", order = 109, description = "Smoothing constant (rmsprop 0.99) or power (asgd 0.75).")
    String alpha;
    @Option(names = "--centered", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", order = 110,
            description = "Centered RMSprop.")
    String centered;
    @Option(names = "--rho", paramLabel = "RHO", order = 111, description = "Running-average coefficient (adadelta, 0.9).")
    String rho;
    @Option(names = "--lr-decay", paramLabel = "D", order = 112, description = "Learning-rate decay (adagrad, 0).")
    String lrDecay;
    @Option(names = "--initial-accumulator-value", paramLabel = "V", order = 113, description = "Initial accumulator (adagrad, 0).")
    String initialAccumulatorValue;
    @Option(names = "--momentum-decay", paramLabel = "PSI", order = 114, description = "Momentum decay (nadam, 0.004).")
    String momentumDecay;
    @Option(names = "--lambd", paramLabel = "L", order = 115, description = "Decay term (asgd, 1e-4).")
    String lambd;
    @Option(names = "--t0", paramLabel = "T0", order = 116, description = "Point at which asgd starts averaging (1e6).")
    String t0;
    @Option(names = "--etas", paramLabel = "A,B", order = 117, description = "Multiplicative decrease and increase (rprop, 0.5,1.2).")
    String etas;
    @Option(names = "--step-sizes", paramLabel = "MIN,MAX", order = 118, description = "Allowed step sizes (rprop, 1e-6,50).")
    String stepSizes;
    @Option(names = "--max-iter", paramLabel = "N", order = 119, description = "Iterations per step (lbfgs, 20).")
    String maxIter;
    @Option(names = "--max-eval", paramLabel = "N", order = 120, description = "Evaluations per step (lbfgs, max-iter·5/4).")
    String maxEval;
    @Option(names = "--tolerance-grad", paramLabel = "T", order = 121, description = "First-order optimality tolerance (lbfgs, 1e-7).")
    String toleranceGrad;
    @Option(names = "--tolerance-change", paramLabel = "T", order = 122, description = "Change tolerance (lbfgs, 1e-9).")
    String toleranceChange;
    @Option(names = "--history-size", paramLabel = "N", order = 123, description = "History size (lbfgs, 100).")
    String historySize;
    @Option(names = "--line-search", paramLabel = "NAME", order = 124, description = "strong_wolfe (lbfgs; none by default).")
    String lineSearch;
    @Option(names = "--decoupled-weight-decay", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", order = 125,
            description = "Decoupled (AdamW-style) weight decay (adam, nadam, radam).")
    String decoupledWeightDecay;

    /** The flags given, without {@code --}, in DESIGN.md's order. */
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
