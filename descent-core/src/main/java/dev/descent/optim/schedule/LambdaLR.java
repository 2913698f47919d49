package dev.descent.optim.schedule;

import dev.descent.optim.Optimizer;
import java.util.function.IntToDoubleFunction;

/** lr = base·f(e) for a user function f (not chainable). */
public final class LambdaLR extends LrScheduler {
    private final IntToDoubleFunction[] lambdas;

    /** The same factor function for every group. */
    public LambdaLR(Optimizer optimizer, IntToDoubleFunction factor) {
        super(optimizer);
        lambdas = new IntToDoubleFunction[groups()];
        java.util.Arrays.fill(lambdas, factor);
        initialStep();
    }

    /** One factor function per group. */
    public LambdaLR(Optimizer optimizer, IntToDoubleFunction[] factors) {
        super(optimizer);
        if (factors.length != groups()) {
            throw new IllegalArgumentException("Expected " + groups() + " lr_lambdas, but got " + factors.length);
        }
        lambdas = factors.clone();
        initialStep();
    }

    @Override
    protected double[] computeLr() {
        double[] out = new double[groups()];
        for (int i = 0; i < out.length; i++) {
            out[i] = baseLrs[i] * lambdas[i].applyAsDouble(lastEpoch);
        }
        return out;
    }
}
