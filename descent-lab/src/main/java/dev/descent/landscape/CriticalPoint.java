package dev.descent.landscape;

import java.util.Arrays;
import java.util.Objects;

/** A point where the gradient vanishes: where it is, the function's value there, and its type. */
public record CriticalPoint(double[] location, double value, PointType type) {
    public CriticalPoint {
        Objects.requireNonNull(type, "type");
        if (type == PointType.NOT_CRITICAL) {
            throw new IllegalArgumentException("a critical point cannot have the type not-critical");
        }
        location = location.clone();
    }

    @Override
    public double[] location() {
        return location.clone();
    }

    /** Coordinate {@code i} of the location. */
    public double coordinate(int i) {
        return location[i];
    }

    /** The number of coordinates. */
    public int dimension() {
        return location.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CriticalPoint c && Arrays.equals(location, c.location)
                && Double.compare(value, c.value) == 0 && type == c.type;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(location), value, type);
    }

    /** {@code minimum f(3, 2) = 0}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(type.label()).append(" f(");
        for (int i = 0; i < location.length; i++) {
            sb.append(i > 0 ? ", " : "").append(Numbers.format(location[i]));
        }
        return sb.append(") = ").append(Numbers.format(value)).toString();
    }
}
