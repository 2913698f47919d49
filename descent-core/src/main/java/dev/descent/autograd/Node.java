package dev.descent.autograd;

import dev.descent.tensor.Tensor;

/**
 * One recorded operation of the graph: it knows where the gradient of each input goes
 * (another node, or a leaf tensor that accumulates it) and computes the input gradients
 * from the output gradient. Every op writes its backward with tensor operations, so that
 * under {@code createGraph} the backward is itself recorded and can be differentiated again.
 */
public abstract class Node {
    /** Producer node of each input, or null for leaves and inputs without gradient. */
    final Node[] nextNodes;
    /** The input itself when it is a leaf that requires grad (gradient accumulates there). */
    final Tensor[] nextLeaves;
    /** Gradient accumulated for this node's output during one backward pass. */
    Tensor pendingGrad;
    /** Bookkeeping for the topological order of one backward pass. */
    int dependencies;
    int visitMark;
    /** Non-leaf output tensors that asked to keep their gradient (see {@link Tensor#retainGrad()}). */
    Tensor retained;

    /** Records the edges to the inputs; inputs that need no gradient get no edge. */
    protected Node(Tensor... inputs) {
        nextNodes = new Node[inputs.length];
        nextLeaves = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = inputs[i];
            if (t != null && t.requiresGrad()) {
                if (t.gradFn() != null) {
                    nextNodes[i] = t.gradFn();
                } else {
                    nextLeaves[i] = t;
                }
            }
        }
    }

    /** True when input {@code i} needs a gradient; ops skip the work for the others. */
    protected final boolean needsGrad(int i) {
        return nextNodes[i] != null || nextLeaves[i] != null;
    }

    /** Number of inputs. */
    protected final int inputCount() {
        return nextNodes.length;
    }

    /**
     * Computes the gradients of the inputs given the gradient of the output; an entry may be null
     * when {@link #needsGrad(int)} is false. Shapes must equal the input shapes.
     */
    protected abstract Tensor[] backward(Tensor gradOutput);

    /** Name of the operation, used in error messages. */
    public String name() {
        String n = getClass().getSimpleName();
        return n.endsWith("Backward") ? n : n + "Backward";
    }

    /** True once the saved tensors were released: a second backward through this node is an error. */
    boolean released;

    private Saved[] saved;
    private int savedCount;

    /** Saves a tensor for backward; it is checked against in-place changes when read back. */
    protected final Saved save(Tensor t) {
        // The name is looked up lazily: save() runs in subclass constructors, before fields that an
        // overridden name() may read are assigned.
        Saved s = new Saved(t, this);
        if (saved == null) {
            saved = new Saved[2];
        } else if (savedCount == saved.length) {
            saved = java.util.Arrays.copyOf(saved, savedCount * 2);
        }
        saved[savedCount++] = s;
        return s;
    }

    /**
     * Drops what this node saved for backward, after a backward pass without retainGraph. A saved
     * activation whose storage no other saved tensor holds goes to the buffer pool when
     * {@code mayRecycle} (the pass records no graph and pooling is on); see {@link Saved#release}.
     */
    void release(boolean mayRecycle) {
        for (int i = 0; i < savedCount; i++) {
            saved[i].release(mayRecycle);
        }
        if (!droppedState) {
            droppedState = onRelease();
        }
    }

    /** True when this node freed what its backward needs: a second backward through it is an error. */
    boolean freedForBackward() {
        return savedCount > 0 || droppedState;
    }

    private boolean droppedState;

    /**
     * Called when the node's saved tensors are released (after a backward without retainGraph): a node
     * that keeps other large state for its backward (raw arrays, tensors outside {@link #save}) drops it
     * here, so that it does not stay reachable from the user's output until the next step replaces it.
     *
     * @return true when something the backward needs was dropped: a later backward through this node
     *     then fails with the usual "backward through the graph a second time" message
     */
    protected boolean onRelease() {
        return false;
    }

    /**
     * Marks {@code t}'s storage as never to be recycled, for a node that keeps {@code t} in a field for
     * its backward without {@link #save}: the graph does not count such holdings, so another node's
     * release must not hand the array to the next allocation. Returns {@code t}.
     */
    protected static Tensor pinned(Tensor t) {
        if (t != null) {
            t.storage().escape();
        }
        return t;
    }

    @Override
    public String toString() {
        return name();
    }
}
