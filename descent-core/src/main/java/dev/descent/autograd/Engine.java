package dev.descent.autograd;

import dev.descent.tensor.ActivationScope;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Storage;
import dev.descent.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.Collections;

/**
 * Reverse-mode differentiation over the recorded graph. Nodes run in a topological order
 * (each once all its consumers have contributed), so shared sub-expressions are differentiated once.
 */
public final class Engine {
    /** Numbers the passes; atomic so that threads differentiating disjoint graphs at once never share a number. */
    private static final java.util.concurrent.atomic.AtomicInteger PASSES = new java.util.concurrent.atomic.AtomicInteger();

    private Engine() {}

    /**
     * Accumulates d(root)/d(leaf) into the {@code grad} of every leaf that requires grad.
     *
     * @param gradOutput gradient of the root; null means 1 and is only allowed for a scalar root
     */
    public static void backward(Tensor root, Tensor gradOutput, boolean retainGraph, boolean createGraph) {
        run(new Tensor[] {root}, new Tensor[] {gradOutput}, null, retainGraph, createGraph, true);
    }

    /**
     * The gradients of the sum of {@code outputs} (weighted by {@code gradOutputs}) with respect to
     * {@code inputs}, returned rather than accumulated. With {@code createGraph} the result is itself
     * differentiable: this is how Hessian-vector products and higher derivatives are formed.
     *
     * @param allowUnused when false, an input that the outputs do not depend on is an error; when true it gets null
     */
    public static Tensor[] grad(Tensor[] outputs, Tensor[] gradOutputs, Tensor[] inputs,
                                boolean retainGraph, boolean createGraph, boolean allowUnused) {
        for (Tensor in : inputs) {
            if (!in.requiresGrad()) {
                throw new IllegalArgumentException("grad(): an input of shape " + Shape.str(in.shape())
                        + " does not require grad; call requiresGrad_(true) on it before building the graph");
            }
        }
        Tensor[] result = run(outputs, gradOutputs == null ? new Tensor[outputs.length] : gradOutputs,
                inputs, retainGraph, createGraph, false);
        for (int i = 0; i < inputs.length; i++) {
            if (result[i] == null && !allowUnused) {
                throw new IllegalArgumentException("grad(): input " + i + " of shape " + Shape.str(inputs[i].shape())
                        + " was not used to compute the outputs; pass allowUnused=true to get null for it");
            }
        }
        return result;
    }

