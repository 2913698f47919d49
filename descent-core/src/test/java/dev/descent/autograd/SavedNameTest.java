package dev.descent.autograd;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

class SavedNameTest {

    /** A node whose name depends on a field assigned after save(), the natural order in a constructor. */
    static final class NamedNode extends Node {
        private final Saved x;
        private final String kind;

        NamedNode(Tensor x, String kind) {
            super(x);
            this.x = save(x);
            this.kind = kind;
        }

        @Override
        public String name() {
            return kind.toUpperCase(java.util.Locale.ROOT) + "Backward";
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g.mul(x.get())};
        }
    }

    @Test
    void saveInAConstructorDoesNotCallAnOverriddenNameTooEarly() {
        Tensor x = Tensor.ones(DType.FLOAT64, 2).requiresGrad_(true);
        assertDoesNotThrow(() -> new NamedNode(x, "square"));
    }

    @Test
    void inPlaceErrorsStillNameTheOp() {
        Tensor x = Tensor.ones(DType.FLOAT64, 2).requiresGrad_(true);
        Saved s = new NamedNode(x, "cube").x;
        try (var scope = GradMode.noGrad()) {
            x.add_(x);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, s::get);
        assertTrue(e.getMessage().contains("needed by the backward of CUBEBackward"), e.getMessage());
    }
}
