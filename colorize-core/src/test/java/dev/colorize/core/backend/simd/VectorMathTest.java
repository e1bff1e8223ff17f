package dev.colorize.core.backend.simd;

import dev.colorize.core.tensor.Rng;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VectorMathTest {

    private static float[] inputs(int n, float scale, long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (rng.nextFloat() * 2 - 1) * scale;
        }
        return x;
    }

    private static void assertClose(double expected, float actual, double relTol, double absTol, String what) {
        double err = Math.abs(actual - expected);
        assertTrue(err <= absTol + relTol * Math.abs(expected), what + ": expected " + expected + ", got " + actual);
    }

    @Test
    void expIsWithinTwoUlpOfMathExpAndHandlesTheEdges() {
        float[] x = inputs(1003, 86f, 1);
        float[] y = new float[x.length];
        VectorMath.exp(x, 0, y, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            assertClose(Math.exp(x[i]), y[i], 2.5e-7, 0, "exp(" + x[i] + ")");
        }
        float[] edge = {Float.NaN, Float.NEGATIVE_INFINITY, -1000f, -87f, 88.7f, 88.8f, Float.POSITIVE_INFINITY, 0f, -0f};
        float[] e = new float[edge.length];
        VectorMath.exp(edge, 0, e, 0, edge.length);
        assertTrue(Float.isNaN(e[0]));
        assertEquals(0f, e[1]);
        assertEquals(0f, e[2]);
        assertEquals(0f, e[3]);
        assertClose(Math.exp(88.7f), e[4], 2.5e-7, 0, "exp(88.7)");
        assertEquals(Float.POSITIVE_INFINITY, e[5]);
        assertEquals(Float.POSITIVE_INFINITY, e[6]);
        assertEquals(1f, e[7]);
        assertEquals(1f, e[8]);
    }

    @Test
    void tanhAndSigmoidMatchTheirDefinitions() {
        float[] x = inputs(517, 12f, 2);
        float[] small = inputs(301, 0.7f, 3);
        float[] all = Arrays.copyOf(x, x.length + small.length + 3);
        System.arraycopy(small, 0, all, x.length, small.length);
        all[all.length - 3] = 0f;
        all[all.length - 2] = -1e-20f;
        all[all.length - 1] = Float.NaN;
        float[] t = new float[all.length];
        float[] s = new float[all.length];
        VectorMath.tanh(all, 0, t, 0, all.length);
        VectorMath.sigmoid(all, 0, s, 0, all.length);
        for (int i = 0; i < all.length - 1; i++) {
            assertClose(Math.tanh(all[i]), t[i], 4e-7, 1e-30, "tanh(" + all[i] + ")");
            assertClose(1 / (1 + Math.exp(-all[i])), s[i], 4e-7, 1e-30, "sigmoid(" + all[i] + ")");
        }
        assertTrue(Float.isNaN(t[all.length - 1]) && Float.isNaN(s[all.length - 1]));
        assertEquals(0f, t[all.length - 3]);
    }

    @Test
    void offsetsAndTailsAreRespected() {
        float[] x = inputs(40, 3f, 4);
        float[] o = new float[50];
        Arrays.fill(o, 7f);
        VectorMath.exp(x, 3, o, 5, 29);
        for (int i = 0; i < 50; i++) {
            if (i < 5 || i >= 34) {
                assertEquals(7f, o[i], "wrote outside the range at " + i);
            } else {
                assertClose(Math.exp(x[i - 2]), o[i], 2.5e-7, 0, "exp at " + i);
            }
        }
    }

    /**
     * The reason this class exists: the same inputs give the same bits before and after C2 compiles
     * the loops (lanewise EXP/TANH does not: SVML once compiled, a Java fallback before).
     */
    @Test
    void resultsDoNotDependOnCompilationState() {
        float[] x = inputs(257, 20f, 5);
        float[] cold = new float[x.length * 3];
        VectorMath.exp(x, 0, cold, 0, x.length);
        VectorMath.tanh(x, 0, cold, x.length, x.length);
        VectorMath.sigmoid(x, 0, cold, 2 * x.length, x.length);
        float[] warm = new float[cold.length];
        for (int rep = 0; rep < 3000; rep++) {
            VectorMath.exp(x, 0, warm, 0, x.length);
            VectorMath.tanh(x, 0, warm, x.length, x.length);
            VectorMath.sigmoid(x, 0, warm, 2 * x.length, x.length);
        }
        assertArrayEquals(cold, warm);
    }
}
