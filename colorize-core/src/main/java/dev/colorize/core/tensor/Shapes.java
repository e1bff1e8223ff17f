package dev.colorize.core.tensor;

import java.util.Arrays;

/** Shape arithmetic shared by tensors and ops; every failure names the op and the shapes. */
public final class Shapes {
    private Shapes() {
    }

    public static int numel(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
            if (n > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than 2^31 elements");
            }
        }
        return (int) n;
    }

    public static int[] contiguousStrides(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return strides;
    }

    /** NumPy broadcasting of two shapes. */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new ShapeException(op + ": shapes " + str(a) + " and " + str(b) + " cannot be broadcast");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Normalises a possibly negative dimension index. */
    public static int dim(String op, int dim, int rank) {
        int d = dim < 0 ? dim + rank : dim;
        if (d < 0 || d >= rank) {
            throw new ShapeException(op + ": dimension " + dim + " out of range for rank " + rank);
        }
        return d;
    }

    /** Flags for the dimensions to reduce; {@code dims == null} means all. */
    public static boolean[] dimFlags(String op, int[] dims, int rank) {
        boolean[] flags = new boolean[rank];
        if (dims == null) {
            Arrays.fill(flags, true);
            return flags;
        }
        for (int d : dims) {
            int n = dim(op, d, rank);
            if (flags[n]) {
                throw new ShapeException(op + ": dimension " + d + " given twice");
            }
            flags[n] = true;
        }
        return flags;
    }

    public static int[] keepDimShape(int[] shape, boolean[] flags) {
        int[] out = shape.clone();
        for (int i = 0; i < out.length; i++) {
            if (flags[i]) {
                out[i] = 1;
            }
        }
        return out;
    }

    public static int[] squeezedShape(int[] shape, boolean[] flags) {
        int n = 0;
        for (boolean f : flags) {
            if (!f) {
                n++;
            }
        }
        int[] out = new int[n];
        int j = 0;
        for (int i = 0; i < shape.length; i++) {
            if (!flags[i]) {
                out[j++] = shape[i];
            }
        }
        return out;
    }

    public static String str(int[] shape) {
        return Arrays.toString(shape);
    }
}
