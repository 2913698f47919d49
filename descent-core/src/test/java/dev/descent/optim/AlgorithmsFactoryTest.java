package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Algorithms}: DESIGN.md's names and torch's kebab-case flags, with torch's defaults. */
class AlgorithmsFactoryTest {
    @Test
    void everyNameGivesTorchDefaults() {
        assertEquals(SGD.defaults(), Algorithms.create("sgd", Map.of()));
        assertEquals(0.9, Algorithms.create("momentum", Map.of()).get("momentum"));
        assertEquals(true, Algorithms.create("nesterov", Map.of()).get("nesterov"));
        assertEquals(Adam.defaults(), Algorithms.create("ADAM", Map.of()));
        assertEquals(LBFGS.defaults(), Algorithms.create("l-bfgs", Map.of()));
        for (String n : Algorithms.NAMES) {
            Algorithm a = Algorithms.create(n, Map.of());
            assertEquals(Algorithms.byName(n), a, n);
            // describe() prints every hyperparameter so that create() reads it back exactly
            assertEquals(a, Algorithms.create(n, Algorithms.describe(a)), n);
        }
    }

    @Test
    void flagsSetHyperparametersByTorchNames() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("lr", "3e-4");
        f.put("betas", "0.8,0.99");
        f.put("weight_decay", "0.01");
        f.put("--amsgrad", "true");
        Algorithm a = Algorithms.create("adam", f);
        assertEquals(new Adam(3e-4, 0.8, 0.99, 1e-8, 0.01, true, false, false), a);
        assertEquals(true, Algorithms.create("sgd", Map.of("nesterov", "", "momentum", "0.5")).get("nesterov"));
        LBFGS l = (LBFGS) Algorithms.create("lbfgs", Map.of("max-iter", "8", "line-search", "strong_wolfe"));
        assertEquals(10, l.maxEval());
        assertEquals("strong_wolfe", l.lineSearch());
        Rprop r = (Rprop) Algorithms.create("rprop", Map.of("etas", "0.4,1.3", "step-sizes", "1e-5,10"));
        assertEquals(0.4, r.etaMinus());
        assertEquals(10.0, r.stepSizeMax());
        assertEquals(0.05, Algorithms.set(Adam.defaults(), "--lr", "0.05").lr());
    }

    @Test
    void mistakesGetOneLineMessagesThatSayWhatToDo() {
        String m = assertThrows(IllegalArgumentException.class, () -> Algorithms.create("adamm", Map.of())).getMessage();
        assertEquals("unknown optimizer 'adamm': use one of [sgd, momentum, nesterov, adagrad, rmsprop, adadelta, adam, "
                + "adamw, adamax, nadam, radam, asgd, rprop, lbfgs, lion]", m);
        m = assertThrows(IllegalArgumentException.class, () -> Algorithms.create("adam", Map.of("momentum", "0.9")))
                .getMessage();
        assertTrue(m.startsWith("optimizer adam does not take --momentum; adam accepts --lr --betas --eps"), m);
        assertTrue(m.endsWith("(--momentum is for sgd, momentum, nesterov, rmsprop)"), m);
        m = assertThrows(IllegalArgumentException.class, () -> Algorithms.create("sgd", Map.of("learning-rate", "1")))
                .getMessage();
        assertTrue(m.startsWith("unknown hyperparameter --learning-rate (known: --lr --momentum"), m);
        assertEquals("--lr expects a number, got 'fast'",
                assertThrows(IllegalArgumentException.class, () -> Algorithms.create("sgd", Map.of("lr", "fast")))
                        .getMessage());
        assertEquals("--betas expects two numbers A,B, got '0.9'",
                assertThrows(IllegalArgumentException.class, () -> Algorithms.create("adam", Map.of("betas", "0.9")))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Algorithms.create("sgd", Map.of("lr", "-1")))
                .getMessage().contains("Invalid learning rate: -1"));
        assertEquals("--amsgrad expects true or false, got 'maybe'", assertThrows(IllegalArgumentException.class,
                () -> Algorithms.create("adam", Map.of("amsgrad", "maybe"))).getMessage());
    }
}
