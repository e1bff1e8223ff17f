package dev.colorize.opencl;

import dev.colorize.core.backend.ConvSpec;
import dev.colorize.core.tensor.Tensor;

/**
 * Matrix products and convolutions on the tiled GEMM of gemm.cl. A convolution is im2col + GEMM:
 * the forward pass multiplies the weight [O, C*kH*kW] by each image's column matrix; the input
 * gradient (= transposed convolution) multiplies the transposed weight by gy and folds the columns
 * back with the gather kernel col2im; the weight gradient accumulates gy[n] @ cols[n]^T over the
 * batch. Column matrices are built for a chunk of images at a time to bound the scratch memory;
 * 1x1 stride-1 unpadded convolutions skip them and multiply the images directly.
 */
final class ClLinear {
    /** Scratch column memory per chunk of images, in floats (64 MiB). */
    private static final int COLUMN_BUDGET = 16 << 20;

    private final OpenClBackend be;
    /** The column budget in use (tests lower it to exercise chunking). */
    volatile int columnBudget = COLUMN_BUDGET;

    ClLinear(OpenClBackend be) {
        this.be = be;
    }

    /** A [batch, rows, cols] operand: storage, offset and the three strides. */
    record Operand(ClStorage storage, int offset, int batchStride, int rowStride, int colStride) {
        static Operand of(ClStorage s, int offset, int batchStride, int rowStride, int colStride) {
            return new Operand(s, offset, batchStride, rowStride, colStride);
        }
    }

    /** {@code c[b] = a[b] @ bm[b]} (plus c when accumulate), a [M,K], bm [K,N], for b < batch. */
    void gemm(int batch, int m, int n, int k, Operand a, Operand bm, Operand c, boolean accumulate) {
        if (batch == 0 || m == 0 || n == 0) {
            return;
        }
        int wg = be.cl().gemmWorkGroup;
        int block = wg * 4;
        long gx = (long) ((n + block - 1) / block) * wg;
        long gy = (long) ((m + block - 1) / block) * wg;
        be.cl().launch("gemm").arg(m).arg(n).arg(k)
                .mem(a.storage()).arg(a.offset()).arg(a.batchStride()).arg(a.rowStride()).arg(a.colStride())
                .mem(bm.storage()).arg(bm.offset()).arg(bm.batchStride()).arg(bm.rowStride()).arg(bm.colStride())
                .mem(c.storage()).arg(c.offset()).arg(c.batchStride()).arg(c.rowStride()).arg(c.colStride())
                .arg(accumulate ? 1 : 0)
                .run(new long[] {gx, gy, batch}, new long[] {wg, wg, 1});
    }

    void matmul(Tensor a, Tensor c, Tensor out) {
        be.intoContiguous(out, o -> {
            int[] as = a.shape(), sa = a.strides(), sc = c.strides();
            int batch = as[0], m = as[1], k = as[2], n = c.shape()[2];
            gemm(batch, m, n, k,
                    Operand.of(be.storage(a, "matmul"), a.offset(), sa[0], sa[1], sa[2]),
                    Operand.of(be.storage(c, "matmul"), c.offset(), sc[0], sc[1], sc[2]),
                    Operand.of(be.storage(o, "matmul"), o.offset(), m * n, n, 1), false);
        });
    }

    /** Convolution geometry as the int16 argument of conv.cl. */
    private static int[] geometry(int c, int h, int w, int kh, int kw, int oh, int ow, ConvSpec p) {
        return new int[] {c, h, w, kh, kw, oh, ow, p.strideH(), p.strideW(), p.padH(), p.padW(),
                p.dilationH(), p.dilationW(), 0, 0, 0};
    }

    private static boolean pointwise(int kh, int kw, int h, int w, int oh, int ow, ConvSpec p) {
        return kh == 1 && kw == 1 && p.strideH() == 1 && p.strideW() == 1 && p.padH() == 0 && p.padW() == 0
                && h == oh && w == ow;
    }

    private int chunk(int batch, long perImage) {
        return (int) Math.max(1, Math.min(batch, columnBudget / Math.max(perImage, 1)));
    }

    void conv2d(Tensor xIn, Tensor wIn, Tensor bias, Tensor outIn, ConvSpec p) {
        be.intoContiguous(outIn, out -> {
            Tensor x = be.dense(xIn), w = be.dense(wIn);
            int[] xs = x.shape(), ws = w.shape(), os = out.shape();
            int batch = xs[0], ch = xs[1], h = xs[2], wd = xs[3];
            int outC = ws[0], kh = ws[2], kw = ws[3], oh = os[2], ow = os[3];
            int rows = ch * kh * kw, plane = oh * ow;
            Operand weight = Operand.of(be.storage(w, "conv2d"), w.offset(), 0, rows, 1);
            ClStorage outS = be.storage(out, "conv2d");
            ClStorage xS = be.storage(x, "conv2d");
            if (pointwise(kh, kw, h, wd, oh, ow, p)) {
                gemm(batch, outC, plane, rows, weight, Operand.of(xS, x.offset(), ch * h * wd, h * wd, 1),
                        Operand.of(outS, out.offset(), outC * plane, plane, 1), false);
            } else {
                int[] geom = geometry(ch, h, wd, kh, kw, oh, ow, p);
                int step = chunk(batch, (long) rows * plane);
                ClStorage cols = ClStorage.allocate(be, step * rows * plane);
                for (int n0 = 0; n0 < batch; n0 += step) {
                    int nb = Math.min(step, batch - n0);
                    int total = nb * rows * plane;
                    be.cl().launch("im2col").arg(total).vec(geom).mem(xS).arg(x.offset() + n0 * ch * h * wd).mem(cols)
                            .run1d(total);
                    gemm(nb, outC, plane, rows, weight, Operand.of(cols, 0, rows * plane, plane, 1),
                            Operand.of(outS, out.offset() + n0 * outC * plane, outC * plane, plane, 1), false);
                }
            }
            if (bias != null) {
                int total = batch * outC * plane;
                be.cl().launch("add_channel_bias").arg(total).arg(outC).arg(plane).mem(outS).arg(out.offset())
                        .mem(be.storage(bias, "conv2d")).arg(bias.offset()).arg(bias.strides()[0]).run1d(total);
            }
        });
    }

