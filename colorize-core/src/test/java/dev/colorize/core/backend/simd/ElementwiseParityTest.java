package dev.colorize.core.backend.simd;

import dev.colorize.core.backend.BinaryOp;
import dev.colorize.core.backend.ReduceOp;
import dev.colorize.core.backend.UnaryOp;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static dev.colorize.core.backend.simd.Parity.SCALAR;
import static dev.colorize.core.backend.simd.Parity.VECTOR;
import static dev.colorize.core.backend.simd.Parity.assertClose;
import static dev.colorize.core.backend.simd.Parity.out;
import static dev.colorize.core.backend.simd.Parity.randomView;

/** Elementwise, copy, reduction and upsampling kernels against the reference, over layouts. */
class ElementwiseParityTest {
    /** Shapes with primes and 1s; the last dims straddle the vector length. */
    private static final int[][] SHAPES = {{1}, {37}, {2, 3, 17}, {1, 5, 1, 33}, {3, 1, 7, 16}, {2, 2, 2, 41}};

    private static float[] params(UnaryOp op) {
        return switch (op) {
            case LEAKY_RELU -> new float[] {0.2f, 0f};
            case SOFTPLUS -> new float[] {2f, 3f};
            case POW -> new float[] {3f, 0f};
            case CLAMP -> new float[] {-0.5f, 0.7f};
            case AFFINE -> new float[] {1.5f, -0.25f};
            case GT, EQ -> new float[] {0.1f, 0f};
            case IN_RANGE -> new float[] {-0.3f, Float.NaN};
            default -> new float[] {0f, 0f};
        };
    }

    @Test
    void everyUnaryOpOnEveryLayout() {
        Rng rng = new Rng(31);
        for (UnaryOp op : UnaryOp.values()) {
            float[] p = params(op);
            for (int s = 0; s < SHAPES.length; s++) {
                Tensor x = randomView(rng, s, SHAPES[s]);
                if (op == UnaryOp.LOG || op == UnaryOp.SQRT) {
                    x = x.abs().add(0.01f);
                }
                if (op == UnaryOp.EQ) {
                    x = x.clamp(0.1f, Float.NaN);
                }
                Tensor expected = out(SHAPES[s]);
                Tensor actual = out(SHAPES[s]);
                SCALAR.unary(op, p[0], p[1], x, expected);
                VECTOR.unary(op, p[0], p[1], x, actual);
                assertClose(op + " on " + java.util.Arrays.toString(SHAPES[s]), expected, actual, 2e-6);
            }
        }
    }

    @Test
    void unaryKeepsNaNRulesOfTheReference() {
        float[] data = new float[40];
        java.util.Arrays.fill(data, Float.NaN);
        data[3] = -1f;
        Tensor x = Tensor.of(data, 40);
        for (UnaryOp op : new UnaryOp[] {UnaryOp.RELU, UnaryOp.LEAKY_RELU, UnaryOp.CLAMP, UnaryOp.GT, UnaryOp.IN_RANGE}) {
            float[] p = params(op);
            Tensor expected = out(40), actual = out(40);
            SCALAR.unary(op, p[0], p[1], x, expected);
            VECTOR.unary(op, p[0], p[1], x, actual);
            assertClose(op + " NaN", expected, actual, 0);
        }
    }

    @Test
    void everyBinaryOpWithStridedAndBroadcastOperands() {
        Rng rng = new Rng(32);
        for (BinaryOp op : BinaryOp.values()) {
            for (int s = 0; s < SHAPES.length; s++) {
                int[] shape = SHAPES[s];
                Tensor a = randomView(rng, s, shape);
                Tensor b = randomView(rng, s + 1, shape);
                if (op == BinaryOp.EQ) {
                    b = a.where(Tensor.rand(rng, shape).sub(0.5f).clampMin(0f), b);
                }
                check(op, a, b, shape);
                // b broadcast along the last dim, then along everything but the last dim
                int[] lastOne = shape.clone();
                lastOne[shape.length - 1] = 1;
                check(op, a, Tensor.randn(rng, lastOne).expand(shape), shape);
                int[] firstOnes = new int[shape.length];
                java.util.Arrays.fill(firstOnes, 1);
                firstOnes[shape.length - 1] = shape[shape.length - 1];
                check(op, Tensor.randn(rng, firstOnes).expand(shape), a, shape);
            }
        }
    }

