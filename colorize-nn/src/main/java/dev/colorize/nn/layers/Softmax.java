package dev.colorize.nn.layers;

import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Module;

/** Softmax along one dimension (dimension 1 = channels of NCHW, e.g. colour-bin logits). */
public class Softmax extends Module {
    private final int dim;

    public Softmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.softmax(dim);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}
