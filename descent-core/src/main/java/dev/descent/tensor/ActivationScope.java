package dev.descent.tensor;

/**
 * Tells {@link Storage#allocate} whether the code running on this thread is the forward of a library
 * module, whose activations may be recycled once the graph alone held them and lets them go.
 *
 * <p>The library's modules ({@code dev.descent.nn}, {@code dev.descent.nn.zoo}) keep no reference to
 * what their forward computes, so a storage they allocate (an "internal" one) can reach the outside
 * only through the tensor a module returns to a caller outside the library, which
 * {@code Module.call} marks {@link Storage#escape() escaped}. Entering a module from elsewhere
 * (user code) suspends internal allocation until it returns, and its input is marked escaped
 * first, since user code may keep it. Saved tensors of the autograd graph are the only other
 * holders, and the graph counts them ({@link Storage#holdSaved()}).
 *
 * <p>The state is one flag per thread (a stack unwound by {@link #exit}); worker threads of the
 * kernels never allocate storages, and any that did would see "not internal", the safe answer.
 */
public final class ActivationScope {
    private static final ThreadLocal<boolean[]> INTERNAL = ThreadLocal.withInitial(() -> new boolean[1]);

    private ActivationScope() {}

    /** True while a library module's forward runs on this thread (and no user module inside it). */
    public static boolean internal() {
        return INTERNAL.get()[0];
    }

    /**
     * Enters a module's forward: allocations become internal when {@code library}, and stop being
     * internal otherwise. Returns the previous state, to hand to {@link #exit}.
     */
    public static boolean enter(boolean library) {
        boolean[] s = INTERNAL.get();
        boolean previous = s[0];
        s[0] = library;
        return previous;
    }

    /** Leaves a module's forward, restoring the state {@link #enter} returned. */
    public static void exit(boolean previous) {
        INTERNAL.get()[0] = previous;
    }
}
