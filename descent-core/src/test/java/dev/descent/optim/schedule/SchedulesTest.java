package dev.descent.optim.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.optim.Adam;
import dev.descent.optim.Json;
import dev.descent.optim.Momentum;
import dev.descent.optim.Optimizer;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Learning-rate sequences against PyTorch's (fixtures) and the hand-verified ones of the reference. */
class SchedulesTest {
    static final double TOL = 1e-14;

    static Optimizer sgd(double lr) {
        return new Optimizer(List.of(Tensor.zeros(DType.FLOAT64, 1)), Momentum.of(lr, 0.9));
    }

    static Optimizer adam(double lr) {
        return new Optimizer(List.of(Tensor.zeros(DType.FLOAT64, 1)), Adam.withLr(lr));
    }

    static int[] ints(Object o) {
        double[] d = Json.doubles(o);
        int[] r = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            r[i] = (int) d[i];
        }
        return r;
    }

    /** Builds the scheduler a fixture entry describes; returns a stepper (metric index → nothing). */
    static Object make(Map<String, Object> s, Optimizer o) {
        Map<String, Object> p = Json.map(s.get("params"));
        String name = (String) s.get("name");
        return switch (name) {
            case "StepLR" -> new StepLR(o, ((Number) p.get("stepSize")).intValue(), Json.num(p.get("gamma")));
            case "MultiStepLR" -> new MultiStepLR(o, ints(p.get("milestones")), Json.num(p.get("gamma")));
            case "ExponentialLR" -> new ExponentialLR(o, Json.num(p.get("gamma")));
            case "CosineAnnealingLR" -> new CosineAnnealingLR(o, ((Number) p.get("tMax")).intValue(), Json.num(p.get("etaMin")));
            case "CosineAnnealingWarmRestarts" -> new CosineAnnealingWarmRestarts(o, ((Number) p.get("t0")).intValue(),
                    ((Number) p.get("tMult")).intValue(), Json.num(p.get("etaMin")));
            case "LinearLR" -> new LinearLR(o, Json.num(p.get("startFactor")), Json.num(p.get("endFactor")),
                    ((Number) p.get("totalIters")).intValue());
            case "OneCycleLR" -> p.containsKey("pctStart")
                    ? new OneCycleLR(o, Json.num(p.get("maxLr")), ((Number) p.get("totalSteps")).intValue(),
                            Json.num(p.get("pctStart")), "linear".equals(p.get("anneal")) ? OneCycleLR.Anneal.LINEAR
                                    : OneCycleLR.Anneal.COS, true, Json.num(p.get("baseMomentum")),
                            Json.num(p.get("maxMomentum")), Json.num(p.get("divFactor")),
                            Json.num(p.get("finalDivFactor")), Boolean.TRUE.equals(p.get("threePhase")))
                    : new OneCycleLR(o, Json.num(p.get("maxLr")), ((Number) p.get("totalSteps")).intValue());
            case "ReduceLROnPlateau" -> new ReduceLROnPlateau(o,
                    "max".equals(p.get("mode")) ? ReduceLROnPlateau.Mode.MAX : ReduceLROnPlateau.Mode.MIN,
                    Json.num(p.get("factor")), ((Number) p.get("patience")).intValue(), Json.num(p.get("threshold")),
                    "abs".equals(p.get("thresholdMode")) ? ReduceLROnPlateau.ThresholdMode.ABS
                            : ReduceLROnPlateau.ThresholdMode.REL,
                    p.containsKey("cooldown") ? ((Number) p.get("cooldown")).intValue() : 0,
                    p.containsKey("minLr") ? Json.num(p.get("minLr")) : 0, 1e-8);
            case "LambdaLR" -> new LambdaLR(o, "0.95^e".equals(p.get("function")) ? e -> Math.pow(0.95, e)
                    : e -> 1.0 / (1.0 + 0.1 * e));
            case "SequentialLR" -> {
                List<Object> subs = Json.list(p.get("schedulers"));
                List<LrScheduler> built = new ArrayList<>();
                for (Object so : subs) {
                    built.add(sub((String) so, o));
                }
                yield new SequentialLR(o, built, ints(p.get("milestones")));
            }
            default -> throw new IllegalArgumentException(name);
        };
    }

    static LrScheduler sub(String spec, Optimizer o) {
        return switch (spec) {
            case "LinearLR(0.1,1.0,5)" -> new LinearLR(o, 0.1, 1.0, 5);
            case "LinearLR(0.1,1.0,2)" -> new LinearLR(o, 0.1, 1.0, 2);
            case "ExponentialLR(0.9)" -> new ExponentialLR(o, 0.9);
            case "ExponentialLR(0.5)" -> new ExponentialLR(o, 0.5);
            case "ConstantFactor" -> new LinearLR(o, 0.5, 0.5, 10);
            case "CosineAnnealingLR(20,0.0)" -> new CosineAnnealingLR(o, 20);
            case "StepLR(10,0.5)" -> new StepLR(o, 10, 0.5);
            default -> throw new IllegalArgumentException(spec);
        };
    }

    static Stream<Arguments> fixtures() {
        Map<String, Object> root = Json.resource("/fixtures/torch/optim_schedules.json");
        List<Arguments> out = new ArrayList<>();
        for (Object o : Json.list(root.get("schedules"))) {
            Map<String, Object> s = Json.map(o);
            out.add(Arguments.of(s.get("name") + " " + s.get("params"), s));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void sequenceMatchesTorch(String label, Map<String, Object> s) {
        boolean isAdam = "adam".equals(s.get("optimizer"));
        Optimizer o = isAdam ? adam(Json.num(s.get("base_lr"))) : sgd(Json.num(s.get("base_lr")));
        Object sched = make(s, o);
        double[] want = Json.doubles(s.get("lr"));
        double[] metrics = s.containsKey("metrics") ? Json.doubles(s.get("metrics")) : null;
        double[] wantMom = s.containsKey("momentum") ? Json.doubles(s.get("momentum"))
                : s.containsKey("beta1") ? Json.doubles(s.get("beta1")) : null;
        String momName = isAdam ? "beta1" : "momentum";
        for (int k = 0; k < want.length; k++) {
            if (k > 0) {
                if (sched instanceof ReduceLROnPlateau r) {
                    r.step(metrics[k - 1]);
                } else {
                    ((LrScheduler) sched).step();
                }
            }
            double lr = o.group(0).lr();
            assertTrue(Math.abs(lr - want[k]) <= TOL * Math.abs(want[k]),
                    label + ": step " + k + " lr " + lr + " vs torch " + want[k]);
            if (wantMom != null) {
                double m = o.group(0).getDouble(momName);
                assertTrue(Math.abs(m - wantMom[k]) <= TOL * Math.abs(wantMom[k]),
                        label + ": step " + k + " " + momName + " " + m + " vs torch " + wantMom[k]);
            }
        }
    }

    static double[] run(Function<Optimizer, LrScheduler> make, int steps) {
        Optimizer o = sgd(1.0);
        LrScheduler s = make.apply(o);
        double[] out = new double[steps + 1];
        out[0] = o.group(0).lr();
        for (int k = 1; k <= steps; k++) {
            s.step();
            out[k] = o.group(0).lr();
        }
        return out;
    }

    static void assertSeq(double[] want, double[] got) {
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-6, "index " + i);
        }
    }

    /** The sequences listed in torch-optim-semantics.md §3 (lr = 1, after construction then each step). */
    @Test
    void verifiedSequencesOfTheReference() {
        assertSeq(new double[] {1, 1, .5, .5, .25}, run(o -> new StepLR(o, 2, 0.5), 4));
        assertSeq(new double[] {1, .853553, .5, .146447, 0, .146447, .5}, run(o -> new CosineAnnealingLR(o, 4), 6));
        assertSeq(new double[] {1, .75, .25, 1, .933013, .75, .5, .25, .066987, 1},
                run(o -> new CosineAnnealingWarmRestarts(o, 3, 2, 0), 9));
        assertSeq(new double[] {.333333, .5, .666667, .833333, 1, 1}, run(o -> new LinearLR(o, 1.0 / 3, 1, 4), 5));
        assertSeq(new double[] {.04, .52, 1, .950485, .811746, .611262, .388742, .188258, .049519, 4e-06},
                run(o -> new OneCycleLR(o, 1, 10), 9));
        assertSeq(new double[] {.1, .55, 1, 1, .5, .25},
                run(o -> new SequentialLR(o, List.of(new LinearLR(o, .1, 1, 2), new ExponentialLR(o, .5)), new int[] {3}), 5));
        Optimizer o = sgd(1.0);
        ReduceLROnPlateau r = new ReduceLROnPlateau(o, ReduceLROnPlateau.Mode.MIN, 0.5, 2, 1e-4,
                ReduceLROnPlateau.ThresholdMode.REL, 0, 0, 1e-8);
        // ReduceLROnPlateau has no construction step: the reference lists the lr after each of 8 epochs
        double[] got = new double[8];
        double[] metrics = {1, .9, .9, .9, .9, .9, .9, .9};
        for (int k = 0; k < metrics.length; k++) {
            r.step(metrics[k]);
            got[k] = o.group(0).lr();
        }
        assertSeq(new double[] {1, 1, 1, 1, .5, .5, .5, .25}, got);
    }

    @Test
    void oneCycleRaisesWhenSteppedPastTotalAndNeedsMomentum() {
        Optimizer o = sgd(1.0);
        OneCycleLR s = new OneCycleLR(o, 1, 3);
        s.step();
        s.step();
        s.step();
        var e = assertThrows(IllegalStateException.class, s::step);
        assertEquals("Tried to step 5 times. The specified number of total steps is 3", e.getMessage());
        Optimizer plain = new Optimizer(List.of(Tensor.zeros(DType.FLOAT64, 1)), dev.descent.optim.Adagrad.defaults());
        assertThrows(IllegalArgumentException.class, () -> new OneCycleLR(plain, 1, 10));
    }

    @Test
    void chainedSchedulersMultiply() {
        Optimizer o = sgd(1.0);
        StepLR a = new StepLR(o, 2, 0.5);
        ExponentialLR b = new ExponentialLR(o, 0.9);
        for (int k = 0; k < 4; k++) {
            a.step();
            b.step();
        }
        assertEquals(0.25 * Math.pow(0.9, 4), o.group(0).lr(), 1e-15);
    }
}
