package dev.descent.autograd;

/**
 * Whether operations record a graph for backward, per thread. Use {@link #noGrad()} in a
 * try-with-resources block to evaluate without recording (inference, optimizer updates):
 * <pre>{@code
 * try (var scope = GradMode.noGrad()) {
 *     Tensor y = model.forward(x);   // no graph, no memory kept for backward
 * }
 * }</pre>
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {}

    /** True when new operations record their backward. */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Sets recording on or off for this thread and returns the previous value. */
    public static boolean set(boolean enabled) {
        boolean[] flag = ENABLED.get();
        boolean previous = flag[0];
        flag[0] = enabled;
        return previous;
    }

    /** Turns recording off until the returned scope is closed. */
    public static Scope noGrad() {
        return new Scope(set(false));
    }

    /** Turns recording on until the returned scope is closed (inside a no-grad region). */
    public static Scope enableGrad() {
        return new Scope(set(true));
    }

    /** Restores the previous grad mode when closed. */
    public static final class Scope implements AutoCloseable {
        private final boolean previous;

        private Scope(boolean previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            set(previous);
        }
    }
}
