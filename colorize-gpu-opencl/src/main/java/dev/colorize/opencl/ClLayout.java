package dev.colorize.opencl;

import dev.colorize.core.tensor.Tensor;

import java.util.Arrays;

/**
 * The iteration space of an elementwise kernel: a common shape and one stride vector per operand,
 * simplified before launch. Size-1 dimensions are dropped and neighbours that are contiguous in
 * every operand merge, so typical views reach the kernel as rank 1 or 2 and at most 8 dimensions
 * remain (the width of the kernel's int8 arguments).
 */
final class ClLayout {
    static final int MAX_RANK = 8;

    final int numel;
    final int rank;
    final int[] shape;
    /** strides[operand] padded to 8 entries. */
    final int[][] strides;

    private ClLayout(int numel, int rank, int[] shape, int[][] strides) {
        this.numel = numel;
        this.rank = rank;
        this.shape = shape;
        this.strides = strides;
    }

    /** The layout of views that all share {@code tensors[0]}'s shape. */
    static ClLayout of(String op, Tensor... tensors) {
        int[] shape = tensors[0].shape();
        int[][] st = new int[tensors.length][];
        for (int t = 0; t < tensors.length; t++) {
            if (!Arrays.equals(tensors[t].shape(), shape)) {
                throw new IllegalArgumentException("opencl " + op + ": operand shapes differ: "
                        + Arrays.toString(shape) + " vs " + Arrays.toString(tensors[t].shape()));
            }
            st[t] = tensors[t].strides();
        }
        return coalesce(op, shape, st);
    }

    static ClLayout coalesce(String op, int[] shape, int[][] st) {
        int numel = 1;
        for (int s : shape) {
            numel *= s;
        }
        int ops = st.length;
        int[] outShape = new int[Math.max(shape.length, 1)];
        int[][] outSt = new int[ops][Math.max(shape.length, 1)];
        int rank = 0;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1) {
                continue;
            }
            if (rank > 0 && mergeable(st, d, shape[d], outSt, rank - 1)) {
                outShape[rank - 1] *= shape[d];
                for (int t = 0; t < ops; t++) {
                    outSt[t][rank - 1] = st[t][d];
                }
                continue;
            }
            outShape[rank] = shape[d];
            for (int t = 0; t < ops; t++) {
                outSt[t][rank] = st[t][d];
            }
            rank++;
        }
        if (rank == 0) {
            outShape[0] = 1;
            rank = 1;
        }
        if (rank > MAX_RANK) {
            throw new UnsupportedOperationException("opencl " + op + ": views of more than " + MAX_RANK
                    + " non-mergeable dimensions are not supported, got shape " + Arrays.toString(shape));
        }
        int[][] padded = new int[ops][];
        for (int t = 0; t < ops; t++) {
            padded[t] = Arrays.copyOf(outSt[t], MAX_RANK);
        }
        return new ClLayout(numel, rank, pad(Arrays.copyOf(outShape, rank)), padded);
    }

    /** Dimension d folds into the previous kept one when, for every operand, stride[prev] == stride[d] * size[d]. */
    private static boolean mergeable(int[][] st, int d, int size, int[][] outSt, int prev) {
        for (int t = 0; t < st.length; t++) {
            if (outSt[t][prev] != st[t][d] * size) {
                return false;
            }
        }
        return true;
    }

    /** Pads to 8 entries with 1 (harmless extra dimensions never iterated since rank bounds the loop). */
    static int[] pad(int[] v) {
        int[] out = Arrays.copyOf(v, MAX_RANK);
        for (int i = v.length; i < MAX_RANK; i++) {
            out[i] = 1;
        }
        return out;
    }
}
