package dev.descent.tensor;

/** Element type of a tensor. Descent computes in 32-bit or 64-bit IEEE floating point. */
public enum DType {
    FLOAT32("float32", 4),
    FLOAT64("float64", 8);

    private final String label;
    private final int bytes;

    DType(String label, int bytes) {
        this.label = label;
        this.bytes = bytes;
    }

    /** Size of one element in bytes. */
    public int bytes() {
        return bytes;
    }

    /** The PyTorch-style name: {@code float32} or {@code float64}. */
    @Override
    public String toString() {
        return label;
    }

    /** Parses {@code float32}/{@code f32}/{@code float} or {@code float64}/{@code f64}/{@code double}. */
    public static DType parse(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "float32", "f32", "float" -> FLOAT32;
            case "float64", "f64", "double" -> FLOAT64;
            default -> throw new IllegalArgumentException(
                    "unknown dtype '" + s + "': use float32 or float64");
        };
    }

    /** The wider of two types: mixing float32 and float64 gives float64, as in PyTorch. */
    public static DType promote(DType a, DType b) {
        return a == FLOAT64 || b == FLOAT64 ? FLOAT64 : FLOAT32;
    }
}
