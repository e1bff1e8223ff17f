package dev.colorize.gan.image;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ResamplerTest {

    /** PyTorch's bilinear, align_corners=False, written out directly from its definition. */
    private static float torchBilinear(float[] src, int w, int h, int outW, int outH, int ox, int oy) {
        double sx = Math.max(0, (ox + 0.5) * w / outW - 0.5), sy = Math.max(0, (oy + 0.5) * h / outH - 0.5);
        int x0 = (int) sx, y0 = (int) sy, x1 = Math.min(x0 + 1, w - 1), y1 = Math.min(y0 + 1, h - 1);
        double fx = sx - x0, fy = sy - y0;
        double top = src[y0 * w + x0] * (1 - fx) + src[y0 * w + x1] * fx;
        double bottom = src[y1 * w + x0] * (1 - fx) + src[y1 * w + x1] * fx;
        return (float) (top * (1 - fy) + bottom * fy);
    }

    @Test
    void upscalingIsPytorchBilinearAlignCornersFalse() {
        SplittableRandom r = new SplittableRandom(5);
        int w = 5, h = 3;
        float[] src = new float[w * h];
        for (int i = 0; i < src.length; i++) {
            src[i] = (float) r.nextDouble(-50, 50);
        }
        for (int[] size : new int[][] {{10, 6}, {20, 12}, {13, 7}, {5, 3}}) {
            float[] out = Resampler.resize(src, w, h, size[0], size[1]);
            for (int y = 0; y < size[1]; y++) {
                for (int x = 0; x < size[0]; x++) {
                    assertEquals(torchBilinear(src, w, h, size[0], size[1], x, y), out[y * size[0] + x], 1e-4,
                            "at " + x + "," + y + " of " + size[0] + "x" + size[1]);
                }
            }
        }
    }

    @Test
    void sameSizeIsTheIdentity() {
        float[] src = {1, 2, 3, 4, 5, 6};
        assertArrayEquals(src, Resampler.resize(src, 3, 2, 3, 2), 0f);
    }

    @Test
    void downscalingAveragesInsteadOfSkipping() {
        // Alternating columns 0/100: an antialiased half-size copy is ~50 everywhere, point sampling is 0 or 100.
        int w = 64, h = 4;
        float[] src = new float[w * h];
        for (int i = 0; i < src.length; i++) {
            src[i] = (i % w) % 2 == 0 ? 0 : 100;
        }
        float[] out = Resampler.resize(src, w, h, 16, 2);
        for (int x = 1; x < 15; x++) {
            assertEquals(50f, out[x], 0.5f, "column " + x);
        }
        float[] constant = Resampler.resize(new float[100 * 80], 100, 80, 33, 17);
        for (float v : constant) {
            assertEquals(0f, v, 0f);
        }
    }
}
