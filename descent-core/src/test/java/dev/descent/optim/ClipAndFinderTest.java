package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClipAndFinderTest {

    @Test
    void clipGradNormMatchesTorch() {
        Map<String, Object> root = Json.resource("/fixtures/torch/optim_clip.json");
        for (Object o : Json.list(root.get("cases"))) {
            Map<String, Object> c = Json.map(o);
            DType dt = DType.parse((String) c.get("dtype"));
            List<Tensor> ps = new ArrayList<>();
            for (Object g : Json.list(c.get("grads"))) {
                double[] v = Json.doubles(g);
                Tensor p = Tensor.zeros(dt, v.length);
                Tensor gt = Tensor.of(v);
                p.setGrad(dt == DType.FLOAT32 ? gt.to(dt) : gt);
                ps.add(p);
            }
            Object nt = c.get("normType");
            double normType = "inf".equals(nt) ? Clip.INF : Json.num(nt);
            double total = Clip.clipGradNorm(ps, Json.num(c.get("maxNorm")), normType, false);
            double tol = dt == DType.FLOAT32 ? 1e-6 : 1e-14;
            assertEquals(Json.num(c.get("total")), total, tol * Math.abs(total), c.toString());
            List<Object> clipped = Json.list(c.get("clipped"));
            for (int i = 0; i < ps.size(); i++) {
                double[] want = Json.doubles(clipped.get(i));
                double[] got = ps.get(i).grad().toDoubleArray();
                for (int k = 0; k < want.length; k++) {
                    assertEquals(want[k], got[k], tol * Math.max(1, Math.abs(want[k])), c + " grad " + i);
                }
            }
        }
    }

    @Test
    void clipGradNormReferenceExampleAndNonFinite() {
        Tensor p = Tensor.zeros(DType.FLOAT32, 2);
        p.setGrad(Tensor.of(new float[] {3, 4}));
        assertEquals(5.0, Clip.clipGradNorm(List.of(p), 1.0), 1e-12);
        assertArrayEquals(new float[] {0.5999999f, 0.7999998f}, p.grad().toFloatArray(), 1e-7f);
        Tensor q = Tensor.zeros(DType.FLOAT64, 2);
        q.setGrad(Tensor.of(new double[] {Double.NaN, 1}));
        assertThrows(ArithmeticException.class, () -> Clip.clipGradNorm(List.of(q), 1.0, 2.0, true));
        assertTrue(Double.isNaN(Clip.clipGradNorm(List.of(q), 1.0)));
        assertTrue(Double.isNaN(q.grad().get(1)));
        Tensor r = Tensor.zeros(DType.FLOAT64, 3);
        r.setGrad(Tensor.of(new double[] {-5, 0.5, 2}));
        Clip.clipGradValue(List.of(r), 1.0);
        assertArrayEquals(new double[] {-1, 0.5, 1}, r.grad().toDoubleArray());
    }

    @Test
    void lrFinderFindsAReasonableRateAndRestoresEverything() {
        // least squares y = 3x: the loss blows up once lr exceeds 2/λmax
        Tensor w = Tensor.of(new double[] {0.0}).requiresGrad_(true);
        double[] xs = {0.5, 1.0, 1.5, 2.0};
        Tensor x = Tensor.of(xs, 4, 1);
        Tensor y = x.mul(3.0);
        Optimizer opt = new Optimizer(Map.of("w", w), Momentum.withLr(0.01));
        Closure loss = () -> {
            opt.zeroGrad();
            Tensor l = x.mul(w).sub(y).pow(2).mean();
            l.backward();
            return l;
        };
        opt.zeroGrad();
        loss.evaluate();
        opt.step();
        double wBefore = w.get(0);
        StateDict before = opt.stateDict();
        LrFinder.Result r = LrFinder.run(opt, loss, 1e-5, 10, 100);
        assertTrue(r.stopReason().contains("4.0x") || r.stopReason().contains("non-finite"), r.stopReason());
        assertTrue(r.lrs().length < 100, "stopped early");
        assertTrue(r.steepest() > 1e-4 && r.steepest() < 2, "steepest " + r.steepest());
        assertTrue(r.minOver10() > 1e-4 && r.minOver10() < 1, "minOver10 " + r.minOver10());
        assertEquals(wBefore, w.get(0));
        assertEquals(0.01, opt.group(0).lr());
        assertArrayEquals(before.state().get("w").tensor("momentum_buffer").toDoubleArray(),
                opt.state("w").tensor("momentum_buffer").toDoubleArray());
        assertEquals(before.steps(), opt.steps());
    }
}
