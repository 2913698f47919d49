package dev.descent.landscape.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.optim.ASGD;
import dev.descent.optim.Adadelta;
import dev.descent.optim.Adagrad;
import dev.descent.optim.Adam;
import dev.descent.optim.AdamW;
import dev.descent.optim.Adamax;
import dev.descent.optim.Algorithm;
import dev.descent.optim.Algorithms;
import dev.descent.optim.LBFGS;
import dev.descent.optim.Lion;
import dev.descent.optim.NAdam;
import dev.descent.optim.RAdam;
import dev.descent.optim.RMSprop;
import dev.descent.optim.Rprop;
import dev.descent.optim.SGD;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class OptimizerFactoryTest {

    static Stream<Arguments> defaults() {
        return Stream.of(
                Arguments.of("sgd", new SGD(1e-3, 0, 0, 0, false, false)),
                Arguments.of("momentum", new SGD(1e-3, 0.9, 0, 0, false, false)),
                Arguments.of("nesterov", new SGD(1e-3, 0.9, 0, 0, true, false)),
                Arguments.of("adagrad", new Adagrad(1e-2, 0, 0, 0, 1e-10, false)),
                Arguments.of("rmsprop", new RMSprop(1e-2, 0.99, 1e-8, 0, 0, false, false)),
                Arguments.of("adadelta", new Adadelta(1.0, 0.9, 1e-6, 0, false)),
                Arguments.of("adam", new Adam(1e-3, 0.9, 0.999, 1e-8, 0, false, false, false)),
                Arguments.of("adamw", new AdamW(1e-3, 0.9, 0.999, 1e-8, 1e-2, false, false)),
                Arguments.of("adamax", new Adamax(2e-3, 0.9, 0.999, 1e-8, 0, false)),
                Arguments.of("nadam", new NAdam(2e-3, 0.9, 0.999, 1e-8, 0, 4e-3, false, false)),
                Arguments.of("radam", new RAdam(1e-3, 0.9, 0.999, 1e-8, 0, false, false)),
                Arguments.of("asgd", new ASGD(1e-2, 1e-4, 0.75, 1e6, 0, false)),
                Arguments.of("rprop", new Rprop(1e-2, 0.5, 1.2, 1e-6, 50, false)),
                Arguments.of("lbfgs", new LBFGS(1, 20, 25, 1e-7, 1e-9, 100, null)),
                Arguments.of("lion", new Lion(1e-4, 0.9, 0.99, 1e-3, false)));
    }

    /** Every DESIGN.md name, with PyTorch's defaults (sgd: 2.x's lr 1e-3; the presets: momentum 0.9). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("defaults")
    void namesGiveTorchDefaults(String name, Algorithm expected) {
        assertEquals(expected, OptimizerFactory.create(name, Map.of()));
        assertEquals(expected, OptimizerFactory.create(name.toUpperCase(), Map.of()), "names are case-insensitive");
    }

    /** The lab has no flag table of its own: names, flags, defaults and descriptions are {@link Algorithms}'. */
    @Test
    void theTableIsAlgorithms() {
        assertEquals(Algorithms.NAMES, OptimizerFactory.NAMES);
        assertEquals(Algorithms.FLAGS, OptimizerFactory.FLAGS);
        for (String name : OptimizerFactory.NAMES) {
            assertEquals(Algorithms.flags(name), OptimizerFactory.flags(name), name);
            assertEquals(Algorithms.byName(name), OptimizerFactory.defaults(name), name);
            assertEquals(Algorithms.describe(Algorithms.byName(name)), OptimizerFactory.describe(OptimizerFactory.defaults(name)));
        }
    }

    @Test
    void everyDesignNameIsKnown() {
        assertEquals(List.of("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adadelta", "adam", "adamw", "adamax",
                "nadam", "radam", "asgd", "rprop", "lbfgs", "lion"), OptimizerFactory.NAMES);
        assertEquals(OptimizerFactory.NAMES.size(), defaults().count());
    }

    /** Each kebab-case flag lands in the right record component. */
    @ParameterizedTest(name = "{0} --{1} {2}")
    @CsvSource(delimiter = '|', value = {
        "sgd      | lr                        | 0.25        | lr                      | 0.25",
        "sgd      | momentum                  | 0.5         | momentum                | 0.5",
        "sgd      | dampening                 | 0.1         | dampening               | 0.1",
        "sgd      | weight-decay              | 0.01        | weightDecay             | 0.01",
        "sgd      | maximize                  | true        | maximize                | true",
        "momentum | momentum                  | 0.8         | momentum                | 0.8",
        "nesterov | nesterov                  | false       | nesterov                | false",
        "adagrad  | lr-decay                  | 0.001       | lrDecay                 | 0.001",
        "adagrad  | initial-accumulator-value | 0.1         | initialAccumulatorValue | 0.1",
        "adagrad  | eps                       | 1e-6        | eps                     | 1e-6",
        "rmsprop  | alpha                     | 0.9         | alpha                   | 0.9",
        "rmsprop  | centered                  | true        | centered                | true",
        "rmsprop  | momentum                  | 0.3         | momentum                | 0.3",
        "adadelta | rho                       | 0.95        | rho                     | 0.95",
        "adam     | amsgrad                   | true        | amsgrad                 | true",
        "adam     | decoupled-weight-decay    | true        | decoupledWeightDecay    | true",
        "adamw    | weight-decay              | 0           | weightDecay             | 0.0",
        "nadam    | momentum-decay            | 0.01        | momentumDecay           | 0.01",
        "asgd     | lambd                     | 0.001       | lambd                   | 0.001",
        "asgd     | alpha                     | 0.5         | alpha                   | 0.5",
        "asgd     | t0                        | 100         | t0                      | 100.0",
        "lbfgs    | max-eval                  | 7           | maxEval                 | 7",
        "lbfgs    | tolerance-grad            | 1e-5        | toleranceGrad           | 1e-5",
        "lbfgs    | tolerance-change          | 1e-12       | toleranceChange         | 1e-12",
        "lbfgs    | history-size              | 10          | historySize             | 10",
        "lbfgs    | line-search               | strong_wolfe | lineSearch             | strong_wolfe",
        "lion     | weight-decay              | 0.1         | weightDecay             | 0.1",
    })
    void flagSetsComponent(String name, String flag, String value, String component, String expected) {
        Algorithm a = OptimizerFactory.create(name, Map.of(flag, value));
        Object v = a.get(component);
        if (v instanceof Double d) {
            assertEquals(Double.parseDouble(expected), d, 0.0);
        } else if (v instanceof Integer i) {
            assertEquals(Integer.parseInt(expected), i);
        } else {
            assertEquals(expected, String.valueOf(v));
        }
    }

    @Test
    void pairsSetTwoComponents() {
        Algorithm adam = OptimizerFactory.create("adam", Map.of("betas", "0.8, 0.95"));
        assertEquals(0.8, adam.get("beta1"));
        assertEquals(0.95, adam.get("beta2"));
        Algorithm rprop = OptimizerFactory.create("rprop", Map.of("etas", "0.4,1.5", "step-sizes", "1e-5,10"));
        assertEquals(new Rprop(1e-2, 0.4, 1.5, 1e-5, 10, false), rprop);
        Algorithm lion = OptimizerFactory.create("lion", Map.of("betas", "0.95,0.98"));
        assertEquals(0.95, lion.get("beta1"));
    }

    @Test
    void maxIterSetsMaxEvalAsTorchUnlessGiven() {
        assertEquals(50, OptimizerFactory.create("lbfgs", Map.of("max-iter", "40")).get("maxEval"));
        Map<String, String> both = new LinkedHashMap<>();
        both.put("max-eval", "9");
        both.put("max-iter", "40");
        assertEquals(9, OptimizerFactory.create("lbfgs", both).get("maxEval"));
        assertEquals(40, OptimizerFactory.create("lbfgs", both).get("maxIter"));
    }

    @Test
    void booleanFlagsDoNotDependOnOrder() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("nesterov", "true");
        m.put("momentum", "0.9");
        assertEquals(new SGD(1e-3, 0.9, 0, 0, true, false), OptimizerFactory.create("sgd", m));
    }

    /** A flag the optimizer does not take names the optimizer, what it accepts, and who takes the flag. */
    @Test
    void flagNotTakenIsAClearError() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> OptimizerFactory.create("adam", Map.of("momentum", "0.9")));
        assertEquals("optimizer adam does not take --momentum; adam accepts --lr --betas --eps --weight-decay --amsgrad "
                + "--maximize --decoupled-weight-decay (--momentum is for sgd, momentum, nesterov, rmsprop)", e.getMessage());
        var l = assertThrows(IllegalArgumentException.class, () -> OptimizerFactory.create("lbfgs", Map.of("betas", "1,2")));
        assertTrue(l.getMessage().startsWith("optimizer lbfgs does not take --betas; lbfgs accepts --lr --max-iter"),
                l.getMessage());
    }

    @ParameterizedTest(name = "{0} {1}={2}")
    @CsvSource(delimiter = '|', value = {
        "sgd     | lr        | abc     | --lr expects a number, got 'abc'",
        "sgd     | lr        | -1      | Invalid learning rate: -1.0 (must be >= 0)",
        "adam    | betas     | 0.9     | --betas expects two numbers A,B, got '0.9'",
        "adam    | amsgrad   | maybe   | --amsgrad expects true or false, got 'maybe'",
        "lbfgs   | max-iter  | 2.5     | --max-iter expects a whole number, got '2.5'",
        "sgd     | foo       | 1       | unknown hyperparameter --foo",
    })
    void badValuesAreClearErrors(String name, String flag, String value, String message) {
        var e = assertThrows(IllegalArgumentException.class, () -> OptimizerFactory.create(name, Map.of(flag, value)));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void unknownNameSuggestsTheClosest() {
        var e = assertThrows(IllegalArgumentException.class, () -> OptimizerFactory.create("adamm", Map.of()));
        assertEquals("unknown optimizer 'adamm' (did you mean adam?); known: sgd, momentum, nesterov, adagrad, rmsprop, "
                + "adadelta, adam, adamw, adamax, nadam, radam, asgd, rprop, lbfgs, lion", e.getMessage());
    }

    @Test
    void raceSpecs() {
        OptimizerFactory.Spec s = OptimizerFactory.parse("adam:lr=0.1:betas=0.9,0.99:amsgrad");
        assertEquals("adam", s.name());
        assertEquals(new Adam(0.1, 0.9, 0.99, 1e-8, 0, true, false, false), s.algorithm());
        assertEquals("adam lr=0.1 betas=0.9,0.99 amsgrad=true", s.label());
        assertEquals("--optimizer adam --lr 0.1 --betas 0.9,0.99 --amsgrad true", s.commandLine());
        assertInstanceOf(SGD.class, OptimizerFactory.parse("momentum").algorithm());
        assertThrows(IllegalArgumentException.class, () -> OptimizerFactory.parse("sgd:lr"));
        assertThrows(IllegalArgumentException.class, () -> OptimizerFactory.parse("sgd:lr=1:lr=2"));
    }

    /** describe() writes every hyperparameter as flags; feeding them back rebuilds the same algorithm. */
    @ParameterizedTest(name = "seed {0}")
    @CsvSource({"1", "2", "3", "4", "5", "6", "7", "8"})
    void describeRoundTrips(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (String name : OptimizerFactory.NAMES) {
            Map<String, String> flags = new LinkedHashMap<>();
            if (!name.equals("lbfgs")) {
                flags.put("lr", Double.toString(rnd.nextDouble(1e-4, 1)));
            }
            Algorithm a = OptimizerFactory.create(name, flags);
            Map<String, String> all = OptimizerFactory.describe(a);
            all.keySet().removeIf(k -> !OptimizerFactory.flags(name).contains(k));
            all.replaceAll((k, v) -> v.equals("null") ? "none" : v);
            assertEquals(a, OptimizerFactory.create(name, all), name);
        }
    }
}
