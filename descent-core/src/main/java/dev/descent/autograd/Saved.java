package dev.descent.autograd;

import dev.descent.tensor.Tensor;

/**
 * A tensor saved by an op for its backward, with the storage version at the time it was saved.
 * {@link #get()} fails loudly if the tensor was modified in place since then.
 */
public final class Saved {
    private Tensor tensor;
    private final int version;
    private final String op;
    private final Node node;

    /**
     * Saves {@code tensor} for the backward of {@code op}. Code outside the engine may keep other
     * references to it, so its storage is marked escaped: never recycled as an activation.
     */
    public Saved(Tensor tensor, String op) {
        tensor.storage().escape();
        this.tensor = tensor;
        this.version = tensor.storage().version();
        this.op = op;
        this.node = null;
    }

    /**
     * Saves {@code tensor} for the backward of {@code node}, whose name is read only for error messages;
     * the storage counts this holding until {@link #release} ends it.
     */
    Saved(Tensor tensor, Node node) {
        tensor.storage().holdSaved();
        this.tensor = tensor;
        this.version = tensor.storage().version();
        this.op = null;
        this.node = node;
    }

    private String op() {
        return node != null ? node.name() : op;
    }

    /** The saved tensor, checked against in-place modification. */
    public Tensor get() {
        if (tensor == null) {
            throw new IllegalStateException("trying to backward through the graph a second time (the saved tensors of "
                    + op() + " were freed): pass retainGraph=true to the first backward if you need to call it twice");
        }
        int now = tensor.storage().version();
        if (now != version) {
            throw new IllegalStateException("a tensor of shape " + dev.descent.tensor.Shape.str(tensor.shape())
                    + " needed by the backward of " + op() + " was modified by an in-place operation (version "
                    + now + ", expected " + version + "); use the out-of-place form or clone() it before modifying");
        }
        return tensor;
    }

    /** Frees the reference (after backward without retainGraph). */
    public void free() {
        tensor = null;
    }

    /**
     * Frees the reference of a node's saved tensor and ends its holding of the storage, which goes to
     * the buffer pool if this was the last one (see {@link dev.descent.tensor.Storage#dropSaved}).
     * Idempotent: a second call does nothing.
     */
    void release(boolean mayRecycle) {
        Tensor t = tensor;
        if (t != null) {
            tensor = null;
            if (node != null) {
                t.storage().dropSaved(mayRecycle);
            }
        }
    }
}
