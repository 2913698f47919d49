package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OptimizerTest {

    static Stream<Algorithm> algorithms() {
        return Stream.of(SGD.withLr(0.05), Momentum.withLr(0.05), Nesterov.withLr(0.05).weightDecay(0.01),
                SGD.withLr(0.01).momentum(0.5).dampening(0.2).maximize(true), Adagrad.defaults(),
                RMSprop.defaults().with("momentum", 0.9).with("centered", true), Adadelta.defaults(),
                Adam.defaults().amsgrad(true).weightDecay(0.01), AdamW.defaults(), Adamax.defaults(), NAdam.defaults(),
                NAdam.defaults().with("decoupledWeightDecay", true).with("weightDecay", 0.1),
                RAdam.defaults(), ASGD.defaults().with("t0", 3.0), Rprop.defaults(), Lion.defaults());
    }

    /** Deterministic pseudo-gradients that depend on the parameter (so state matters). */
    static void fakeBackward(Map<String, Tensor> params, int step) {
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            Tensor p = e.getValue();
            int k = e.getKey().length();
            double[] v = p.toDoubleArray();
            double[] g = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                g[i] = Math.sin(1.3 * step + 0.7 * i + k) + 0.5 * v[i];
            }
            Tensor gt = Tensor.of(g, p.shape());
            p.setGrad(p.dtype() == DType.FLOAT32 ? gt.to(DType.FLOAT32) : gt);
        }
    }

    static Map<String, Tensor> model(DType dt) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        Tensor w = Tensor.of(new double[] {0.1, -0.2, 0.3, 0.4, -0.5, 0.6}, 2, 3);
        Tensor b = Tensor.of(new double[] {1.5, -2.5});
        m.put("fc.weight", (dt == DType.FLOAT32 ? w.to(dt) : w).requiresGrad_(true));
        m.put("fc.bias", (dt == DType.FLOAT32 ? b.to(dt) : b).requiresGrad_(true));
        return m;
    }

    @ParameterizedTest
    @MethodSource("algorithms")
    void stateDictRoundTripContinuesBitIdentically(Algorithm alg) {
        for (DType dt : DType.values()) {
            Map<String, Tensor> a = model(dt);
            Optimizer oa = new Optimizer(a, alg);
            for (int k = 1; k <= 4; k++) {
                oa.zeroGrad();
                fakeBackward(a, k);
                oa.step();
            }
            StateDict sd = oa.stateDict();
            try {  // through the binary format, as a checkpoint would
                var bytes = new java.io.ByteArrayOutputStream();
                StateDictIO.write(sd, bytes);
                sd = StateDictIO.read(new java.io.ByteArrayInputStream(bytes.toByteArray()));
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            Map<String, Tensor> b = new LinkedHashMap<>();
            // a fresh model, parameters listed in the other order: names, not positions, carry the state
            b.put("fc.bias", a.get("fc.bias").detach().clone().requiresGrad_(true));
            b.put("fc.weight", a.get("fc.weight").detach().clone().requiresGrad_(true));
            Optimizer ob = new Optimizer(b, alg.with("lr", 123.0));
            ob.loadStateDict(sd);
            assertEquals(alg.lr(), ob.group(0).lr());
            for (int k = 5; k <= 9; k++) {
                oa.zeroGrad();
                fakeBackward(a, k);
                oa.step();
                ob.zeroGrad();
                fakeBackward(b, k);
                ob.step();
            }
            for (String n : a.keySet()) {
                assertArrayEquals(a.get(n).toDoubleArray(), b.get(n).toDoubleArray(), 0.0, alg + " " + dt + " " + n);
            }
            assertEquals(9, ob.steps());
        }
    }

    @Test
    void lbfgsStateDictRoundTripContinuesBitIdentically() {
        Tensor p = Tensor.of(new double[] {-1.5, 2.0}).requiresGrad_(true);
        Algorithm alg = LBFGS.defaults().maxIter(3).strongWolfe();
        Optimizer op = new Optimizer(List.of(p), alg);
        Closure cp = rosenbrockClosure(op, p);
        for (int k = 0; k < 2; k++) {
            op.step(cp);
        }
        Tensor q = Tensor.of(p.toDoubleArray()).requiresGrad_(true);
        Optimizer oq = new Optimizer(List.of(q), alg);
        var bytes = new java.io.ByteArrayOutputStream();
        try {
            StateDictIO.write(op.stateDict(), bytes);
            oq.loadStateDict(StateDictIO.read(new java.io.ByteArrayInputStream(bytes.toByteArray())));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        Closure cq = rosenbrockClosure(oq, q);
        for (int k = 0; k < 3; k++) {
            op.step(cp);
            oq.step(cq);
        }
        assertArrayEquals(p.toDoubleArray(), q.toDoubleArray(), 0.0);
    }

    static Closure rosenbrockClosure(Optimizer opt, Tensor p) {
        return () -> {
            opt.zeroGrad();
            Tensor x = p.select(0, 0);
            Tensor y = p.select(0, 1);
            Tensor loss = x.rsub(1.0).pow(2).add(y.sub(x.pow(2)).pow(2).mul(100.0));
            loss.backward();
            return loss;
        };
    }

    @Test
    void loadRejectsMissingExtraShapeDtypeAlgorithmAndGroupCount() {
        Map<String, Tensor> a = model(DType.FLOAT64);
        Optimizer oa = new Optimizer(a, Adam.defaults());
        oa.zeroGrad();
        fakeBackward(a, 1);
        oa.step();
        StateDict sd = oa.stateDict();

        Map<String, Tensor> missing = new LinkedHashMap<>();
        missing.put("fc.weight", a.get("fc.weight").detach().clone());
        missing.put("head.bias", a.get("fc.bias").detach().clone());
        var e1 = assertThrows(IllegalArgumentException.class, () -> new Optimizer(missing, Adam.defaults()).loadStateDict(sd));
        assertTrue(e1.getMessage().contains("'head.bias'"), e1.getMessage());

        Map<String, Tensor> fewer = new LinkedHashMap<>();
        fewer.put("fc.weight", a.get("fc.weight").detach().clone());
        var e2 = assertThrows(IllegalArgumentException.class, () -> new Optimizer(fewer, Adam.defaults()).loadStateDict(sd));
        assertTrue(e2.getMessage().contains("'fc.bias'") && e2.getMessage().contains("does not have"), e2.getMessage());

        Map<String, Tensor> shape = new LinkedHashMap<>();
        shape.put("fc.weight", Tensor.zeros(DType.FLOAT64, 3, 2));
        shape.put("fc.bias", Tensor.zeros(DType.FLOAT64, 2));
        var e3 = assertThrows(IllegalArgumentException.class, () -> new Optimizer(shape, Adam.defaults()).loadStateDict(sd));
        assertTrue(e3.getMessage().contains("shape [2, 3]") && e3.getMessage().contains("[3, 2]"), e3.getMessage());

        var e4 = assertThrows(IllegalArgumentException.class,
                () -> new Optimizer(model(DType.FLOAT32), Adam.defaults()).loadStateDict(sd));
        assertTrue(e4.getMessage().contains("float64") && e4.getMessage().contains("float32"), e4.getMessage());

        var e5 = assertThrows(IllegalArgumentException.class,
                () -> new Optimizer(model(DType.FLOAT64), SGD.defaults()).loadStateDict(sd));
        assertEquals("state dict was saved from Adam but this optimizer runs SGD", e5.getMessage());

        Map<String, Tensor> m = model(DType.FLOAT64);
        Optimizer two = new Optimizer(Adam.defaults(), ParamGroup.named(Map.of("fc.weight", m.get("fc.weight"))),
                ParamGroup.named(Map.of("fc.bias", m.get("fc.bias"))));
        var e6 = assertThrows(IllegalArgumentException.class, () -> two.loadStateDict(sd));
        assertEquals("loaded state dict has 1 parameter groups, this optimizer has 2", e6.getMessage());
    }

    @Test
    void nonFiniteGradientRaisesNamingParameterStepAndRemedyAndUpdatesNothing() {
        Map<String, Tensor> a = model(DType.FLOAT64);
        Optimizer opt = new Optimizer(a, SGD.withLr(0.1));
        fakeBackward(a, 1);
        opt.step();
        double[] before = a.get("fc.weight").toDoubleArray();
        fakeBackward(a, 2);
        a.get("fc.bias").grad().set(Double.NaN, 1);
        NonFiniteException e = assertThrows(NonFiniteException.class, opt::step);
        assertEquals("fc.bias", e.parameter());
        assertEquals(2, e.step());
        assertTrue(e.getMessage().contains("non-finite gradient of parameter 'fc.bias' at step 2"), e.getMessage());
        assertTrue(e.getMessage().contains("element 1 of [2] is NaN"), e.getMessage());
        assertTrue(e.getMessage().contains("lower learning rate (now 0.1)"), e.getMessage());
        assertTrue(e.getMessage().contains("gradient clipping"), e.getMessage());
        assertArrayEquals(before, a.get("fc.weight").toDoubleArray(), 0.0);
        assertEquals(1, opt.steps());
        opt.setNonFiniteCheck(false);
        opt.step();
        assertTrue(Double.isNaN(a.get("fc.bias").get(1)));
    }

    @Test
    void nonFiniteParameterIsReported() {
        Tensor p = Tensor.of(new float[] {1f, Float.POSITIVE_INFINITY}).requiresGrad_(true);
        Optimizer opt = new Optimizer(List.of(p), Adam.defaults());
        p.setGrad(Tensor.of(new float[] {0.5f, 0.5f}));
        NonFiniteException e = assertThrows(NonFiniteException.class, opt::step);
        assertTrue(e.getMessage().startsWith("non-finite value of parameter 'param.0' at step 1: element 1 of [2] is Infinity"),
                e.getMessage());
    }

    @Test
    void hyperparametersAreValidatedWithTorchStyleMessages() {
        var e = assertThrows(IllegalArgumentException.class, () -> Adam.withLr(-1));
        assertEquals("Invalid learning rate: -1.0 (must be >= 0)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Adam.defaults().betas(1.0, 0.999));
        assertEquals("Invalid beta parameter at index 0: 1.0 (must be in [0, 1))", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Adam.defaults().eps(-1e-8));
        assertEquals("Invalid epsilon value: -1.0E-8 (must be >= 0)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SGD.withLr(0.1).nesterov(true));
        assertTrue(e.getMessage().startsWith("Nesterov momentum requires a momentum and zero dampening"));
        e = assertThrows(IllegalArgumentException.class, () -> Rprop.defaults().with("etaPlus", 0.9));
        assertEquals("Invalid eta values: 0.5, 0.9 (must be 0 < etaminus < 1 < etaplus)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SGD.defaults().with("betas", 0.9));
        assertTrue(e.getMessage().startsWith("SGD has no hyperparameter 'betas'; it has [lr, momentum"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LBFGS.defaults().with("lineSearch", "armijo"));
        assertTrue(e.getMessage().contains("only 'strong_wolfe'"));
        Optimizer opt = new Optimizer(List.of(Tensor.zeros(DType.FLOAT64, 2)), Adam.defaults());
        e = assertThrows(IllegalArgumentException.class, () -> opt.group(0).setLr(-0.5));
        assertEquals("Invalid learning rate: -0.5 (must be >= 0)", e.getMessage());
    }

    @Test
    void defaultsAreTorchs() {
        assertEquals(1e-3, SGD.defaults().lr());
        assertEquals(new Adam(1e-3, 0.9, 0.999, 1e-8, 0, false, false, false), Adam.defaults());
        assertEquals(1e-2, AdamW.defaults().weightDecay());
        assertEquals(25, LBFGS.defaults().maxEval());
        assertEquals(1e-7, LBFGS.defaults().toleranceGrad());
        assertEquals(2e-3, NAdam.defaults().lr());
        assertEquals(4e-3, NAdam.defaults().momentumDecay());
        assertEquals(1e-10, Adagrad.defaults().eps());
        assertEquals(1.0, Adadelta.defaults().lr());
    }

    @Test
    void toStringPrintsEveryHyperparameter() {
        Map<String, Tensor> a = model(DType.FLOAT64);
        Optimizer opt = new Optimizer(a, Adam.withLr(3e-4).amsgrad(true));
        String s = opt.toString();
        for (String k : List.of("lr=3.0E-4", "beta1=0.9", "beta2=0.999", "eps=1.0E-8", "weightDecay=0.0", "amsgrad=true",
                "maximize=false", "decoupledWeightDecay=false", "fc.weight[2, 3]", "fc.bias[2]")) {
            assertTrue(s.contains(k), k + " missing in " + s);
        }
    }

    @Test
    void zeroGradSetsNoneAndNoneGradsSkipTheUpdate() {
        Tensor p = Tensor.of(new double[] {1, 2}).requiresGrad_(true);
        Tensor q = Tensor.of(new double[] {3}).requiresGrad_(true);
        Optimizer opt = new Optimizer(List.of(p, q), Momentum.withLr(0.1));
        p.setGrad(Tensor.of(new double[] {1, 1}));
        opt.step();
        assertNull(opt.state(q));
        assertArrayEquals(new double[] {3}, q.toDoubleArray());
        assertNotNull(opt.state("param.0").tensor("momentum_buffer"));
        opt.zeroGrad();
        assertNull(p.grad());
        p.setGrad(Tensor.of(new double[] {1, 1}));
        opt.zeroGrad(false);
        assertArrayEquals(new double[] {0, 0}, p.grad().toDoubleArray());
        double[] before = p.toDoubleArray();
        opt.step();  // a zero gradient is a real step: momentum still moves the parameter
        assertTrue(p.get(0) < before[0]);
    }

    @Test
    void parameterGroupsHaveTheirOwnHyperparametersAndCanBeAdded() {
        Tensor a = Tensor.of(new double[] {1}).requiresGrad_(true);
        Tensor b = Tensor.of(new double[] {1}).requiresGrad_(true);
        Optimizer opt = new Optimizer(SGD.withLr(0.1), ParamGroup.of(List.of(a)),
                ParamGroup.named(Map.of("head", b)).with("lr", 0.5).with("momentum", 0.9));
        assertEquals(0.5, opt.group(1).lr());
        assertEquals(0.9, opt.group(1).getDouble("momentum"));
        a.setGrad(Tensor.of(new double[] {1}));
        b.setGrad(Tensor.of(new double[] {1}));
        opt.step();
        assertEquals(0.9, a.get(0), 1e-15);
        assertEquals(0.5, b.get(0), 1e-15);
        opt.group(0).setLr(0.2);
        opt.group(1).set("momentum", 0.0);
        assertEquals(0.2, opt.group(0).lr());
        Tensor c = Tensor.of(new double[] {2}).requiresGrad_(true);
        opt.addParamGroup(ParamGroup.of(List.of(c)).with("weightDecay", 0.1));
        assertEquals("param.2", opt.parameters().get(2).name());
        var e = assertThrows(IllegalArgumentException.class, () -> opt.addParamGroup(ParamGroup.of(List.of(a))));
        assertTrue(e.getMessage().contains("appears twice"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new Optimizer(LBFGS.defaults(), ParamGroup.of(List.of(Tensor.zeros(2))), ParamGroup.of(List.of(Tensor.zeros(2)))));
        assertThrows(IllegalStateException.class, () -> new Optimizer(List.of(Tensor.zeros(2)), LBFGS.defaults()).step());
    }

    /** The landscape lab's claim, as a test: the bowl θ1² + θ2² is a module with two parameters. */
    @Test
    void plainSgdOnTheBowlConvergesToTheOrigin() {
        Tensor theta = Tensor.of(new double[] {1.5, -2.0}).requiresGrad_(true);
        Optimizer opt = new Optimizer(Map.of("theta", theta), SGD.withLr(0.1));
        for (int k = 0; k < 200; k++) {
            opt.zeroGrad();
            theta.pow(2).sum().backward();
            opt.step();
        }
        // each step multiplies θ by (1 − 2·lr) = 0.8
        assertEquals(1.5 * Math.pow(0.8, 200), theta.get(0), 1e-25);
        assertTrue(Math.abs(theta.get(0)) < 1e-18 && Math.abs(theta.get(1)) < 1e-18);
    }

    @Test
    void lionMatchesItsDefinitionWrittenWithTensorOps() {
        Tensor p = Tensor.of(new double[] {0.5, -1.0, 0.0, 2.0}).requiresGrad_(true);
        Tensor ref = p.detach().clone();
        Tensor m = Tensor.zeros(DType.FLOAT64, 4);
        Lion lion = Lion.defaults().with("lr", 0.01) instanceof Lion l ? l : null;
        Optimizer opt = new Optimizer(List.of(p), lion);
        for (int k = 1; k <= 5; k++) {
            Tensor g = Tensor.of(new double[] {Math.sin(k), Math.cos(k), 0.0, -1.0});
            p.setGrad(g);
            opt.step();
            Tensor c = m.mul(0.9).add(g.mul(1 - 0.9));
            ref = ref.sub(c.sign().add(ref.mul(lion.weightDecay())).mul(0.01));
            m = m.mul(0.99).add(g.mul(1 - 0.99));
        }
        assertArrayEquals(ref.toDoubleArray(), p.toDoubleArray(), 1e-15);
    }

    @Test
    void threadsDoNotChangeABitAndTheGuardFindsTheFirstBadElementOfABigTensor() {
        int big = 3 * dev.descent.kernel.OptimKernels.GRAIN + 11;
        float[][] results = new float[2][];
        for (int threads = 1; threads <= 2; threads++) {
            dev.descent.kernel.OptimKernels.setThreads(threads);
            try {
                java.util.List<Tensor> ps = new java.util.ArrayList<>();
                for (int t = 0; t < 7; t++) {
                    int n = t == 3 ? big : 1000 + 37 * t;
                    float[] v = new float[n];
                    float[] g = new float[n];
                    for (int i = 0; i < n; i++) {
                        v[i] = (float) Math.sin(i + t);
                        g[i] = (float) Math.cos(3 * i + t);
                    }
                    Tensor p = Tensor.of(v, n).requiresGrad_(true);
                    p.setGrad(Tensor.of(g, n));
                    ps.add(p);
                }
                Optimizer opt = new Optimizer(ps, Adam.withLr(0.01).amsgrad(true));
                for (int k = 0; k < 3; k++) {
                    opt.step();
                }
                results[threads - 1] = ps.get(3).toFloatArray();
                ps.get(3).grad().set(Float.NaN, big - 5);
                ps.get(3).grad().set(Float.NaN, big - 2);
                NonFiniteException e = assertThrows(NonFiniteException.class, opt::step);
                assertTrue(e.getMessage().contains("element " + (big - 5) + " of [" + big + "]"), e.getMessage());
            } finally {
                dev.descent.kernel.OptimKernels.setThreads(Runtime.getRuntime().availableProcessors());
            }
        }
        assertArrayEquals(results[0], results[1]);
    }

    @Test
    void algorithmsByCliNameWithTorchHyperparameterNames() {
        for (String n : Algorithms.NAMES) {
            assertNotNull(Algorithms.byName(n));
        }
        Algorithm a = Algorithms.set(Algorithms.byName("adam"), "--betas", "0.8,0.99");
        a = Algorithms.set(a, "weight-decay", "1e-4");
        a = Algorithms.set(a, "amsgrad", "true");
        assertEquals(Adam.defaults().betas(0.8, 0.99).weightDecay(1e-4).amsgrad(true), a);
        Algorithm l = Algorithms.set(Algorithms.set(Algorithms.byName("lbfgs"), "--line-search", "strong_wolfe"),
                "history_size", "5");
        assertEquals(LBFGS.defaults().strongWolfe().historySize(5), l);
        Algorithm r = Algorithms.set(Algorithms.byName("rprop"), "--step-sizes", "1e-5,1");
        assertEquals(1e-5, r.get("stepSizeMin"));
        assertEquals(0.9, Algorithms.byName("nesterov").get("momentum"));
        var e = assertThrows(IllegalArgumentException.class, () -> Algorithms.byName("adamm"));
        assertTrue(e.getMessage().startsWith("unknown optimizer 'adamm'") && e.getMessage().contains("sgd"), e.getMessage());
    }

    /** The step allocates a few small objects at most, never anything proportional to the tensors. */
    @Test
    void stepAllocationDoesNotGrowWithTensorSize() {
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long[] perStep = new long[2];
        int[] sizes = {1_000, 1_000_000};
        dev.descent.kernel.OptimKernels.setThreads(1);
        try {
            // warm up so that C2 has compiled the kernels (interpreted Vector API code allocates)
            Tensor warm = Tensor.zeros(DType.FLOAT32, 4096).requiresGrad_(true);
            warm.setGrad(Tensor.ones(DType.FLOAT32, 4096));
            Optimizer wo = new Optimizer(List.of(warm, Tensor.zeros(DType.FLOAT32, 3)), Adam.withLr(1e-3));
            for (int k = 0; k < 20_000; k++) {
                wo.step();
            }
            for (int s = 0; s < 2; s++) {
                Tensor w = Tensor.zeros(DType.FLOAT32, sizes[s]).requiresGrad_(true);
                Tensor b = Tensor.zeros(DType.FLOAT32, 10).requiresGrad_(true);
                w.setGrad(Tensor.ones(DType.FLOAT32, sizes[s]));
                b.setGrad(Tensor.ones(DType.FLOAT32, 10));
                Optimizer opt = new Optimizer(List.of(w, b), Adam.withLr(1e-3));
                for (int k = 0; k < 200; k++) {
                    opt.step();
                }
                long before = mx.getCurrentThreadAllocatedBytes();
                for (int k = 0; k < 50; k++) {
                    opt.step();
                }
                perStep[s] = (mx.getCurrentThreadAllocatedBytes() - before) / 50;
            }
        } finally {
            dev.descent.kernel.OptimKernels.setThreads(Runtime.getRuntime().availableProcessors());
        }
        assertTrue(perStep[1] < 4096 && perStep[0] < 4096, "bytes per step: " + java.util.Arrays.toString(perStep));
    }

    @Test
    void stepWithClosureReturnsTheLoss() {
        Tensor p = Tensor.of(new double[] {3}).requiresGrad_(true);
        Optimizer opt = new Optimizer(List.of(p), SGD.withLr(0.25));
        Tensor loss = opt.step(() -> {
            opt.zeroGrad();
            Tensor l = p.pow(2).sum();
            l.backward();
            return l;
        });
        assertEquals(9.0, loss.item());
        assertEquals(1.5, p.get(0));
    }
}
