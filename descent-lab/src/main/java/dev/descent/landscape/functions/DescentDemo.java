package dev.descent.landscape.functions;

import java.util.Arrays;

/**
 * A suggested run that shows what a function was designed to show: from {@code start}, with
 * learning rate {@code lr}, plain gradient descent and SGD with heavy-ball {@code momentum}
 * (torch.optim's SGD: {@code b <- momentum*b + g}, first {@code b = g}; {@code theta <- theta - lr*b})
 * end in different minima within {@code steps} steps. Tests check the claim with their own loop.
 *
 * @param start    the starting point, in the order of the function's variables
 * @param lr       the learning rate for both runs
 * @param momentum the momentum of the second run
 * @param steps    steps after which the claim holds
 * @param claim    the claim in words
 */
public record DescentDemo(double[] start, double lr, double momentum, int steps, String claim) {
    public DescentDemo {
        start = start.clone();
        if (!(lr > 0) || !(momentum >= 0 && momentum < 1) || steps <= 0) {
            throw new IllegalArgumentException("a demo needs lr > 0, 0 <= momentum < 1 and steps > 0; got lr " + lr
                    + ", momentum " + momentum + ", steps " + steps);
        }
    }

    @Override
    public double[] start() {
        return start.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DescentDemo d && Arrays.equals(start, d.start) && lr == d.lr && momentum == d.momentum
                && steps == d.steps && claim.equals(d.claim);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(start) * 31 + Double.hashCode(lr);
    }
}
