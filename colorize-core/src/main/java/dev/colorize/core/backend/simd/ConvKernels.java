package dev.colorize.core.backend.simd;

import dev.colorize.core.backend.ConvSpec;
import dev.colorize.core.tensor.Tensor;
import jdk.incubator.vector.FloatVector;

import java.util.Arrays;

/**
 * Convolution kernels as GEMMs with implicit im2col packing ({@link Im2col}):
 * <ul>
 *   <li>forward: {@code out[n] (O x oHW) = W (O x CkHkW) * im2col(x[n])};</li>
 *   <li>input gradient = transposed convolution: {@code cols = W^T * gy[n]}, then col2im
 *       scatter-adds the columns into {@code gx[n]} (parallel over channels);</li>
 *   <li>weight gradient: {@code gw = sum_n gy[n] * im2col(x[n])^T}.</li>
 * </ul>
 * Outputs are contiguous (the Backend contract); inputs may be strided.
 */
final class ConvKernels {
    private static final int L = Sgemm.L;

    private ConvKernels() {
    }

    static void conv2d(Tensor x, Tensor w, Tensor bias, Tensor out, ConvSpec spec) {
        int[] xs = x.shape();
        int[] ws = w.shape();
        int[] os = out.shape();
        int batch = xs[0], outC = ws[0], kh = ws[2], kw = ws[3];
        int oh = os[2], ow = os[3], spatial = oh * ow;
        int patch = ws[1] * kh * kw;
        HostView xv = HostView.of(x);
        HostView wv = HostView.trailingContiguous(w, 3);
        float[] o = dataOf(out);
        int oBase = out.offset();
        boolean hasBias = bias != null;
        if (hasBias) {
            HostView bv = HostView.of(bias);
            for (int i = 0; i < batch * outC; i++) {
                float b = bv.data()[bv.offset() + (i % outC) * bv.strides()[0]];
                Arrays.fill(o, oBase + i * spatial, oBase + (i + 1) * spatial, b);
            }
        }
        Operand weights = weights(w, wv, wv.strides()[0], 1, outC, patch, spatial);
        int slabs = Sgemm.slabs(outC, spatial, patch, Sgemm.ceilDiv(Parallel.threads(), Math.max(1, batch)));
        Operand[] cols = columns(xv, xs, kh, kw, ow, spec);
        Parallel.forEach(batch * slabs, t -> {
            int n = t / slabs;
            Sgemm.gemmSlab(t % slabs, slabs, outC, spatial, patch, weights, cols[n], o,
                    oBase + n * outC * spatial, spatial, hasBias);
        });
    }

    /**
     * The im2col B operand of every image of x (shape {@code xs}): {@link PhaseIm2col} for horizontal
     * stride 2 (built here, into the calling thread's buffer), otherwise {@link Im2col}, which reads x.
     */
    static Operand[] columns(HostView xv, int[] xs, int kh, int kw, int ow, ConvSpec spec) {
        int batch = xs[0], channels = xs[1], h = xs[2], w = xs[3];
        int[] st = xv.strides();
        Operand[] cols = new Operand[batch];
        if (PhaseIm2col.applies(spec)) {
            int size = PhaseIm2col.size(channels, h, kw, ow, spec);
            float[] phases = Scratch.inputCopy((long) size * batch);
            for (int n = 0; n < batch; n++) {
                cols[n] = PhaseIm2col.build(xv.data(), xv.offset() + n * st[0], st[1], st[2], st[3], channels, h, w,
                        kh, kw, ow, spec, phases, n * size);
            }
            return cols;
        }
        for (int n = 0; n < batch; n++) {
            cols[n] = new Im2col(xv.data(), xv.offset() + n * st[0], st[1], st[2], st[3], h, w, kh, kw, ow, spec)
                    .columns();
        }
        return cols;
    }

    static void conv2dInputGrad(Tensor gy, Tensor w, Tensor gx, ConvSpec spec) {
        int[] gs = gy.shape();
        int[] ws = w.shape();
        int[] xs = gx.shape();
        int batch = gs[0], outC = gs[1], spatial = gs[2] * gs[3];
        int channels = ws[1], kh = ws[2], kw = ws[3];
        int patch = channels * kh * kw;
        HostView gv = HostView.trailingContiguous(gy, 2);
        HostView wv = HostView.trailingContiguous(w, 3);
        float[] g = dataOf(gx);
        Operand weightsT = weights(w, wv, 1, wv.strides()[0], patch, outC, spatial);
        float[] cols = Scratch.callerBuffer(patch * spatial);
        for (int n = 0; n < batch; n++) {
            Operand grads = StridedOperand.columnsOf(gv.data(), gv.offset() + n * gv.strides()[0], gv.strides()[1], 1);
            Sgemm.gemm(patch, spatial, outC, weightsT, grads, cols, 0, spatial, false);
            int gxBase = gx.offset() + n * channels * xs[2] * xs[3];
            Parallel.forEach(channels, c -> col2im(cols, c, kh, kw, gs[2], gs[3], g, gxBase, xs[2], xs[3], spec));
        }
    }

