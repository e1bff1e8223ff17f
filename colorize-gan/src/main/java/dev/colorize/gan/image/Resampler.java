package dev.colorize.gan.image;

/**
 * Resizes float planes with a separable triangle (bilinear) filter. Upscaling is exactly PyTorch's
 * bilinear interpolation with align_corners=False (src = (dst + 0.5) * in/out - 0.5, edges clamped);
 * downscaling widens the triangle to the scale factor (antialiased, like PIL's BILINEAR), so a
 * render-size copy of a large photo averages its pixels instead of skipping them.
 *
 * <pre>{@code
 * float[] small = Resampler.resize(l, w, h, 256, 256);
 * }</pre>
 */
public final class Resampler {
    private Resampler() {
    }

    /** {@code src} (w x h, row-major) resized to {@code outW x outH}. */
    public static float[] resize(float[] src, int w, int h, int outW, int outH) {
        if (src.length != w * h || outW < 1 || outH < 1) {
            throw new IllegalArgumentException("Resampler.resize: plane of " + src.length + " values is not "
                    + w + " x " + h + ", or output " + outW + " x " + outH + " is empty");
        }
        Weights horizontal = Weights.of(w, outW);
        Weights vertical = Weights.of(h, outH);
        float[] rows = new float[outW * h];
        for (int y = 0; y < h; y++) {
            horizontal.apply(src, y * w, 1, rows, y * outW, 1);
        }
        float[] out = new float[outW * outH];
        for (int x = 0; x < outW; x++) {
            vertical.apply(rows, x, outW, out, x, outW);
        }
        return out;
    }

    /** For each output index: the first input index and the normalised filter weights. */
    private record Weights(int[] first, float[][] weights) {

        static Weights of(int in, int out) {
            double scale = (double) in / out;
            double support = Math.max(scale, 1.0); // triangle half-width in input pixels
            int[] first = new int[out];
            float[][] weights = new float[out][];
            for (int i = 0; i < out; i++) {
                double center = (i + 0.5) * scale;
                int lo = Math.max(0, (int) Math.floor(center - support));
                int hi = Math.min(in, (int) Math.ceil(center + support));
                double[] w = new double[hi - lo];
                double total = 0;
                for (int j = lo; j < hi; j++) {
                    double t = 1 - Math.abs(j + 0.5 - center) / support;
                    w[j - lo] = t > 0 ? t : 0;
                    total += w[j - lo];
                }
                float[] norm = new float[w.length];
                for (int k = 0; k < w.length; k++) {
                    norm[k] = (float) (w[k] / total);
                }
                first[i] = lo;
                weights[i] = norm;
            }
            return new Weights(first, weights);
        }

        void apply(float[] src, int srcOff, int srcStride, float[] dst, int dstOff, int dstStride) {
            for (int i = 0; i < first.length; i++) {
                float[] w = weights[i];
                int s = srcOff + first[i] * srcStride;
                float acc = 0;
                for (int k = 0; k < w.length; k++, s += srcStride) {
                    acc += w[k] * src[s];
                }
                dst[dstOff + i * dstStride] = acc;
            }
        }
    }
}
