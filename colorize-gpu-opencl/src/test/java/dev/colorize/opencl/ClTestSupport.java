package dev.colorize.opencl;

import dev.colorize.core.backend.Backend;
import dev.colorize.core.backend.Backends;
import dev.colorize.core.backend.CpuStorage;
import dev.colorize.core.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The device under test and helpers that build the same strided view on the scalar reference and on
 * OpenCL. Tests abort (reported as skipped) only when OpenCL is absent and not required; with the
 * environment variable CI set or {@code -Dcolorize.opencl.required=true} a missing device fails.
 */
final class ClTestSupport {
    static final Backend REF = Backends.scalar();

    private ClTestSupport() {
    }

    static boolean required() {
        return System.getenv("CI") != null || Boolean.getBoolean("colorize.opencl.required");
    }

    /** The OpenCL backend on the test device (-Dcolorize.opencl.test.device, default: first GPU else first device). */
    static OpenClBackend backend() {
        String reason = OpenClBackend.unavailableReason();
        if (reason != null) {
            if (required()) {
                fail("OpenCL is required here (CI is set or -Dcolorize.opencl.required=true) but unavailable: " + reason);
            }
            Assumptions.abort("OpenCL unavailable, tests not run: " + reason);
        }
        return OpenClBackend.builder().device(System.getProperty("colorize.opencl.test.device", "any")).build();
    }

    /** A view description: storage length, offset, shape and strides. */
    record View(int storageSize, int offset, int[] shape, int[] strides) {
        Tensor on(Backend b, float[] data) {
            return new Tensor(b.fromHost(data.clone()), offset, shape, strides);
        }

        int numel() {
            int n = 1;
            for (int s : shape) {
                n *= s;
            }
            return n;
        }

        @Override
        public String toString() {
            return "View[offset=" + offset + ", shape=" + Arrays.toString(shape) + ", strides=" + Arrays.toString(strides)
                    + ", storage=" + storageSize + "]";
        }
    }

    static View contiguous(int... shape) {
        return new View(numel(shape), 0, shape, OpenClBackend.contiguousStrides(shape));
    }

    /**
     * A random view of {@code shape}: dimensions laid out in a random order, some with a step of 2,
     * a random offset, and (when {@code broadcast}) some stride-0 dimensions.
     */
    static View randomView(Random r, int[] shape, boolean broadcast) {
        int rank = shape.length;
        int[] order = new int[rank];
        for (int i = 0; i < rank; i++) {
            order[i] = i;
        }
        for (int i = rank - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] strides = new int[rank];
        int extent = 1;
        for (int k = rank - 1; k >= 0; k--) {
            int d = order[k];
            if (broadcast && r.nextInt(4) == 0) {
                strides[d] = 0;
                continue;
            }
            int step = r.nextInt(3) == 0 ? 2 : 1;
            strides[d] = extent * step;
            extent *= shape[d] * step;
        }
        int offset = r.nextInt(4);
        int last = offset;
        for (int d = 0; d < rank; d++) {
            last += (shape[d] - 1) * strides[d];
        }
        return new View(last + 1 + r.nextInt(3), offset, shape.clone(), strides);
    }

    static float[] randn(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    static int[] randomShape(Random r, int maxRank, int maxDim) {
        int[] s = new int[1 + r.nextInt(maxRank)];
        for (int i = 0; i < s.length; i++) {
            s[i] = 1 + r.nextInt(maxDim);
        }
        return s;
    }

    static int numel(int[] shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    /** The whole storage behind {@code t} (catches writes outside the view too). */
    static float[] storage(Tensor t) {
        return t.storage().read(0, t.storage().size());
    }

    /** Element-wise closeness: |a - r| <= atol + rtol * |r|; NaN matches NaN and infinities match exactly. */
    static void assertClose(float[] expected, float[] actual, float atol, float rtol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i], a = actual[i];
            if (Float.isNaN(e) || Float.isNaN(a)) {
                if (Float.isNaN(e) != Float.isNaN(a)) {
                    fail(what + ": at " + i + " expected " + e + " but was " + a);
                }
                continue;
            }
            if (Float.isInfinite(e) || Float.isInfinite(a)) {
                if (e != a) {
                    fail(what + ": at " + i + " expected " + e + " but was " + a);
                }
                continue;
            }
            if (Math.abs(e - a) > atol + rtol * Math.abs(e)) {
                fail(what + ": at " + i + " expected " + e + " but was " + a + " (|diff| " + Math.abs(e - a) + ")");
            }
        }
    }

    static Tensor host(float[] data, int... shape) {
        return new Tensor(new CpuStorage(data.clone()), 0, shape, OpenClBackend.contiguousStrides(shape));
    }
}
