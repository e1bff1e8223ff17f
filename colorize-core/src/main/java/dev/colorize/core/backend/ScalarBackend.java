package dev.colorize.core.backend;

import dev.colorize.core.tensor.Tensor;

import java.util.Arrays;

/**
 * The reference CPU kernels: plain loops, written to be obviously right. Every fast kernel is
 * tested against these. Accumulations run in double where the order of a float sum would matter.
 */
public class ScalarBackend implements Backend {

    @Override
    public String name() {
        return "cpu-scalar";
    }

    @Override
    public Storage allocate(int size) {
        return new CpuStorage(size);
    }

    @Override
    public Storage fromHost(float[] data) {
        return new CpuStorage(data);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        float[] s = Strided.data(src);
        float[] d = Strided.data(dst);
        int n = dst.numel();
        if (src.isContiguous() && dst.isContiguous()) {
            System.arraycopy(s, src.offset(), d, dst.offset(), n);
            return;
        }
        int[] so = Strided.offsets(src);
        int[] dOff = Strided.offsets(dst);
        for (int i = 0; i < n; i++) {
            d[dOff[i]] = s[so[i]];
        }
    }

    @Override
    public void fill(Tensor dst, float value) {
        float[] d = Strided.data(dst);
        if (dst.isContiguous()) {
            Arrays.fill(d, dst.offset(), dst.offset() + dst.numel(), value);
            return;
        }
        for (int o : Strided.offsets(dst)) {
            d[o] = value;
        }
    }

    @Override
    public void unary(UnaryOp op, float p1, float p2, Tensor x, Tensor out) {
        float[] xs = Strided.data(x);
        float[] o = Strided.data(out);
        int n = out.numel();
        int base = out.offset();
        if (x.isContiguous()) {
            int xo = x.offset();
            for (int i = 0; i < n; i++) {
                o[base + i] = op.apply(xs[xo + i], p1, p2);
            }
        } else {
            int[] xo = Strided.offsets(x);
            for (int i = 0; i < n; i++) {
                o[base + i] = op.apply(xs[xo[i]], p1, p2);
            }
        }
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        float[] as = Strided.data(a);
        float[] bs = Strided.data(b);
        float[] o = Strided.data(out);
        int n = out.numel();
        int base = out.offset();
        if (a.isContiguous() && b.isContiguous() && out.isContiguous()) {
            int ao = a.offset();
            int bo = b.offset();
            for (int i = 0; i < n; i++) {
                o[base + i] = op.apply(as[ao + i], bs[bo + i]);
            }
            return;
        }
        int[] ao = Strided.offsets(a);
        int[] bo = Strided.offsets(b);
        int[] oo = Strided.offsets(out);
        for (int i = 0; i < n; i++) {
            o[oo[i]] = op.apply(as[ao[i]], bs[bo[i]]);
        }
    }

