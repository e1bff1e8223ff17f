package dev.colorize.core.backend.simd;

import dev.colorize.core.backend.ConvSpec;
import jdk.incubator.vector.FloatVector;

/**
 * The im2col B operand of a convolution with horizontal stride 2 and no horizontal dilation (every
 * pix2pix down convolution), read from the input split into its even and odd columns.
 *
 * <p>With stride 2, tap {@code kx} reads input column {@code 2*ox + kx - padW}: the even columns for
 * one parity of {@code kx}, the odd ones for the other, at a shift of {@code floor((kx - padW) / 2)}.
 * So {@link #build} writes each input row once as two zero-bordered "phase" rows (evens, odds), and
 * packing a row of the im2col matrix becomes a contiguous copy from a phase row: no strided gather,
 * no bounds per element, and each input element is de-interleaved once instead of once per
 * {@code kx} tap ({@link Im2col} gathers every tap from the input, which measured ~0.5 ns per packed
 * element, a third of the time of unet_256's second convolution). Rows (vertical taps) may have any
 * stride, padding and dilation. Same values, hence bit-identical results, as {@link Im2col#columns()}.
 */
final class PhaseIm2col implements Operand {
    private static final int L = Sgemm.L;

    private final float[] phases;
    private final int offset;
    private final int channels;
    private final int h;
    private final int kh;
    private final int kw;
    private final int ow;
    private final int rowLength;
    private final int qMin;
    private final ConvSpec spec;

    private PhaseIm2col(float[] phases, int offset, int channels, int h, int kh, int kw, int ow, int rowLength, int qMin,
                        ConvSpec spec) {
        this.phases = phases;
        this.offset = offset;
        this.channels = channels;
        this.h = h;
        this.kh = kh;
        this.kw = kw;
        this.ow = ow;
        this.rowLength = rowLength;
        this.qMin = qMin;
        this.spec = spec;
    }

    /** Whether this layout applies to a convolution with {@code spec}. */
    static boolean applies(ConvSpec spec) {
        return spec.strideW() == 2 && spec.dilationW() == 1;
    }

    /** Floats {@link #build} needs for an image of this size. */
    static int size(int channels, int h, int kw, int ow, ConvSpec spec) {
        return 2 * channels * h * rowLength(kw, ow, spec);
    }

    private static int qMin(ConvSpec spec) {
        return Math.floorDiv(-spec.padW(), 2);
    }

    /** Phase-row entries: every {@code q = ox + floor((kx - padW) / 2)} of any output column and tap. */
    private static int rowLength(int kw, int ow, ConvSpec spec) {
        return Math.floorDiv(kw - 1 - spec.padW(), 2) + ow - qMin(spec);
    }

    /**
     * Splits one image {@code x[c, iy, ix]} (at {@code base + c*cStride + iy*hStride + ix*wStride})
     * into {@code phases} from {@code offset} ({@link #size} floats) on the pool, parallel over channels, and
     * returns the operand reading it. Phase row {@code (parity, c, iy)} holds {@code x[c, iy, 2q + parity]}
     * at {@code q - qMin}, zero where that column is outside the image.
     */
    static PhaseIm2col build(float[] x, int base, int cStride, int hStride, int wStride, int channels, int h, int w,
                             int kh, int kw, int ow, ConvSpec spec, float[] phases, int offset) {
        int qMin = qMin(spec);
        int len = rowLength(kw, ow, spec);
        Parallel.forEach(channels, c -> {
            for (int parity = 0; parity < 2; parity++) {
                // Valid q: 0 <= 2q + parity < w, i.e. 0 <= q <= (w - 1 - parity) / 2.
                int lo = Math.min(len, -qMin);
                int hi = Math.min(len, Math.floorDiv(w - 1 - parity, 2) + 1 - qMin);   // exclusive
                for (int iy = 0; iy < h; iy++) {
                    int dst = offset + ((parity * channels + c) * h + iy) * len;
                    int src = base + c * cStride + iy * hStride + (2 * (lo + qMin) + parity) * wStride;
                    Im2col.fillZero(phases, dst, Math.min(lo, len));
                    if (hi > lo) {
                        if (wStride == 1) {
                            Stride2.gather(x, src, phases, dst + lo, hi - lo);
                        } else {
                            for (int t = 0; t < hi - lo; t++) {
                                phases[dst + lo + t] = x[src + 2 * t * wStride];
                            }
                        }
                    }
                    int from = Math.max(lo, hi);
                    Im2col.fillZero(phases, dst + from, len - from);
                }
            }
        });
        return new PhaseIm2col(phases, offset, channels, h, kh, kw, ow, len, qMin, spec);
    }

    @Override
    public void pack(float[] dst, int j0, int count, int p0, int kc, int width) {
        int sh = spec.strideH(), dh = spec.dilationH(), ph = spec.padH(), pw = spec.padW();
        int plane = h * rowLength;
        int d = 0;
        for (int ob = 0; ob < count; ob += width) {
            int rows = Math.min(width, count - ob);
            int jStart = j0 + ob;
            int oy0 = jStart / ow, ox0 = jStart % ow;
            int c = p0 / (kh * kw);
            int ky = p0 / kw % kh;
            int kx = p0 % kw;
            for (int p = 0; p < kc; p++) {
                int dd = d + p * width;
                int parity = (kx - pw) & 1;
                // Phase-row index of output column 0 for this tap.
                int rowBase = offset + (parity * channels + c) * plane + Math.floorDiv(kx - pw, 2) - qMin;
                int dy = ky * dh - ph;
                int oy = oy0, ox = ox0;
                int r = 0;
                while (r < rows) {
                    int run = Math.min(rows - r, ow - ox);
                    int iy = oy * sh + dy;
                    if (iy < 0 || iy >= h) {
                        Im2col.fillZero(dst, dd + r, run);
                    } else {
                        copy(phases, rowBase + iy * rowLength + ox, dst, dd + r, run);
                    }
                    r += run;
                    ox = 0;
                    oy++;
                }
                Im2col.fillZero(dst, dd + rows, width - rows);
                if (++kx == kw) {
                    kx = 0;
                    if (++ky == kh) {
                        ky = 0;
                        c++;
                    }
                }
            }
            d += width * kc;
        }
    }

    /** {@code dst[d + i] = src[s + i]} for {@code i < n} (short runs: vectors, no arraycopy stub call). */
    private static void copy(float[] src, int s, float[] dst, int d, int n) {
        int i = 0;
        for (int bound = Sgemm.S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(Sgemm.S, src, s + i).intoArray(dst, d + i);
        }
        for (; i < n; i++) {
            dst[d + i] = src[s + i];
        }
    }
}
