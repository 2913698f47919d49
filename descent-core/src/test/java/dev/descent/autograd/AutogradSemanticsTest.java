package dev.descent.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** What the engine promises: accumulation, graph lifetime, scopes, higher orders and error messages. */
class AutogradSemanticsTest {

    private static Tensor leaf(double... v) {
        return Tensor.of(v).requiresGrad_(true);
    }

    private static Tensor[] grad(Tensor out, Tensor... inputs) {
        return Engine.grad(new Tensor[] {out}, null, inputs, false, false, false);
    }

    @Test
    void gradientsAccumulateAcrossBackwardCalls() {
        Tensor x = leaf(1, 2);
        x.mul(3.0).sum().backward();
        x.pow(2).sum().backward();
        assertArrayEquals(new double[] {3 + 2, 3 + 4}, x.grad().toDoubleArray());
        x.setGrad(null);
        x.mul(x).sum().backward();
        assertArrayEquals(new double[] {2, 4}, x.grad().toDoubleArray());
    }

    @Test
    void secondBackwardNeedsRetainGraph() {
        Tensor x = leaf(2);
        Tensor y = x.exp().mul(x).sum();
        y.backward(null, true, false);
        double once = x.grad().item();
        y.backward(null, false, false);
        assertEquals(2 * once, x.grad().item(), 1e-12, "the retained graph gives the same gradient again");
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("backward through the graph a second time")
                && e.getMessage().contains("retainGraph=true"), e.getMessage());
    }

    @Test
    void aGraphThatSavedNothingCanBeTraversedAgain() {
        // as in PyTorch: only freed saved tensors make a second pass impossible
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(3.0).reshape(2, 1).sum();
        y.backward();
        y.backward();
        assertArrayEquals(new double[] {6, 6}, x.grad().toDoubleArray());
    }

    @Test
    void retainGradKeepsANonLeafGradient() {
        Tensor x = leaf(1, 2, 3);
        Tensor h = x.mul(2.0).retainGrad();
        Tensor unretained = h.sin();
        unretained.mul(h).sum().backward();
        // d/dh of sum(sin(h)·h) = cos(h)·h + sin(h)
        double[] hv = h.toDoubleArray();
        double[] expected = new double[3];
        for (int i = 0; i < 3; i++) {
            expected[i] = Math.cos(hv[i]) * hv[i] + Math.sin(hv[i]);
        }
        assertArrayEquals(expected, h.grad().toDoubleArray(), 1e-12);
        assertNull(unretained.grad(), "non-leaves keep no gradient unless asked");
        assertArrayEquals(Tensor.of(expected).mul(2.0).toDoubleArray(), x.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void noGradScopeRecordsNothingAndRestoresTheMode() {
        Tensor x = leaf(1, 2);
        try (var s = GradMode.noGrad()) {
            Tensor y = x.mul(x).sum();
            assertFalse(y.requiresGrad());
            assertNull(y.gradFn());
            try (var inner = GradMode.enableGrad()) {
                assertTrue(x.mul(2.0).requiresGrad(), "enableGrad re-enables inside noGrad");
            }
            assertFalse(GradMode.isEnabled());
        }
        assertTrue(GradMode.isEnabled());
        assertThrows(IllegalStateException.class, () -> {
            try (var s = GradMode.noGrad()) {
                x.mul(x).sum().backward();
            }
        });
        assertTrue(GradMode.isEnabled(), "the scope is restored even when its body throws");
    }

    @Test
    void detachCutsTheGraphButSharesStorage() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(3.0);
        Tensor d = y.detach();
        assertFalse(d.requiresGrad());
        assertNull(d.gradFn());
        assertSame(y.storage(), d.storage());
        x.mul(d).sum().backward();
        assertArrayEquals(new double[] {3, 6}, x.grad().toDoubleArray(), "d is a constant: d(x·d)/dx = d");
    }

    @Test
    void gradWithAllowUnusedGivesNullForUnusedInputs() {
        Tensor x = leaf(1, 2);
        Tensor unused = leaf(5);
        Tensor y = x.pow(2).sum();
        Tensor[] g = Engine.grad(new Tensor[] {y}, null, new Tensor[] {x, unused}, true, false, true);
        assertArrayEquals(new double[] {2, 4}, g[0].toDoubleArray());
        assertNull(g[1]);
        assertNull(x.grad(), "grad() returns gradients without accumulating them");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Engine.grad(new Tensor[] {y}, null, new Tensor[] {x, unused}, false, false, false));
        assertTrue(e.getMessage().contains("input 1") && e.getMessage().contains("allowUnused"), e.getMessage());
    }

    @Test
    void gradWithRespectToANonLeaf() {
        Tensor x = leaf(1, 2);
        Tensor h = x.mul(3.0);
        Tensor y = h.pow(2).sum();
        Tensor[] g = grad(y, h);
        assertArrayEquals(new double[] {6, 12}, g[0].toDoubleArray());
    }

    @Test
    void inPlaceOnALeafThatRequiresGradIsAnError() {
        Tensor x = leaf(1, 2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> x.add_(Tensor.ones(DType.FLOAT64, 2)));
        assertTrue(e.getMessage().contains("add_") && e.getMessage().contains("leaf") && e.getMessage().contains("noGrad"),
                e.getMessage());
        assertThrows(IllegalStateException.class, () -> x.mul_(2.0));
        assertThrows(IllegalStateException.class, () -> x.select(0, 0).fill_(0), "a view of a leaf too");
        try (var s = GradMode.noGrad()) {
            x.mul_(2.0); // the optimizer's way
        }
        assertArrayEquals(new double[] {2, 4}, x.toDoubleArray());
    }

    @Test
    void versionCounterCatchesModificationOfASavedTensor() {
        Tensor x = leaf(1, 2);
        Tensor w = Tensor.of(new double[] {3, 4});
        Tensor y = x.mul(w).sum();
        w.mul_(2.0); // w does not require grad, so the in-place op itself is allowed
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("MulBackward") && e.getMessage().contains("in-place")
                && e.getMessage().contains("[2]"), e.getMessage());
        // a change through a view of the same storage is caught too
        Tensor v = Tensor.of(new double[] {1, 2, 3});
        Tensor z = x.mul(v.narrow(0, 0, 2)).sum();
        v.narrow(0, 2, 1).fill_(9);
        assertThrows(IllegalStateException.class, z::backward);
        // an output saved by its own op (exp saves e^x) is protected as well
        Tensor e1 = x.exp();
        Tensor s = e1.sum();
        try (var scope = GradMode.noGrad()) {
            e1.mul_(0.0);
        }
        assertThrows(IllegalStateException.class, s::backward);
    }

    @Test
    void createGraphGivesDifferentiableGradients() {
        // d³/dx³ x⁴ = 24x
        Tensor x = leaf(1.5, -2);
        Tensor y = x.pow(4).sum();
        Tensor g1 = Engine.grad(new Tensor[] {y}, null, new Tensor[] {x}, true, true, false)[0];
        assertArrayEquals(new double[] {4 * Math.pow(1.5, 3), 4 * -8}, g1.toDoubleArray(), 1e-12);
        Tensor g2 = Engine.grad(new Tensor[] {g1.sum()}, null, new Tensor[] {x}, true, true, false)[0];
        assertArrayEquals(new double[] {12 * 2.25, 12 * 4}, g2.toDoubleArray(), 1e-12);
        Tensor g3 = Engine.grad(new Tensor[] {g2.sum()}, null, new Tensor[] {x}, false, false, false)[0];
        assertArrayEquals(new double[] {24 * 1.5, 24 * -2}, g3.toDoubleArray(), 1e-12);
        // backward(createGraph) leaves a differentiable .grad
        Tensor z = leaf(3);
        z.pow(3).sum().backward(null, false, true);
        assertTrue(z.grad().requiresGrad());
        Tensor[] h = grad(z.grad().sum(), z);
        assertEquals(18.0, h[0].item(), 1e-12);
    }

    @Test
    void diamondGraphSumsBothPaths() {
        // y = a·b with a = x², b = sin x: dy/dx = 2x sin x + x² cos x; the shared x feeds both paths
        Tensor x = leaf(0.7);
        Tensor a = x.pow(2);
        Tensor b = x.sin();
        Tensor shared = a.mul(b);
        Tensor y = shared.add(shared.mul(2.0)).sum(); // the shared node is reached twice
        y.backward();
        double v = 0.7;
        assertEquals(3 * (2 * v * Math.sin(v) + v * v * Math.cos(v)), x.grad().item(), 1e-12);
    }

    @Test
    void passedThroughGradientsDoNotAliasLeafGradients() {
        // y = x + (x + e^x): an add hands the same gradient to the leaf and to the next node;
        // accumulating into the leaf in place must not change what that node still has to read.
        Tensor x = leaf(0.5, 1.0);
        x.add(x.add(x.exp())).mul(2.0).sum().backward();
        assertArrayEquals(new double[] {2 * (2 + Math.exp(0.5)), 2 * (2 + Math.exp(1.0))}, x.grad().toDoubleArray(), 1e-12);
        // the same with reshapes and clones, which also pass gradients on unchanged
        Tensor z = leaf(1, 2, 3, 4);
        Tensor r = z.reshape(2, 2);
        r.add(r.clone().reshape(2, 2).exp()).add(z.reshape(2, 2)).mul(3.0).sum().backward();
        double[] zv = {1, 2, 3, 4};
        for (int i = 0; i < 4; i++) {
            assertEquals(3 * (2 + Math.exp(zv[i])), z.grad().toDoubleArray()[i], 1e-12);
        }
    }

    @Test
    void seedAndRetainedGradientsAreNotAliasedByLeafGradients() {
        Tensor x = leaf(1, 2);
        Tensor seed = Tensor.of(new double[] {1, 1});
        x.backward(seed);
        x.backward(seed);
        assertArrayEquals(new double[] {1, 1}, seed.toDoubleArray(), "the caller's seed is not accumulated into");
        Tensor w = leaf(1, 2);
        Tensor h = w.mul(1.0).retainGrad();
        h.mul(2.0).sum().backward();
        h.mul(2.0).sum().backward(); // a new graph from h: w.grad accumulates, h.grad must not follow it
        assertArrayEquals(new double[] {4, 4}, w.grad().toDoubleArray());
        assertArrayEquals(new double[] {4, 4}, h.grad().toDoubleArray());
    }

    @Test
    void nonScalarBackwardNeedsAnExplicitGradient() {
        Tensor x = leaf(1, 2, 3);
        Tensor y = x.mul(x);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, y::backward);
        assertTrue(e.getMessage().contains("scalar") && e.getMessage().contains("[3]"), e.getMessage());
        y.backward(Tensor.of(new double[] {1, 0.5, -1}));
        assertArrayEquals(new double[] {2, 2, -6}, x.grad().toDoubleArray());
        assertThrows(IllegalArgumentException.class, () -> x.mul(2.0).backward(Tensor.ones(DType.FLOAT64, 2)));
    }

    @Test
    void backwardOfATensorWithoutGraphExplains() {
        Tensor c = Tensor.of(new double[] {1});
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.sum().backward());
        assertTrue(e.getMessage().contains("does not require grad"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> leaf(1).mul(2.0).requiresGrad_(false));
    }

    @Test
    void gradCheckDetectsAWrongGradient() {
        // a sanity check of the checker itself: a function whose recorded gradient is wrong must fail
        GradCheck.Report ok = GradCheck.check(t -> t[0].sin(), new Tensor[] {Tensor.of(new double[] {0.3, 1.1})},
                1e-6, 1e-8, 1e-6);
        assertTrue(ok.passes(), ok.toString());
        GradCheck.Report bad = GradCheck.check(t -> t[0].detach().sin().add(t[0].mul(0.0)),
                new Tensor[] {Tensor.of(new double[] {0.3, 1.1})}, 1e-6, 1e-8, 1e-6);
        assertFalse(bad.passes());
        assertNotNull(bad.where());
    }
}
