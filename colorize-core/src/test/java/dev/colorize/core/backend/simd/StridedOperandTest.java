package dev.colorize.core.backend.simd;

import dev.colorize.core.backend.FusedConv;
import dev.colorize.core.tensor.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * {@link StridedOperand#pack} (every layout branch: contiguous outer index, row-major, general
 * strides; with and without the input activation) against the packed layout written out from its
 * definition in {@link Operand#pack}, for random blocks including partial last panels.
 */
class StridedOperandTest {
    private static final float[] SLOPES = {FusedConv.NONE, 0f, 0.2f};

    @Test
    void packsBlocksAsDefined() {
        Rng rng = new Rng(11);
        for (int trial = 0; trial < 400; trial++) {
            int outer = 1 + rng.nextInt(100), k = 1 + rng.nextInt(23);
            int layout = trial % 3;
            int outerStride = layout == 0 ? 1 : layout == 1 ? k + rng.nextInt(3) : 1 + rng.nextInt(3);
            int kStride = layout == 0 ? outer + rng.nextInt(5) : layout == 1 ? 1 : outer * outerStride + rng.nextInt(3);
            int offset = rng.nextInt(5);
            float[] data = new float[offset + (outer - 1) * outerStride + (k - 1) * kStride + 1];
            for (int i = 0; i < data.length; i++) {
                data[i] = rng.nextFloat() - 0.5f;
            }
            float slope = SLOPES[rng.nextInt(3)];
            StridedOperand op = new StridedOperand(data, offset, outerStride, kStride).activated(slope);
            int width = rng.nextInt(2) == 0 ? Sgemm.MR : Sgemm.NR;
            int o0 = rng.nextInt(outer), count = 1 + rng.nextInt(outer - o0);
            int p0 = rng.nextInt(k), kc = 1 + rng.nextInt(k - p0);
            int len = Sgemm.ceilDiv(count, width) * width * kc;
            float[] expected = new float[len], actual = new float[len];
            for (int o = 0; o < Sgemm.ceilDiv(count, width) * width; o++) {
                for (int p = 0; p < kc; p++) {
                    float v = o < count ? FusedConv.activate(data[offset + (o0 + o) * outerStride + (p0 + p) * kStride], slope)
                            : 0f;
                    expected[o / width * width * kc + p * width + o % width] = v;
                }
            }
            java.util.Arrays.fill(actual, Float.NaN);
            op.pack(actual, o0, count, p0, kc, width);
            assertArrayEquals(expected, actual, "trial " + trial + " layout " + layout + " slope " + slope);
        }
    }
}
