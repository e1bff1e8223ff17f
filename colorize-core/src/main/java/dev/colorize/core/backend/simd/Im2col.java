package dev.colorize.core.backend.simd;

import dev.colorize.core.backend.ConvSpec;

/**
 * The im2col matrix of one image, never materialised: packing reads the input directly
 * ("implicit GEMM"). Row index {@code p = (c * kH + ky) * kW + kx}, column index
 * {@code j = oy * oW + ox}, value {@code x[c, oy*sH - pH + ky*dH, ox*sW - pW + kx*dW]} or 0 in the padding.
 * {@link #columns()} is the B operand of the forward convolution (outer = j, k = p);
 * {@link #rowsTransposed()} is the B operand of the weight gradient (outer = p, k = j).
 * The input may have any strides.
 */
final class Im2col {
    private final float[] x;
    private final int base;
    private final int cStride;
    private final int hStride;
    private final int wStride;
    private final int h;
    private final int w;
    private final int kh;
    private final int kw;
    private final int ow;
    private final ConvSpec spec;

    Im2col(float[] x, int base, int cStride, int hStride, int wStride, int h, int w, int kh, int kw, int ow,
           ConvSpec spec) {
        this.x = x;
        this.base = base;
        this.cStride = cStride;
        this.hStride = hStride;
        this.wStride = wStride;
        this.h = h;
        this.w = w;
        this.kh = kh;
        this.kw = kw;
        this.ow = ow;
        this.spec = spec;
    }

    /** Outer index = output position j, k = (c, ky, kx). */
    Operand columns() {
        return this::packColumns;
    }

    /** Outer index = (c, ky, kx), k = output position j. */
    Operand rowsTransposed() {
        return this::packRowsTransposed;
    }

