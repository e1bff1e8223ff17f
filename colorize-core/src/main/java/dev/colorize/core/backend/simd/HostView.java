package dev.colorize.core.backend.simd;

import dev.colorize.core.backend.Strided;
import dev.colorize.core.tensor.Tensor;

/**
 * A tensor's host array, offset and strides, copied to a dense row-major array only when the
 * kernel needs a layout the view does not have (rare: kernels read strided views directly).
 */
record HostView(float[] data, int offset, int[] strides) {

    static HostView of(Tensor t) {
        return new HostView(Strided.data(t), t.offset(), t.strides());
    }

    /** The view itself when its trailing {@code dims} dimensions are row-major contiguous, else a dense copy. */
    static HostView trailingContiguous(Tensor t, int dims) {
        int[] shape = t.shape();
        int[] st = t.strides();
        int expected = 1;
        boolean ok = true;
        for (int d = shape.length - 1; d >= shape.length - dims; d--) {
            ok &= shape[d] == 1 || st[d] == expected;
            expected *= shape[d];
        }
        if (ok) {
            return of(t);
        }
        return new HostView(Strided.dense(t), 0, contiguousStrides(shape));
    }

    private static int[] contiguousStrides(int[] shape) {
        int[] st = new int[shape.length];
        int s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            st[d] = s;
            s *= shape[d];
        }
        return st;
    }
}
