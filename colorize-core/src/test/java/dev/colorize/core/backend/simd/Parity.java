package dev.colorize.core.backend.simd;

import dev.colorize.core.backend.Backend;
import dev.colorize.core.backend.Backends;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Shared helpers of the parity tests: the two kernel sets, random views, and a tolerant comparison. */
final class Parity {
    static final Backend SCALAR = Backends.scalar();
    static final Backend VECTOR = new VectorBackend();

    private Parity() {
    }

    /** A fresh contiguous zero tensor (the Backend contract for outputs). */
    static Tensor out(int... shape) {
        return Tensor.zeros(SCALAR, shape);
    }

    /**
     * A random tensor of {@code shape} presented as one of several layouts: contiguous, with an
     * offset, every other element of the last dim, or transposed storage of the last two dims.
     */
    static Tensor randomView(Rng rng, int layout, int... shape) {
        int r = shape.length;
        switch (r < 2 && layout % 4 == 3 ? 2 : layout % 4) {
            case 0:
                return Tensor.randn(rng, shape);
            case 1: {
                int[] big = shape.clone();
                big[0] += 1;
                return Tensor.randn(rng, big).slice(0, 1, big[0]);
            }
            case 2: {
                int[] big = shape.clone();
                big[r - 1] = 2 * shape[r - 1];
                return Tensor.randn(rng, big).slice(r - 1, 0, big[r - 1], 2);
            }
            default: {
                int[] swapped = shape.clone();
                swapped[r - 1] = shape[r - 2];
                swapped[r - 2] = shape[r - 1];
                return Tensor.randn(rng, swapped).transpose(r - 2, r - 1);
            }
        }
    }

    /** |actual - expected| <= tol * (1 + |expected|) elementwise, naming the first failure. */
    static void assertClose(String what, Tensor expected, Tensor actual, double tol) {
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()), what);
        float[] e = expected.toArray();
        float[] a = actual.toArray();
        for (int i = 0; i < e.length; i++) {
            boolean ok = Float.isNaN(e[i]) ? Float.isNaN(a[i]) : Math.abs(a[i] - e[i]) <= tol * (1 + Math.abs(e[i]));
            if (!ok) {
                fail(what + ": element " + i + " expected " + e[i] + " but was " + a[i]);
            }
        }
    }

    /**
     * |actual - expected| <= tol * (1 + max |expected|) elementwise: for kernels whose rounding error
     * scales with the output's magnitude rather than each element's (Winograd's transforms mix every
     * tile's values), naming the first failure.
     */
    static void assertCloseToScale(String what, Tensor expected, Tensor actual, double tol) {
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()), what);
        float[] e = expected.toArray();
        float[] a = actual.toArray();
        double scale = 0;
        for (float v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < e.length; i++) {
            if (!(Math.abs(a[i] - e[i]) <= tol * (1 + scale))) {
                fail(what + ": element " + i + " expected " + e[i] + " but was " + a[i] + " (largest |expected| " + scale + ")");
            }
        }
    }

    /** Runs {@code body} with the kernel pool at {@code n} threads, restoring the previous size. */
    static void withThreads(int n, Runnable body) {
        int before = Parallel.threads();
        Parallel.setThreads(n);
        try {
            body.run();
        } finally {
            Parallel.setThreads(before);
        }
    }
}
