package dev.colorize.core.backend.simd;

import dev.colorize.core.backend.ConvSpec;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The by-phase col2im of kernel 4 / stride 2 / padding 1 against the general scatter-add path: the
 * same bits on every plane size (1 pixel, widths below, at and around the vector length, non-square),
 * every element of the plane written (the plane starts as garbage), nothing outside it touched.
 */
class PhaseCol2imTest {
    private static final ConvSpec SPEC = ConvSpec.of(2, 1);

    @Test
    void matchesTheScatterPathBitForBit() {
        Rng rng = new Rng(77);
        int l = Sgemm.L;
        int[][] sizes = {{1, 1}, {1, 2}, {2, 1}, {2, 2}, {3, 5}, {4, 4}, {1, l}, {2, l + 1}, {3, l + 2},
                {5, l + 3}, {2, 2 * l + 1}, {8, 8}, {16, 16}, {7, 3 * l + 5}, {32, 32}};
        for (int[] hw : sizes) {
            int oh = hw[0], ow = hw[1], channels = 3;
            float[] cols = Tensor.randn(rng, channels * 16 * oh * ow).toArray();
            int base = 5;
            int size = base + channels * 4 * oh * ow + 7;
            float[] garbage = Tensor.randn(rng, size).toArray();
            float[] expected = garbage.clone();
            float[] got = garbage.clone();
            assertTrue(PhaseCol2im.applies(4, 4, oh, ow, 2 * oh, 2 * ow, SPEC));
            for (int c = 0; c < channels; c++) {
                ConvKernels.col2imScatter(cols, c, 4, 4, oh, ow, expected, base, 2 * oh, 2 * ow, SPEC);
                PhaseCol2im.col2im(cols, c, oh, ow, got, base);
            }
            assertArrayEquals(expected, got, "plane " + oh + "x" + ow);
        }
    }

    @Test
    void otherGeometriesKeepTheGeneralPath() {
        assertFalse(PhaseCol2im.applies(3, 3, 4, 4, 8, 8, SPEC));
        assertFalse(PhaseCol2im.applies(4, 4, 4, 4, 8, 8, ConvSpec.of(1, 1)));
        assertFalse(PhaseCol2im.applies(4, 4, 4, 4, 9, 9, SPEC));
        assertFalse(PhaseCol2im.applies(4, 4, 4, 4, 8, 8, ConvSpec.of(2, 0)));
        assertFalse(PhaseCol2im.applies(4, 4, 4, 4, 8, 8, SPEC.withDilation(2, 2)));
    }
}
