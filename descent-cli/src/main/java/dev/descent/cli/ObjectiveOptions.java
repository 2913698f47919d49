package dev.descent.cli;

import dev.descent.landscape.expr.Expr;
import dev.descent.landscape.functions.FunctionLibrary;
import dev.descent.landscape.functions.TestFunction;
import dev.descent.landscape.run.Objective;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** {@code (--expr EXPR | --function NAME)}: what to minimize. */
public final class ObjectiveOptions {
    /** Exactly one of the two. */
    static final class Which {
        @Option(names = "--expr", paramLabel = "EXPR", order = 1,
                description = "An expression, e.g. \"(1 - x)^2 + 100*(y - x^2)^2\" (see 'descent grad --help').")
        String expr;

        @Option(names = "--function", paramLabel = "NAME", order = 2,
                description = "A library function (see 'descent functions'), e.g. himmelblau or ravine:kappa=1000.")
        String function;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    /**
     * The objective over the variables in {@code order} (the order of {@code --start}); for a
     * function with no order given, its own variables.
     */
    Objective objective(List<String> order, CommandLine cl) {
        try {
            if (which.function != null) {
                TestFunction f = FunctionLibrary.get(which.function);
                return order == null ? Objective.of(f) : Objective.of(f, order);
            }
            Expr e = Expr.parse(which.expr);
            return Objective.of(e, order == null ? e.variables() : order);
        } catch (IllegalArgumentException ex) {
            throw new CommandLine.ParameterException(cl, ex.getMessage(), ex);
        }
    }

    /** {@code --function himmelblau} or {@code --expr '...'}, for provenance. */
    String describe() {
        return which.function != null ? "--function " + which.function : "--expr '" + which.expr + "'";
    }

    /** The variables of the function or expression, in their own order. */
    List<String> ownVariables(CommandLine cl) {
        return new ArrayList<>(objective(null, cl).variables());
    }
}
