package dev.colorize.core.autograd;

import dev.colorize.core.tensor.Tensor;

/**
 * What a graph node becomes once a backward pass without {@code retainGraph} has gone through it:
 * the node keeps its name but no inputs and no saved tensors, so the activations the op kept for
 * its backward can be collected while the caller still holds the loss (as PyTorch frees a graph's
 * buffers unless {@code retain_graph=True}). A second backward through it fails loudly.
 */
final class FreedFunction extends Function {
    private final String name;

    FreedFunction(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    protected Tensor[] backward(Tensor gradOutput) {
        throw new IllegalStateException("backward through the graph a second time: " + name + " freed its saved "
                + "tensors after the first backward; pass retainGraph = true to the first one "
                + "(Tensor.backward(gradOutput, true) or Autograd.backward(out, g, createGraph, true))");
    }
}
