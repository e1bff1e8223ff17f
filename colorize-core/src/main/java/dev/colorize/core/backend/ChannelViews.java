package dev.colorize.core.backend;

import dev.colorize.core.tensor.Tensor;

/** Views of a per-channel vector [C] against x [N,C,...] for the composed channel kernels of {@link Backend}. */
final class ChannelViews {
    private ChannelViews() {
    }

    /** The [C] vector {@code v} seen as [1,C,1,...] of the given rank (no copy). */
    static Tensor keepDim(Tensor v, int rank) {
        int[] shape = new int[rank];
        int[] strides = new int[rank];
        java.util.Arrays.fill(shape, 1);
        shape[1] = v.size(0);
        strides[1] = v.strides()[0];
        return new Tensor(v.storage(), v.offset(), shape, strides);
    }

    /** A stride-0 broadcast of a [1,C,1,...] view to {@code shape}. */
    static Tensor broadcast(Tensor keepDim, int[] shape) {
        int[] strides = new int[shape.length];
        strides[1] = keepDim.strides()[1];
        return new Tensor(keepDim.storage(), keepDim.offset(), shape, strides);
    }
}
