package dev.descent.landscape.tour;

import static dev.descent.landscape.tour.TourContext.num;

import java.util.List;

/**
 * (j) The trinity: architecture, optimizer, algorithm. Text, and a compiled snippet ({@link
 * Trinity}) run right here: one {@code Optimizer} class with the {@code Adam} algorithm trains both
 * a two-parameter landscape and a small network.
 */
final class TrinitySection implements TourSection {
    @Override
    public String id() {
        return "j-trinity";
    }

    @Override
    public String title() {
        return "(j) The trinity: architecture, optimizer, algorithm";
    }

    @Override
    public void run(TourContext ctx) {
        int steps = ctx.budget(300, 60);
        Trinity.Outcome o = Trinity.run(steps);
        ctx.report().paragraph("The notes' second part builds a skyscraper: the architecture is the blueprint (a Module: "
                + "layers, parameters, forward), the optimizer is the general contractor (the Optimizer object: it owns "
                + "the parameters' state and applies updates), and the algorithm is the building technique (SGD, "
                + "Momentum, Adam, ...: a small, pure update rule). Everything above in this tour already used that "
                + "split: each test function was a module whose parameters are its coordinates, and the optimizers were "
                + "the same objects that train networks. The snippet below is compiled with Descent and was just run:");
        ctx.report().code(Trinity.snippet(), "From dev/descent/landscape/tour/Trinity.java (compiled and run by the tour, "
                + steps + " steps).");
        boolean same = o.functionOptimizer() == o.networkOptimizer();
        ctx.fact("optimizer_class", o.functionOptimizer().getName(), "one Optimizer class (" + o.functionOptimizer()
                .getSimpleName() + ") drove the function's parameters " + o.functionParams() + " and the network's "
                + o.networkParams().size() + " parameter tensors " + o.networkParams());
        ctx.fact("function_loss", o.functionAfter(), "Rosenbrock with Adam (lr 0.05): f from " + num(o.functionBefore())
                + " to " + num(o.functionAfter()) + " in " + steps + " steps");
        ctx.fact("network_loss", o.networkAfter(), "the 2-16-1 tanh network with Adam (lr 0.05): MSE from "
                + num(o.networkBefore()) + " to " + num(o.networkAfter()));
        ctx.report().table(List.of("", "architecture (Module)", "parameters", "optimizer", "algorithm", "loss before",
                        "loss after"),
                List.of(List.of("landscape", "FunctionModule(rosenbrock)", String.join(", ", o.functionParams()),
                                o.functionOptimizer().getSimpleName(), "Adam", o.functionBefore(), o.functionAfter()),
                        List.of("network", "Sequential(Linear, tanh, Linear)", o.networkParams().size() + " tensors",
                                o.networkOptimizer().getSimpleName(), "Adam", o.networkBefore(), o.networkAfter())),
                "Same contractor, same technique, two blueprints.");
        ctx.claim("the optimizer is one object type that binds any model's parameters to an algorithm", same
                        && o.functionAfter() < o.functionBefore() && o.networkAfter() < o.networkBefore(),
                "the same " + o.functionOptimizer().getSimpleName() + " class lowered both losses ("
                        + num(o.functionBefore()) + " → " + num(o.functionAfter()) + "; " + num(o.networkBefore()) + " → "
                        + num(o.networkAfter()) + ")");
        ctx.report().paragraph("The notes' remaining claims, about network architectures (skip connections smoothing the "
                + "loss surface) and full training runs, belong to the network part of the tour.");
    }
}