    /**
     * The weight matrix as the A operand of a product with {@code n} columns: element (o, p) at
     * {@code o*outerStride + p*kStride} of the view, pre-packed from the {@link PackCache} when the
     * view reads the tensor's own storage. Weights that require a gradient are being trained: the
     * cache treats them as changing until they settle.
     */
    static Operand weights(Tensor w, HostView wv, int outerStride, int kStride, int outer, int k, int n) {
        Operand source = StridedOperand.rowsOf(wv.data(), wv.offset(), outerStride, kStride);
        if (wv.data() != dataOf(w)) {
            return source;
        }
        return PackCache.weights(w.storage(), source, wv.offset(), outerStride, kStride, outer, k,
                Sgemm.aWidth(outer, n), w.requiresGrad());
    }

    /** Writes channel {@code c}'s plane of gx: the sum of its column entries that land on each pixel. */
    static void col2im(float[] cols, int c, int kh, int kw, int oh, int ow, float[] g, int gxBase, int h, int w,
                       ConvSpec spec) {
        if (PhaseCol2im.applies(kh, kw, oh, ow, h, w, spec)) {
            PhaseCol2im.col2im(cols, c, oh, ow, g, gxBase);
        } else {
            col2imScatter(cols, c, kh, kw, oh, ow, g, gxBase, h, w, spec);
        }
    }

    /** {@link #col2im} for any geometry: zeroes the plane, then scatter-adds every column row into it. */
    static void col2imScatter(float[] cols, int c, int kh, int kw, int oh, int ow, float[] g, int gxBase, int h, int w,
                              ConvSpec spec) {
        int plane = gxBase + c * h * w;
        Arrays.fill(g, plane, plane + h * w, 0f);
        int sh = spec.strideH(), sw = spec.strideW();
        for (int ky = 0; ky < kh; ky++) {
            int dy = ky * spec.dilationH() - spec.padH();
            for (int kx = 0; kx < kw; kx++) {
                int dx = kx * spec.dilationW() - spec.padW();
                int oxLo = dx >= 0 ? 0 : (-dx + sw - 1) / sw;
                int oxHi = Math.min(ow - 1, w - 1 - dx < 0 ? -1 : (w - 1 - dx) / sw);
                int count = oxHi - oxLo + 1;
                if (count <= 0) {
                    continue;
                }
                int row = ((c * kh + ky) * kw + kx) * oh * ow;
                for (int oy = 0; oy < oh; oy++) {
                    int iy = oy * sh + dy;
                    if (iy < 0 || iy >= h) {
                        continue;
                    }
                    int src = row + oy * ow + oxLo;
                    int dst = plane + iy * w + oxLo * sw + dx;
                    if (sw == 1) {
                        addInto(cols, src, g, dst, count);
                    } else if (sw == 2) {
                        Stride2.scatterAdd(cols, src, g, dst, count);
                    } else {
                        for (int t = 0; t < count; t++) {
                            g[dst + t * sw] += cols[src + t];
                        }
                    }
                }
            }
        }
    }

    /** {@code dst[d + i] += src[s + i]} for {@code i < n}. */
    static void addInto(float[] src, int s, float[] dst, int d, int n) {
        int i = 0;
        for (int bound = Sgemm.S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(Sgemm.S, dst, d + i).add(FloatVector.fromArray(Sgemm.S, src, s + i))
                    .intoArray(dst, d + i);
        }
        for (; i < n; i++) {
            dst[d + i] += src[s + i];
        }
    }

    static void conv2dWeightGrad(Tensor x, Tensor gy, Tensor gw, ConvSpec spec) {
        int[] xs = x.shape();
        int[] gs = gy.shape();
        int[] ws = gw.shape();
        int batch = xs[0], outC = gs[1], oh = gs[2], ow = gs[3], spatial = oh * ow;
        int kh = ws[2], kw = ws[3];
        int patch = ws[1] * kh * kw;
        HostView xv = HostView.of(x);
        HostView gv = HostView.trailingContiguous(gy, 2);
        float[] o = dataOf(gw);
        int oBase = gw.offset();
        if (batch == 0) {
            Arrays.fill(o, oBase, oBase + outC * patch, 0f);
            return;
        }
        // One product over the whole batch: k = (image, output position).
        Operand grads = new BatchedK(n -> StridedOperand.rowsOf(gv.data(), gv.offset() + n * gv.strides()[0],
                gv.strides()[1], 1), spatial);
        Operand cols = new BatchedK(n -> new Im2col(xv.data(), xv.offset() + n * xv.strides()[0], xv.strides()[1],
                xv.strides()[2], xv.strides()[3], xs[2], xs[3], kh, kw, ow, spec).rowsTransposed(), spatial);
        Sgemm.gemm(outC, patch, spatial * batch, grads, cols, o, oBase, patch, false);
    }

    private static float[] dataOf(Tensor t) {
        return dev.colorize.core.backend.Strided.data(t);
    }
}