    void conv2dInputGrad(Tensor gyIn, Tensor wIn, Tensor gxIn, ConvSpec p) {
        be.intoContiguous(gxIn, gx -> {
            Tensor gy = be.dense(gyIn), w = be.dense(wIn);
            int[] gs = gy.shape(), ws = w.shape(), xs = gx.shape();
            int batch = gs[0], outC = gs[1], oh = gs[2], ow = gs[3];
            int ch = ws[1], kh = ws[2], kw = ws[3], h = xs[2], wd = xs[3];
            int rows = ch * kh * kw, plane = oh * ow;
            Operand weightT = Operand.of(be.storage(w, "conv2dInputGrad"), w.offset(), 0, 1, rows);
            ClStorage gyS = be.storage(gy, "conv2dInputGrad");
            ClStorage gxS = be.storage(gx, "conv2dInputGrad");
            if (pointwise(kh, kw, h, wd, oh, ow, p)) {
                gemm(batch, rows, plane, outC, weightT, Operand.of(gyS, gy.offset(), outC * plane, plane, 1),
                        Operand.of(gxS, gx.offset(), ch * plane, plane, 1), false);
                return;
            }
            int[] geom = geometry(ch, h, wd, kh, kw, oh, ow, p);
            int step = chunk(batch, (long) rows * plane);
            ClStorage cols = ClStorage.allocate(be, step * rows * plane);
            for (int n0 = 0; n0 < batch; n0 += step) {
                int nb = Math.min(step, batch - n0);
                gemm(nb, rows, plane, outC, weightT,
                        Operand.of(gyS, gy.offset() + n0 * outC * plane, outC * plane, plane, 1),
                        Operand.of(cols, 0, rows * plane, plane, 1), false);
                int total = nb * ch * h * wd;
                be.cl().launch("col2im").arg(total).vec(geom).mem(cols).mem(gxS).arg(gx.offset() + n0 * ch * h * wd)
                        .run1d(total);
            }
        });
    }

    void conv2dWeightGrad(Tensor xIn, Tensor gyIn, Tensor gwIn, ConvSpec p) {
        be.intoContiguous(gwIn, gw -> {
            Tensor x = be.dense(xIn), gy = be.dense(gyIn);
            int[] xs = x.shape(), gs = gy.shape(), ws = gw.shape();
            int batch = xs[0], ch = xs[1], h = xs[2], wd = xs[3];
            int outC = gs[1], oh = gs[2], ow = gs[3], kh = ws[2], kw = ws[3];
            int rows = ch * kh * kw, plane = oh * ow;
            ClStorage xS = be.storage(x, "conv2dWeightGrad");
            ClStorage gyS = be.storage(gy, "conv2dWeightGrad");
            Operand target = Operand.of(be.storage(gw, "conv2dWeightGrad"), gw.offset(), 0, rows, 1);
            if (batch == 0) {
                be.elementwise().fill(gw, 0f);
                return;
            }
            boolean direct = pointwise(kh, kw, h, wd, oh, ow, p);
            int[] geom = geometry(ch, h, wd, kh, kw, oh, ow, p);
            int step = direct ? batch : chunk(batch, (long) rows * plane);
            ClStorage cols = direct ? null : ClStorage.allocate(be, step * rows * plane);
            for (int n0 = 0; n0 < batch; n0 += step) {
                int nb = Math.min(step, batch - n0);
                if (!direct) {
                    int total = nb * rows * plane;
                    be.cl().launch("im2col").arg(total).vec(geom).mem(xS).arg(x.offset() + n0 * ch * h * wd).mem(cols)
                            .run1d(total);
                }
                for (int n = 0; n < nb; n++) {
                    // gw [O, rows] (+)= gy[n] [O, plane] @ cols[n]^T [plane, rows]
                    Operand colsT = direct ? Operand.of(xS, x.offset() + (n0 + n) * ch * plane, 0, 1, plane)
                            : Operand.of(cols, n * rows * plane, 0, 1, plane);
                    gemm(1, outC, rows, plane, Operand.of(gyS, gy.offset() + (n0 + n) * outC * plane, 0, plane, 1),
                            colsT, target, n0 + n > 0);
                }
            }
        });
    }
}
