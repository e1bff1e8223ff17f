package dev.colorize.core.autograd;

import dev.colorize.core.tensor.Tensor;

/**
 * One differentiable op: a node of the graph. Subclasses compute the forward result with backend
 * kernels, keep what backward needs, and implement {@link #backward} in tensor ops, so that when the
 * engine runs backward with graph recording on, the gradient itself is differentiable
 * (higher-order gradients, e.g. the WGAN-GP penalty).
 */
public abstract class Function {
    static final GradNode[] NO_EDGES = new GradNode[0];

    /** The graph nodes of the inputs, in input order; null where an input needs no gradient. */
    private GradNode[] edges = NO_EDGES;

    /** Name used in error messages and {@link Tensor#toString()}. */
    public abstract String name();

    /**
     * Gradients with respect to each input given the gradient of the output, in input order;
     * {@code null} for an input that receives none. Must be written in differentiable tensor ops.
     */
    protected abstract Tensor[] backward(Tensor gradOutput);

    /**
     * False when {@link #backward} uses raw kernels: the engine then refuses to build a graph through
     * it (double backward) instead of returning wrong numbers.
     */
    protected boolean supportsDoubleBackward() {
        return true;
    }

    final GradNode[] edges() {
        return edges;
    }

    /**
     * Makes this function the creator of {@code output} when grad mode is on and any input requires
     * a gradient; returns {@code output}. The function keeps the inputs' graph nodes, not the
     * inputs: what its backward needs it must keep itself.
     */
    protected final Tensor record(Tensor output, Tensor... inputs) {
        if (!GradMode.isEnabled()) {
            return output;
        }
        for (Tensor t : inputs) {
            if (t != null && t.requiresGrad()) {
                GradNode[] e = new GradNode[inputs.length];
                boolean outputIsAnInput = false;
                for (int k = 0; k < inputs.length; k++) {
                    e[k] = inputs[k] == null ? null : inputs[k].gradNode();
                    outputIsAnInput |= inputs[k] == output;
                }
                this.edges = e;
                if (outputIsAnInput) {
                    // A no-op view (expand to the same shape) returns its input: record on a new
                    // tensor object, or the input (a leaf, say) would lose its own node.
                    output = new Tensor(output.storage(), output.offset(), output.shape(), output.strides());
                }
                output.setGradFn(this);
                return output;
            }
        }
        return output;
    }

    final Tensor[] runBackward(Tensor gradOutput, boolean createGraph) {
        if (createGraph && !supportsDoubleBackward()) {
            throw new UnsupportedOperationException(name() + " does not support double backward"
                    + " (its backward is not written in differentiable ops)");
        }
        return backward(gradOutput);
    }
}