    @Override
    public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        float[] cs = Strided.data(cond);
        float[] as = Strided.data(a);
        float[] bs = Strided.data(b);
        float[] o = Strided.data(out);
        int[] co = Strided.offsets(cond);
        int[] ao = Strided.offsets(a);
        int[] bo = Strided.offsets(b);
        int[] oo = Strided.offsets(out);
        for (int i = 0; i < oo.length; i++) {
            o[oo[i]] = cs[co[i]] != 0f ? as[ao[i]] : bs[bo[i]];
        }
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, boolean[] dims, Tensor out) {
        int[] shape = x.shape();
        int[] outStrides = new int[shape.length];
        int s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            outStrides[d] = dims[d] ? 0 : s;
            s *= dims[d] ? 1 : shape[d];
        }
        double[] acc = new double[out.numel()];
        if (op != ReduceOp.SUM) {
            Arrays.fill(acc, op == ReduceOp.MAX ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        }
        float[] xs = Strided.data(x);
        int[] xo = Strided.offsets(x);
        int[] coord = new int[shape.length];
        int target = 0;
        for (int i = 0; i < xo.length; i++) {
            float v = xs[xo[i]];
            switch (op) {
                case SUM -> acc[target] += v;
                case MAX -> acc[target] = Float.isNaN(v) || v > acc[target] ? v : acc[target];
                case MIN -> acc[target] = Float.isNaN(v) || v < acc[target] ? v : acc[target];
            }
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++coord[d] < shape[d]) {
                    target += outStrides[d];
                    break;
                }
                target -= outStrides[d] * (shape[d] - 1);
                coord[d] = 0;
            }
        }
        float[] o = Strided.data(out);
        for (int i = 0; i < acc.length; i++) {
            o[out.offset() + i] = (float) acc[i];
        }
    }

    @Override
    public void maxAlongDim(Tensor x, int dim, Tensor values, Tensor indices) {
        int[] shape = x.shape();
        int outer = 1;
        for (int d = 0; d < dim; d++) {
            outer *= shape[d];
        }
        int inner = 1;
        for (int d = dim + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        int len = shape[dim];
        float[] xs = Strided.dense(x);
        float[] v = Strided.data(values);
        float[] ix = Strided.data(indices);
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int best = 0;
                float bestValue = xs[o * len * inner + i];
                for (int k = 1; k < len; k++) {
                    float c = xs[(o * len + k) * inner + i];
                    if (c > bestValue || (Float.isNaN(c) && !Float.isNaN(bestValue))) {
                        bestValue = c;
                        best = k;
                    }
                }
                v[values.offset() + o * inner + i] = bestValue;
                ix[indices.offset() + o * inner + i] = best;
            }
        }
    }

    @Override
    public void matmul(Tensor a, Tensor c, Tensor out) {
        int[] as = a.shape();
        int batch = as[0];
        int m = as[1];
        int k = as[2];
        int n = c.shape()[2];
        int[] sa = a.strides();
        int[] sc = c.strides();
        float[] ad = Strided.data(a);
        float[] cd = Strided.data(c);
        float[] o = Strided.data(out);
        float[] row = new float[n];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < m; i++) {
                Arrays.fill(row, 0f);
                for (int p = 0; p < k; p++) {
                    float av = ad[a.offset() + b * sa[0] + i * sa[1] + p * sa[2]];
                    int cBase = c.offset() + b * sc[0] + p * sc[1];
                    for (int j = 0; j < n; j++) {
                        row[j] += av * cd[cBase + j * sc[2]];
                    }
                }
                System.arraycopy(row, 0, o, out.offset() + (b * m + i) * n, n);
            }
        }
    }

    @Override
    public void conv2d(Tensor x, Tensor w, Tensor bias, Tensor out, ConvSpec p) {
        int[] xs = x.shape();
        int[] ws = w.shape();
        int[] os = out.shape();
        int batch = xs[0], channels = xs[1], h = xs[2], wd = xs[3];
        int outC = ws[0], kh = ws[2], kw = ws[3];
        int oh = os[2], ow = os[3];
        float[] xd = Strided.dense(x);
        float[] wdata = Strided.dense(w);
        float[] bd = bias == null ? null : Strided.dense(bias);
        float[] o = Strided.data(out);
        int base = out.offset();
        for (int n = 0; n < batch; n++) {
            for (int oc = 0; oc < outC; oc++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double acc = bd == null ? 0 : bd[oc];
                        for (int c = 0; c < channels; c++) {
                            for (int ky = 0; ky < kh; ky++) {
                                int iy = oy * p.strideH() - p.padH() + ky * p.dilationH();
                                if (iy < 0 || iy >= h) {
                                    continue;
                                }
                                for (int kx = 0; kx < kw; kx++) {
                                    int ix = ox * p.strideW() - p.padW() + kx * p.dilationW();
                                    if (ix < 0 || ix >= wd) {
                                        continue;
                                    }
                                    acc += xd[((n * channels + c) * h + iy) * wd + ix]
                                            * wdata[((oc * channels + c) * kh + ky) * kw + kx];
                                }
                            }
                        }
                        o[base + ((n * outC + oc) * oh + oy) * ow + ox] = (float) acc;
                    }
                }
            }
        }
    }

    @Override
    public void conv2dInputGrad(Tensor gy, Tensor w, Tensor gx, ConvSpec p) {
        int[] gs = gy.shape();
        int[] ws = w.shape();
        int[] xs = gx.shape();
        int batch = gs[0], outC = gs[1], oh = gs[2], ow = gs[3];
        int channels = ws[1], kh = ws[2], kw = ws[3];
        int h = xs[2], wd = xs[3];
        float[] g = Strided.dense(gy);
        float[] wdata = Strided.dense(w);
        double[] acc = new double[gx.numel()];
        for (int n = 0; n < batch; n++) {
            for (int oc = 0; oc < outC; oc++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        float gv = g[((n * outC + oc) * oh + oy) * ow + ox];
                        for (int c = 0; c < channels; c++) {
                            for (int ky = 0; ky < kh; ky++) {
                                int iy = oy * p.strideH() - p.padH() + ky * p.dilationH();
                                if (iy < 0 || iy >= h) {
                                    continue;
                                }
                                for (int kx = 0; kx < kw; kx++) {
                                    int ix = ox * p.strideW() - p.padW() + kx * p.dilationW();
                                    if (ix < 0 || ix >= wd) {
                                        continue;
                                    }
                                    acc[((n * channels + c) * h + iy) * wd + ix]
                                            += gv * wdata[((oc * channels + c) * kh + ky) * kw + kx];
                                }
                            }
                        }
                    }
                }
            }
        }
        store(acc, gx);
    }

    @Override
    public void conv2dWeightGrad(Tensor x, Tensor gy, Tensor gw, ConvSpec p) {
        int[] xs = x.shape();
        int[] gs = gy.shape();
        int[] ws = gw.shape();
        int batch = xs[0], channels = xs[1], h = xs[2], wd = xs[3];
        int outC = gs[1], oh = gs[2], ow = gs[3];
        int kh = ws[2], kw = ws[3];
        float[] xd = Strided.dense(x);
        float[] g = Strided.dense(gy);
        double[] acc = new double[gw.numel()];
        for (int oc = 0; oc < outC; oc++) {
            for (int c = 0; c < channels; c++) {
                for (int ky = 0; ky < kh; ky++) {
                    for (int kx = 0; kx < kw; kx++) {
                        double sum = 0;
                        for (int n = 0; n < batch; n++) {
                            for (int oy = 0; oy < oh; oy++) {
                                int iy = oy * p.strideH() - p.padH() + ky * p.dilationH();
                                if (iy < 0 || iy >= h) {
                                    continue;
                                }
                                for (int ox = 0; ox < ow; ox++) {
                                    int ix = ox * p.strideW() - p.padW() + kx * p.dilationW();
                                    if (ix < 0 || ix >= wd) {
                                        continue;
                                    }
                                    sum += g[((n * outC + oc) * oh + oy) * ow + ox]
                                            * xd[((n * channels + c) * h + iy) * wd + ix];
                                }
                            }
                        }
                        acc[((oc * channels + c) * kh + ky) * kw + kx] = sum;
                    }
                }
            }
        }
        store(acc, gw);
    }

    @Override
    public void upsample(Tensor x, Tensor out, int scaleH, int scaleW, boolean bilinear) {
        resample(Strided.dense(x), x.shape(), Strided.data(out), out.offset(), scaleH, scaleW, bilinear, false);
    }

    @Override
    public void upsampleAdjoint(Tensor gy, Tensor gx, int scaleH, int scaleW, boolean bilinear) {
        float[] g = Strided.data(gx);
        Arrays.fill(g, gx.offset(), gx.offset() + gx.numel(), 0f);
        resample(Strided.dense(gy), gx.shape(), g, gx.offset(), scaleH, scaleW, bilinear, true);
    }

    /**
     * Forward: {@code big[dst] = sum_w small[src] * w}; adjoint ({@code scatter}): {@code small[src] += big[dst] * w}.
     * {@code smallShape} is [N,C,H,W] of the low-resolution side.
     */
    private static void resample(float[] in, int[] smallShape, float[] out, int outBase, int sh, int sw,
                                 boolean bilinear, boolean scatter) {
        int planes = smallShape[0] * smallShape[1];
        int h = smallShape[2], w = smallShape[3];
        int oh = h * sh, ow = w * sw;
        int[] y0 = new int[oh], y1 = new int[oh];
        float[] ly = new float[oh];
        int[] x0 = new int[ow], x1 = new int[ow];
        float[] lx = new float[ow];
        sourceIndex(h, sh, bilinear, y0, y1, ly);
        sourceIndex(w, sw, bilinear, x0, x1, lx);
        for (int pl = 0; pl < planes; pl++) {
            int sBase = pl * h * w;
            int bBase = pl * oh * ow;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int s00 = sBase + y0[oy] * w + x0[ox];
                    int s01 = sBase + y0[oy] * w + x1[ox];
                    int s10 = sBase + y1[oy] * w + x0[ox];
                    int s11 = sBase + y1[oy] * w + x1[ox];
                    float wy1 = ly[oy], wy0 = 1f - wy1, wx1 = lx[ox], wx0 = 1f - wx1;
                    int d = bBase + oy * ow + ox;
                    if (!scatter) {
                        out[outBase + d] = wy0 * (wx0 * in[s00] + wx1 * in[s01]) + wy1 * (wx0 * in[s10] + wx1 * in[s11]);
                    } else {
                        float g = in[d];
                        out[outBase + s00] += wy0 * wx0 * g;
                        out[outBase + s01] += wy0 * wx1 * g;
                        out[outBase + s10] += wy1 * wx0 * g;
                        out[outBase + s11] += wy1 * wx1 * g;
                    }
                }
            }
        }
    }

    /** PyTorch's source index rule; nearest uses floor(dst/scale) with weight 0 on the second tap. */
    static void sourceIndex(int size, int scale, boolean bilinear, int[] i0, int[] i1, float[] lambda) {
        float inv = 1f / scale;
        for (int d = 0; d < i0.length; d++) {
            if (!bilinear) {
                i0[d] = Math.min((int) Math.floor(d * inv), size - 1);
                i1[d] = i0[d];
                lambda[d] = 0f;
                continue;
            }
            float src = Math.max(inv * (d + 0.5f) - 0.5f, 0f);
            int lo = Math.min((int) src, size - 1);
            i0[d] = lo;
            i1[d] = Math.min(lo + 1, size - 1);
            lambda[d] = src - lo;
        }
    }

    @Override
    public void pad(Tensor x, Tensor out, int[] pads, boolean reflect) {
        padLoop(Strided.dense(x), x.shape(), Strided.data(out), out.offset(), pads, reflect, false);
    }

    @Override
    public void padAdjoint(Tensor gy, Tensor gx, int[] pads, boolean reflect) {
        float[] g = Strided.data(gx);
        Arrays.fill(g, gx.offset(), gx.offset() + gx.numel(), 0f);
        padLoop(Strided.dense(gy), gx.shape(), g, gx.offset(), pads, reflect, true);
    }

    private static void padLoop(float[] src, int[] smallShape, float[] dst, int dstBase, int[] pads,
                                boolean reflect, boolean scatter) {
        int rank = smallShape.length;
        int h = smallShape[rank - 2], w = smallShape[rank - 1];
        int planes = 1;
        for (int d = 0; d < rank - 2; d++) {
            planes *= smallShape[d];
        }
        int left = pads[0], right = pads[1], top = pads[2], bottom = pads[3];
        int oh = h + top + bottom, ow = w + left + right;
        for (int pl = 0; pl < planes; pl++) {
            for (int oy = 0; oy < oh; oy++) {
                int iy = sourceOf(oy - top, h, reflect);
                for (int ox = 0; ox < ow; ox++) {
                    int ix = sourceOf(ox - left, w, reflect);
                    int big = (pl * oh + oy) * ow + ox;
                    if (iy < 0 || ix < 0) {
                        if (!scatter) {
                            dst[dstBase + big] = 0f;
                        }
                        continue;
                    }
                    int small = (pl * h + iy) * w + ix;
                    if (scatter) {
                        dst[dstBase + small] += src[big];
                    } else {
                        dst[dstBase + big] = src[small];
                    }
                }
            }
        }
    }

    /** Input index read by padded position {@code i}, or -1 for a zero pad. */
    private static int sourceOf(int i, int size, boolean reflect) {
        if (i >= 0 && i < size) {
            return i;
        }
        if (!reflect) {
            return -1;
        }
        int r = i < 0 ? -i : 2 * (size - 1) - i;
        if (r < 0 || r >= size) {
            throw new IllegalArgumentException("reflect padding wider than the input (" + size + ")");
        }
        return r;
    }

    private static void store(double[] acc, Tensor out) {
        float[] o = Strided.data(out);
        for (int i = 0; i < acc.length; i++) {
            o[out.offset() + i] = (float) acc[i];
        }
    }
}