    private static Tensor[] run(Tensor[] roots, Tensor[] seeds, Tensor[] inputs,
                                boolean retainGraph, boolean createGraph, boolean accumulate) {
        int mark = PASSES.incrementAndGet();
        Tensor[] result = inputs == null ? null : new Tensor[inputs.length];
        // Inputs captured by grad(): leaves by identity, non-leaves by their producing node.
        // (none for backward(), which accumulates into leaves: a tiny graph should not pay for the map)
        IdentityHashMap<Object, List<Integer>> wanted = inputs == null ? null : new IdentityHashMap<>();
        if (inputs != null) {
            for (int i = 0; i < inputs.length; i++) {
                Object key = inputs[i].gradFn() != null ? inputs[i].gradFn() : inputs[i];
                wanted.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
            }
        }
        Set<Storage> handedOut = Collections.newSetFromMap(new IdentityHashMap<>(8)); // grows with the graph
        GradRecycler recycler = new GradRecycler(createGraph);
        // Saved activations the released nodes alone held go to the pool, unless this pass records a
        // graph (its nodes may keep them in ways the counts do not see).
        boolean mayRecycle = !createGraph && dev.descent.kernel.BufferPool.enabled();
        boolean previous = GradMode.set(createGraph);
        // Nothing allocated during a pass is a forward's activation, even if a forward called it.
        long scope = ActivationScope.enter(false);
        try {
            List<Node> order = new ArrayList<>();
            ArrayDeque<Node> stack = new ArrayDeque<>(4);
            for (int r = 0; r < roots.length; r++) {
                Tensor root = roots[r];
                if (!root.requiresGrad()) {
                    throw new IllegalStateException("element " + r + " of the outputs does not require grad and has no"
                            + " graph: was it computed under noGrad, or from tensors without requiresGrad?");
                }
                Tensor seed = seeds[r];
                if (seed == null) {
                    if (root.numel() != 1) {
                        throw new IllegalArgumentException("grad can be implicitly created only for scalar outputs; "
                                + "this output has shape " + Shape.str(root.shape()) + ": pass a gradient of that shape");
                    }
                    seed = Tensor.onesLike(root);
                } else if (!java.util.Arrays.equals(seed.shape(), root.shape())) {
                    throw new IllegalArgumentException("gradient of shape " + Shape.str(seed.shape())
                            + " given for an output of shape " + Shape.str(root.shape()));
                }
                handedOut.add(seed.storage());
                recycler.escape(seed);
                Node n = root.gradFn();
                if (n == null) { // the root is a leaf
                    deliverToLeaf(root, seed, accumulate, createGraph, handedOut, wanted, result, recycler);
                    continue;
                }
                if (n.visitMark != mark) {
                    n.visitMark = mark;
                    n.dependencies = 0;
                    n.pendingGrad = null;
                    stack.push(n);
                    order.add(n);
                }
                n.pendingGrad = accumulated(n.pendingGrad, seed, recycler);
            }
            // Discover the graph and count, for each node, the consumers that will send it a gradient.
            while (!stack.isEmpty()) {
                Node n = stack.pop();
                for (Node next : n.nextNodes) {
                    if (next == null) {
                        continue;
                    }
                    if (next.visitMark != mark) {
                        next.visitMark = mark;
                        next.dependencies = 0;
                        next.pendingGrad = null;
                        stack.push(next);
                        order.add(next);
                    }
                    next.dependencies++;
                }
            }
            ArrayDeque<Node> ready = new ArrayDeque<>(4);
            for (Node n : order) {
                if (n.dependencies == 0) {
                    ready.add(n);
                }
            }
            while (!ready.isEmpty()) {
                Node node = ready.poll();
                Tensor g = node.pendingGrad;
                node.pendingGrad = null;
                if (g != null && node.retained != null) {
                    Tensor t = node.retained;
                    t.setGradInternal(t.grad() == null ? g : t.grad().add(g));
                    handedOut.add(g.storage());
                    recycler.escape(g);
                }
                List<Integer> slots = wanted == null ? null : wanted.get(node);
                if (slots != null && g != null) {
                    recycler.escape(g);
                    for (int slot : slots) {
                        result[slot] = result[slot] == null ? g : result[slot].add(g);
                    }
                }
                Tensor[] grads = null;
                if (g != null) {
                    // As in PyTorch, only a node whose saved tensors were freed cannot run again; one that
                    // saved nothing (add, views, scaling) can be traversed by any number of backward passes.
                    if (node.released && node.freedForBackward()) {
                        throw new IllegalStateException("trying to backward through the graph a second time (" + node.name()
                                + " already freed its saved tensors): pass retainGraph=true to the first backward");
                    }
                    int temporaries = mayRecycle ? ActivationScope.beginTemporaries() : 0;
                    try {
                        grads = node.backward(g);
                    } finally {
                        if (mayRecycle) { // what the backward allocated and does not return is dead
                            ActivationScope.endTemporaries(temporaries, grads);
                        }
                    }
                    // A node may pass a gradient on unchanged (add, reshape, clone): mark every gradient
                    // headed for another node as shared before a leaf can adopt it as its own buffer,
                    // or the leaf's later in-place accumulation would change what that node still reads.
                    for (int i = 0; i < grads.length; i++) {
                        if (grads[i] != null && node.nextNodes[i] != null) {
                            handedOut.add(grads[i].storage());
                        }
                        // A backward that hands on (a view of) a saved activation shares it with whoever
                        // gets the gradient (another node, a leaf's .grad, the caller): never recycle it.
                        if (grads[i] != null && grads[i].storage().internal()) {
                            grads[i].storage().escape();
                        }
                    }
                }
                for (int i = 0; i < node.nextNodes.length; i++) {
                    Tensor gi = grads == null ? null : grads[i];
                    Node next = node.nextNodes[i];
                    if (next != null) {
                        if (gi != null) {
                            next.pendingGrad = accumulated(next.pendingGrad, gi, recycler);
                        }
                        if (--next.dependencies == 0) {
                            ready.add(next);
                        }
                    } else if (gi != null && node.nextLeaves[i] != null) {
                        deliverToLeaf(node.nextLeaves[i], gi, accumulate, createGraph, handedOut, wanted, result, recycler);
                    }
                }
                // Only now, with every output handed on, can the incoming gradient be known dead.
                if (g != null) {
                    recycler.drop(g);
                }
                recycler.flush();
                if (!retainGraph) {
                    node.release(mayRecycle);
                    node.released = true;
                }
            }
        } finally {
            ActivationScope.exit(scope, null);
            GradMode.set(previous);
        }
        return result;
    }

    /** A node's pending gradient after {@code g} arrives: {@code g} itself, or the sum with what came before. */
    private static Tensor accumulated(Tensor pending, Tensor g, GradRecycler recycler) {
        if (pending == null) {
            recycler.hold(g);
            return g;
        }
        Tensor sum = pending.add(g);
        recycler.drop(pending);
        recycler.consumed(g);
        recycler.hold(sum);
        return sum;
    }

    private static void deliverToLeaf(Tensor leaf, Tensor g, boolean accumulate, boolean createGraph,
                                      Set<Storage> handedOut, IdentityHashMap<Object, List<Integer>> wanted,
                                      Tensor[] result, GradRecycler recycler) {
        if (!accumulate) {
            recycler.escape(g);
            List<Integer> slots = wanted.get(leaf);
            if (slots != null) {
                for (int slot : slots) {
                    result[slot] = result[slot] == null ? g : result[slot].add(g);
                }
            }
            return;
        }
        Tensor current = leaf.grad();
        if (current == null) {
            // The gradient becomes the leaf's own buffer: copy it if anything else may alias it.
            Tensor owned = createGraph || (g.isContiguous() && g.offset() == 0
                    && g.storage().floatsOrDoublesLength() == g.numel() && handedOut.add(g.storage()))
                    ? g : g.detach().clone();
            if (owned != g) {
                handedOut.add(owned.storage());
                recycler.consumed(g);
            }
            recycler.escape(owned);
            leaf.setGradInternal(createGraph ? g : owned.detach());
        } else if (createGraph || current.requiresGrad()) {
            leaf.setGradInternal(current.add(g));
            recycler.escape(g);
        } else {
            current.addInPlaceNoCheck(g);
            recycler.consumed(g);
        }
    }
}
