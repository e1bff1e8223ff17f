package dev.colorize.core.ops;

import dev.colorize.core.backend.ReduceOp;
import dev.colorize.core.tensor.Shapes;
import dev.colorize.core.tensor.Tensor;

/**
 * softmax and log_softmax, composed from differentiable ops around a constant shift by the maximum
 * (the shift cancels mathematically, so it carries no gradient), so both differentiate twice.
 */
public final class Softmax {
    private Softmax() {
    }

    public static Tensor logSoftmax(Tensor x, int dim) {
        boolean[] flags = new boolean[x.dim()];
        flags[Shapes.dim("log_softmax", dim, x.dim())] = true;
        Tensor shift = Kernels.reduce(ReduceOp.MAX, x, flags);
        Tensor shifted = x.sub(shift);
        int d = Shapes.dim("log_softmax", dim, x.dim());
        return shifted.sub(shifted.exp().sum(new int[] {d}, true).log());
    }

    public static Tensor softmax(Tensor x, int dim) {
        return logSoftmax(x, dim).exp();
    }
}
