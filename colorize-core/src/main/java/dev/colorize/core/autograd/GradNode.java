package dev.colorize.core.autograd;

import dev.colorize.core.tensor.Tensor;

/**
 * A vertex of the autograd graph: the op that made a tensor, or a leaf tensor whose gradient is
 * accumulated. Ops link to the nodes of their inputs, not to the input tensors, so the graph keeps an
 * activation alive only where an op saved it for its backward (PyTorch's {@code grad_fn} edges): a
 * BatchNorm output that only feeds a ReLU which saves its own output is collected during the forward.
 * A node knows its tensor's shape, so gradients are still checked against it.
 */
public final class GradNode {
    private Function function;
    private final Tensor leaf;
    private final int[] shape;

    private GradNode(Function function, Tensor leaf, int[] shape) {
        this.function = function;
        this.leaf = leaf;
        this.shape = shape;
    }

    /** The node of a tensor made by {@code fn} (called by {@link Tensor#setGradFn}). */
    public static GradNode output(Function fn, int[] shape) {
        return new GradNode(fn, null, shape.clone());
    }

    /** The node of a leaf that requires a gradient (called by {@link Tensor#requiresGrad(boolean)}). */
    public static GradNode leaf(Tensor t) {
        return new GradNode(null, t, t.shape());
    }

    /** The op that made the tensor; null for a leaf. */
    public Function function() {
        return function;
    }

    Tensor leafTensor() {
        return leaf;
    }

    int[] shape() {
        return shape;
    }

    /** Drops the op (and with it its saved tensors and edges) once a non-retaining backward went through. */
    void release() {
        if (function != null && !(function instanceof FreedFunction)) {
            function = new FreedFunction(function.name());
        }
    }
}