    private void packColumns(float[] dst, int j0, int count, int p0, int kc, int width) {
        int sh = spec.strideH(), sw = spec.strideW();
        int d = 0;
        for (int ob = 0; ob < count; ob += width) {
            int rows = Math.min(width, count - ob);
            int jStart = j0 + ob;
            int c = p0 / (kh * kw);
            int ky = p0 / kw % kh;
            int kx = p0 % kw;
            for (int p = 0; p < kc; p++) {
                int dy = ky * spec.dilationH() - spec.padH();
                int dx = kx * spec.dilationW() - spec.padW();
                int planeBase = base + c * cStride;
                // Valid output columns for this kx: 0 <= ox*sw + dx < w.
                int oxLo = dx >= 0 ? 0 : (-dx + sw - 1) / sw;
                int oxHi = w - 1 - dx < 0 ? -1 : (w - 1 - dx) / sw;
                int dd = d + p * width;
                int oy = jStart / ow, ox = jStart % ow;
                int r = 0;
                while (r < rows) {
                    int run = Math.min(rows - r, ow - ox);
                    int iy = oy * sh + dy;
                    if (iy < 0 || iy >= h) {
                        fillZero(dst, dd + r, run);
                    } else {
                        int lo = Math.max(ox, Math.min(oxLo, ox + run));
                        int hi = Math.max(lo, Math.min(oxHi + 1, ox + run));
                        fillZero(dst, dd + r, lo - ox);
                        int src = planeBase + iy * hStride + (lo * sw + dx) * wStride;
                        int step = sw * wStride;
                        int out = dd + r + lo - ox;
                        if (hi > lo && step == 1) {
                            System.arraycopy(x, src, dst, out, hi - lo);
                        } else if (step == 2) {
                            Stride2.gather(x, src, dst, out, hi - lo);
                        } else {
                            for (int t = 0; t < hi - lo; t++) {
                                dst[out + t] = x[src + t * step];
                            }
                        }
                        fillZero(dst, dd + r + hi - ox, ox + run - hi);
                    }
                    r += run;
                    ox += run;
                    if (ox == ow) {
                        ox = 0;
                        oy++;
                    }
                }
                fillZero(dst, dd + rows, width - rows);
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

    /**
     * One outer index (c, ky, kx) at a time: along k (output positions) its source pixels run along
     * input rows with step {@code strideW}, so each output row is one bounds computation and a
     * strided copy (padding columns and rows become zeros).
     */
    private void packRowsTransposed(float[] dst, int i0, int count, int p0, int kc, int width) {
        if (kw == 4 && spec.dilationW() == 1 && wStride == 1 && i0 % 4 == 0 && count % 4 == 0 && width % 4 == 0) {
            packRowsTransposedKw4(dst, i0, count, p0, kc, width);
            return;
        }
        int sh = spec.strideH(), sw = spec.strideW();
        int step = sw * wStride;
        int d = 0;
        for (int ob = 0; ob < count; ob += width) {
            int rows = Math.min(width, count - ob);
            for (int r = 0; r < rows; r++) {
                int i = i0 + ob + r;
                int planeBase = base + i / (kh * kw) * cStride;
                int dy = i / kw % kh * spec.dilationH() - spec.padH();
                int dx = i % kw * spec.dilationW() - spec.padW();
                int oxLo = dx >= 0 ? 0 : (-dx + sw - 1) / sw;
                int oxEnd = w - 1 - dx < 0 ? 0 : (w - 1 - dx) / sw + 1;   // exclusive
                int oy = p0 / ow, ox = p0 % ow;
                int p = 0;
                while (p < kc) {
                    int run = Math.min(kc - p, ow - ox);
                    int iy = oy * sh + dy;
                    int out = d + p * width + r - ox * width;   // dst index of column ox' is out + ox' * width
                    int lo = ox, hi = ox;
                    if (iy >= 0 && iy < h) {
                        lo = Math.max(ox, Math.min(oxLo, ox + run));
                        hi = Math.max(lo, Math.min(oxEnd, ox + run));
                    }
                    for (int t = ox; t < lo; t++) {
                        dst[out + t * width] = 0f;
                    }
                    int src = planeBase + iy * hStride + dx * wStride;
                    for (int t = lo; t < hi; t++) {
                        dst[out + t * width] = x[src + t * step];
                    }
                    for (int t = hi; t < ox + run; t++) {
                        dst[out + t * width] = 0f;
                    }
                    p += run;
                    ox += run;
                    if (ox == ow) {
                        ox = 0;
                        oy++;
                    }
                }
            }
            StridedOperand.zeroTail(dst, d, rows, kc, width);
            d += width * kc;
        }
    }

    /**
     * {@link #packRowsTransposed} for 4-wide kernel rows (every pix2pix convolution): the four outer
     * indices kx = 0..3 of one (c, ky) read four adjacent input pixels, so away from the left and
     * right padding each output position is four adjacent loads and stores without bounds logic
     * (a {@code SPECIES_128} copy measured the same in isolation but fell back to the boxed Java
     * path inside the weight-gradient GEMM, 1.7x slower than before) instead of four strided stores
     * (0.63-0.72 ns per packed element before, measured on the weight gradients of the U-Net layers).
     */
    private void packRowsTransposedKw4(float[] dst, int i0, int count, int p0, int kc, int width) {
        int sh = spec.strideH(), sw = spec.strideW(), padW = spec.padW();
        // Output columns whose four taps all lie inside the row: 0 <= ox*sw - padW and ox*sw - padW + 3 < w.
        int interiorLo = (padW + sw - 1) / sw;
        int interiorHi = w - 4 + padW < 0 ? 0 : (w - 4 + padW) / sw + 1;   // exclusive
        int d = 0;
        for (int ob = 0; ob < count; ob += width) {
            int rows = Math.min(width, count - ob);
            for (int r = 0; r < rows; r += 4) {
                int i = i0 + ob + r;
                int planeBase = base + i / (kh * 4) * cStride;
                int dy = i / 4 % kh * spec.dilationH() - spec.padH();
                int oy = p0 / ow, ox = p0 % ow;
                int p = 0;
                while (p < kc) {
                    int run = Math.min(kc - p, ow - ox);
                    int iy = oy * sh + dy;
                    // dst index of output column ox' of this run is out + ox' * width
                    int out = d + (p - ox) * width + r;
                    int end = ox + run;
                    if (iy < 0 || iy >= h) {
                        for (int t = ox; t < end; t++) {
                            zero4(dst, out + t * width);
                        }
                    } else {
                        int row = planeBase + iy * hStride - padW;
                        int lo = Math.max(ox, Math.min(interiorLo, end));
                        int hi = Math.max(lo, Math.min(interiorHi, end));
                        for (int t = ox; t < lo; t++) {
                            edge4(dst, out + t * width, row, t * sw);
                        }
                        for (int t = lo; t < hi; t++) {
                            int src = row + t * sw, o = out + t * width;
                            dst[o] = x[src];
                            dst[o + 1] = x[src + 1];
                            dst[o + 2] = x[src + 2];
                            dst[o + 3] = x[src + 3];
                        }
                        for (int t = hi; t < end; t++) {
                            edge4(dst, out + t * width, row, t * sw);
                        }
                    }
                    p += run;
                    ox += run;
                    if (ox == ow) {
                        ox = 0;
                        oy++;
                    }
                }
            }
            StridedOperand.zeroTail(dst, d, rows, kc, width);
            d += width * kc;
        }
    }

    /** The four taps at row offset {@code row} (already shifted by the left padding), column {@code col}: zero outside the row. */
    private void edge4(float[] dst, int o, int row, int col) {
        for (int kx = 0; kx < 4; kx++) {
            int ix = col + kx - spec.padW();
            dst[o + kx] = ix >= 0 && ix < w ? x[row + col + kx] : 0f;
        }
    }

    private static void zero4(float[] dst, int o) {
        dst[o] = 0f;
        dst[o + 1] = 0f;
        dst[o + 2] = 0f;
        dst[o + 3] = 0f;
    }

    static void fillZero(float[] a, int from, int n) {
        for (int i = 0; i < n; i++) {
            a[from + i] = 0f;
        }
    }
}
