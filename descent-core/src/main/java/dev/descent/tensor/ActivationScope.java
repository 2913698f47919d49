package dev.descent.tensor;

import dev.descent.kernel.BufferPool;
import java.util.Arrays;

/**
 * Which storages the forward of a library module allocated, so that they can be recycled as soon as
 * nothing can read them: at the end of that forward for the temporaries no saved tensor holds, and
 * after backward for the saved activations (see {@link Storage#dropSaved}).
 *
 * <p>The library's modules ({@code dev.descent.nn}, {@code dev.descent.nn.zoo}) keep no reference to
 * what their forward computes, so a storage they allocate (an "internal" one) can reach the outside
 * only through the tensor a module returns to a caller outside the library, which {@code Module.call}
 * marks {@link Storage#escape() escaped}. Entering a module from elsewhere (user code) suspends
 * internal allocation until it returns, and its input is marked escaped first, since user code may
 * keep it. Saved tensors of the autograd graph are the only other holders, and the graph counts
 * them ({@link Storage#holdSaved()}); ops that keep a tensor in a field outside their saved tensors pin it.
 *
 * <p>So when a library module's forward returns normally, every internal storage allocated during it
 * is either its output, held by a saved tensor, or unreachable: {@link #exit} gives the unreachable
 * ones to {@link BufferPool}, and hands the output on to the caller's forward, which examines it again
 * when it returns in turn. One scope per thread; the kernels' worker threads never allocate storages,
 * and any that did would see "not internal", the safe answer.
 */
public final class ActivationScope {
    private static final ThreadLocal<ActivationScope> LOCAL = ThreadLocal.withInitial(ActivationScope::new);

    /** True while a library module's forward runs on this thread (and no user module inside it). */
    private boolean internal;
    /** Internal storages allocated by the forwards still running, innermost last. */
    private Storage[] allocated = new Storage[64];
    private int count;

    private ActivationScope() {}

    /** Storages allocated inside a node's backward, while the engine collects them (see {@link #beginTemporaries}). */
    private Storage[] temporaries = new Storage[16];
    private int temporaryCount;
    private int collecting;

    /**
     * Registers a poolable storage just allocated on this thread; returns true when it is internal (a
     * library forward is running).
     */
    static boolean onAllocate(Storage st) {
        ActivationScope s = LOCAL.get();
        if (s.internal) {
            s.add(st);
            return true;
        }
        if (s.collecting > 0) {
            if (s.temporaryCount == s.temporaries.length) {
                s.temporaries = Arrays.copyOf(s.temporaries, s.temporaryCount * 2);
            }
            s.temporaries[s.temporaryCount++] = st;
        }
        return false;
    }

    /**
     * The autograd engine calls this before a node's backward, when the pass records no graph and
     * pooling is on: storages allocated until {@link #endTemporaries} are collected. Returns a mark.
     */
    public static int beginTemporaries() {
        ActivationScope s = LOCAL.get();
        s.collecting++;
        return s.temporaryCount;
    }

    /**
     * After a node's backward returned {@code grads}: every storage it allocated is a temporary
     * that nothing references (a node's backward writes no fields and, with no graph recorded, saves
     * nothing) unless it backs one of the gradients; the others go to the pool. {@code grads} is null
     * after an exception, and then nothing is recycled.
     */
    public static void endTemporaries(int mark, Tensor[] grads) {
        ActivationScope s = LOCAL.get();
        s.collecting--;
        for (int i = mark; i < s.temporaryCount; i++) {
            Storage st = s.temporaries[i];
            s.temporaries[i] = null;
            if (grads != null && !backsAny(st, grads)) {
                st.recycleTemporary();
            }
        }
        s.temporaryCount = mark;
    }

    private static boolean backsAny(Storage st, Tensor[] grads) {
        for (Tensor g : grads) {
            if (g != null && g.storage() == st) {
                return true;
            }
        }
        return false;
    }

    void add(Storage s) {
        if (count == allocated.length) {
            allocated = Arrays.copyOf(allocated, count * 2);
        }
        allocated[count++] = s;
    }

    /** True while a library module's forward runs on this thread (and no user module inside it). */
    public static boolean internal() {
        return LOCAL.get().internal;
    }

    /**
     * Enters a module's forward: allocations become internal when {@code library}, and stop being
     * internal otherwise. Returns a token for {@link #exit}.
     */
    public static long enter(boolean library) {
        ActivationScope s = LOCAL.get();
        long token = ((long) s.count << 1) | (s.internal ? 1 : 0);
        s.internal = library;
        return token;
    }

    /** True when the forward that {@code token} entered was called by a library module's forward. */
    public static boolean calledFromLibrary(long token) {
        return (token & 1) != 0;
    }

    /**
     * Leaves a module's forward. When it returned {@code out} normally ({@code out} null after an
     * exception) from a library module, the internal storages it allocated that no saved tensor holds,
     * other than {@code out}'s, go to the pool; {@code out}'s storage passes to a library caller, and
     * escapes to any other caller.
     */
    public static void exit(long token, Tensor out) {
        ActivationScope s = LOCAL.get();
        int mark = (int) (token >>> 1);
        boolean callerInternal = calledFromLibrary(token);
        Storage keep = out == null ? null : out.storage();
        if (keep != null && s.internal && BufferPool.enabled()) {
            for (int i = mark; i < s.count; i++) {
                if (s.allocated[i] != keep) {
                    s.allocated[i].recycleIfUnheld();
                }
            }
        }
        Arrays.fill(s.allocated, mark, s.count, null);
        s.count = mark;
        s.internal = callerInternal;
        if (keep != null) {
            if (!callerInternal) { // user code or the top level keeps what it gets
                keep.escape();
            } else if (keep.internal()) {
                s.add(keep);
            }
        }
    }
}
