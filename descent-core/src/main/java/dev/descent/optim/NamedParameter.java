package dev.descent.optim;

import dev.descent.tensor.Tensor;
import java.util.Objects;

/** A parameter with the name under which its optimizer state is saved ({@code "layer1.weight"}). */
public record NamedParameter(String name, Tensor param) {
    /** Checks that both parts are present. */
    public NamedParameter {
        Objects.requireNonNull(name, "parameter name");
        Objects.requireNonNull(param, "parameter tensor");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("parameter name must not be empty");
        }
    }
}
