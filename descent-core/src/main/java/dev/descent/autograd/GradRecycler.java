package dev.descent.autograd;

import dev.descent.kernel.BufferPool;
import dev.descent.tensor.Storage;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The bookkeeping that lets one backward pass give its dead gradient buffers to
 * {@link dev.descent.kernel.BufferPool}. A gradient buffer may be recycled only when all of these hold:
 * <ul>
 *   <li>it was allocated during this pass ({@link Storage#allocatedAfter}), so no saved activation, seed
 *       or user tensor can share it;</li>
 *   <li>it never escaped: not a seed, not a retained gradient, not a leaf's adopted {@code .grad}, not a
 *       result of {@code grad()} (those are {@link #escape escaped});</li>
 *   <li>no node still holds it as (a view of) its pending gradient: a backward may hand its incoming
 *       gradient, or a view of it, straight on (add, reshape, expand), so holdings are counted per storage,
 *       not per tensor;</li>
 *   <li>the pass does not record a graph ({@code createGraph} off): a recorded backward could save it.</li>
 * </ul>
 * Nodes' backward methods keep no reference to what they return or receive (they write no fields),
 * which is what makes "no holding left" mean "dead". Candidates are released only at {@link #flush()},
 * after a node has handed out all its outputs, so a storage sent to two places is never freed between them.
 */
final class GradRecycler {
    /** False under createGraph or with pooling off: then every method does nothing. */
    private final boolean active;
    private final long mark;
    // Created on first use: passes over small tensors (which are never pooled) allocate nothing here.
    private IdentityHashMap<Storage, int[]> holds;
    private Set<Storage> escaped;
    private List<Storage> candidates;

    /** The recycler of one pass; inactive when {@code createGraph} records the backward or pooling is off. */
    GradRecycler(boolean createGraph) {
        active = !createGraph && BufferPool.enabled();
        mark = Storage.allocationMark();
    }

    private boolean tracked(Tensor t) {
        return active && t.storage().allocatedAfter(mark);
    }

    /** A node now holds {@code t} as its pending gradient. */
    void hold(Tensor t) {
        if (tracked(t)) {
            if (holds == null) {
                holds = new IdentityHashMap<>();
            }
            holds.computeIfAbsent(t.storage(), k -> new int[1])[0]++;
        }
    }

    /** A holding of {@code t} ended (the node consumed it, or replaced it by a sum). */
    void drop(Tensor t) {
        if (tracked(t)) {
            int[] n = holds == null ? null : holds.get(t.storage());
            if (n == null) { // a holding never counted: not provably dead, so never recycled
                escape(t);
                return;
            }
            n[0]--;
            candidate(t.storage());
        }
    }

    /** {@code t} was used once and not kept (added into a sum or into a leaf's gradient in place). */
    void consumed(Tensor t) {
        if (tracked(t)) {
            candidate(t.storage());
        }
    }

    private void candidate(Storage s) {
        if (candidates == null) {
            candidates = new ArrayList<>();
        }
        candidates.add(s);
    }

    /** {@code t} left the engine's hands: it is never recycled. */
    void escape(Tensor t) {
        if (tracked(t)) {
            if (escaped == null) {
                escaped = Collections.newSetFromMap(new IdentityHashMap<>());
            }
            escaped.add(t.storage());
        }
    }

    /** Recycles every candidate that nothing holds and that never escaped; each storage at most once. */
    void flush() {
        if (candidates == null || candidates.isEmpty()) {
            return;
        }
        if (escaped == null) {
            escaped = Collections.newSetFromMap(new IdentityHashMap<>());
        }
        for (Storage s : candidates) {
            int[] n = holds == null ? null : holds.get(s);
            if ((n == null || n[0] == 0) && escaped.add(s)) {
                s.recycle();
            }
        }
        candidates.clear();
    }
}
