package dev.colorize.core.backend;

import dev.colorize.core.tensor.Tensor;

/** Host-side helpers for CPU kernels: storage offsets of strided views and dense copies. */
public final class Strided {
    private Strided() {
    }

    public static float[] data(Tensor t) {
        return ((CpuStorage) t.storage()).data();
    }

    /**
     * The storage index of every element of {@code t} in row-major order. Allocates: for reference
     * kernels and rare layouts only.
     */
    public static int[] offsets(Tensor t) {
        int[] shape = t.shape();
        int[] strides = t.strides();
        int n = t.numel();
        int[] out = new int[n];
        int rank = shape.length;
        int[] coord = new int[rank];
        int pos = t.offset();
        for (int i = 0; i < n; i++) {
            out[i] = pos;
            for (int d = rank - 1; d >= 0; d--) {
                if (++coord[d] < shape[d]) {
                    pos += strides[d];
                    break;
                }
                pos -= strides[d] * (shape[d] - 1);
                coord[d] = 0;
            }
        }
        return out;
    }

    /**
     * The elements of {@code t} in row-major order starting at index 0: the backing array itself when
     * it already is exactly that, otherwise a copy.
     */
    public static float[] dense(Tensor t) {
        float[] data = data(t);
        int n = t.numel();
        if (t.isContiguous() && t.offset() == 0 && data.length == n) {
            return data;
        }
        float[] out = new float[n];
        if (t.isContiguous()) {
            System.arraycopy(data, t.offset(), out, 0, n);
            return out;
        }
        int[] offs = offsets(t);
        for (int i = 0; i < n; i++) {
            out[i] = data[offs[i]];
        }
        return out;
    }

    /** True when {@code t} is contiguous, so element i lives at {@code offset + i}. */
    public static boolean linear(Tensor t) {
        return t.isContiguous();
    }
}