    private static void check(BinaryOp op, Tensor a, Tensor b, int[] shape) {
        Tensor expected = out(shape), actual = out(shape);
        SCALAR.binary(op, a, b, expected);
        VECTOR.binary(op, a, b, actual);
        assertClose(op + " on " + java.util.Arrays.toString(shape), expected, actual, 0);
    }

    @Test
    void copyIntoStridedDestinationFromStridedAndBroadcastSources() {
        Rng rng = new Rng(33);
        for (int s = 0; s < SHAPES.length; s++) {
            int[] shape = SHAPES[s];
            int r = shape.length;
            int[] lastOne = shape.clone();
            lastOne[r - 1] = 1;
            Tensor[] sources = {randomView(rng, s, shape), randomView(rng, s + 2, shape),
                    Tensor.randn(rng, lastOne).expand(shape)};
            for (Tensor src : sources) {
                Tensor e = transposedZeros(shape), a = transposedZeros(shape);
                SCALAR.copy(src, e);
                VECTOR.copy(src, a);
                assertClose("copy " + java.util.Arrays.toString(shape), e, a, 0);
                assertClose("copy keeps values " + java.util.Arrays.toString(shape), src, a, 0);
            }
        }
    }

    /** Zeros of {@code shape} whose last two dims are stored transposed (a strided destination). */
    private static Tensor transposedZeros(int[] shape) {
        int r = shape.length;
        if (r < 2) {
            return Tensor.zeros(2 * shape[0]).slice(0, 0, 2 * shape[0], 2);
        }
        int[] swapped = shape.clone();
        swapped[r - 1] = shape[r - 2];
        swapped[r - 2] = shape[r - 1];
        return Tensor.zeros(swapped).transpose(r - 2, r - 1);
    }

    @Test
    void reductionsOverEverySubsetOfDims() {
        Rng rng = new Rng(34);
        int[] shape = {2, 3, 5, 17};
        for (int layout = 0; layout < 4; layout++) {
            Tensor x = randomView(rng, layout, shape);
            for (int mask = 1; mask < 16; mask++) {
                boolean[] dims = new boolean[4];
                int[] outShape = shape.clone();
                for (int d = 0; d < 4; d++) {
                    dims[d] = (mask >> d & 1) != 0;
                    if (dims[d]) {
                        outShape[d] = 1;
                    }
                }
                for (ReduceOp op : ReduceOp.values()) {
                    Tensor expected = out(outShape), actual = out(outShape);
                    SCALAR.reduce(op, x, dims, expected);
                    VECTOR.reduce(op, x, dims, actual);
                    assertClose(op + " mask " + mask + " layout " + layout, expected, actual, 1e-5);
                }
            }
        }
    }

    @Test
    void upsampleAndAdjointNearestAndBilinear() {
        Rng rng = new Rng(35);
        int[][] shapes = {{1, 1, 1, 1}, {2, 3, 5, 7}, {1, 2, 4, 19}};
        int[][] scales = {{2, 2}, {1, 3}, {3, 2}};
        for (int s = 0; s < shapes.length; s++) {
            int[] small = shapes[s];
            for (int[] sc : scales) {
                int[] big = {small[0], small[1], small[2] * sc[0], small[3] * sc[1]};
                for (boolean bilinear : new boolean[] {false, true}) {
                    String what = (bilinear ? "bilinear " : "nearest ") + java.util.Arrays.toString(small) + " x"
                            + sc[0] + "," + sc[1];
                    Tensor x = randomView(rng, s, small);
                    Tensor e = out(big), a = out(big);
                    SCALAR.upsample(x, e, sc[0], sc[1], bilinear);
                    VECTOR.upsample(x, a, sc[0], sc[1], bilinear);
                    assertClose("upsample " + what, e, a, 1e-6);
                    Tensor g = randomView(rng, s + 1, big);
                    Tensor ge = out(small), ga = Tensor.full(Float.NaN, small);
                    SCALAR.upsampleAdjoint(g, ge, sc[0], sc[1], bilinear);
                    VECTOR.upsampleAdjoint(g, ga, sc[0], sc[1], bilinear);
                    assertClose("upsampleAdjoint " + what, ge, ga, 1e-5);
                }
            }
        }
    }
}
