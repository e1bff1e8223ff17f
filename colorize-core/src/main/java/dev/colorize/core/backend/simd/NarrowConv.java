package dev.colorize.core.backend.simd;

import dev.colorize.core.backend.ConvSpec;
import dev.colorize.core.backend.Strided;
import dev.colorize.core.tensor.Tensor;
import jdk.incubator.vector.FloatVector;

import java.util.Arrays;

/**
 * Stride-1 convolutions with at most {@link #MAX_OUT} output channels, such as the PatchGAN's last
 * layer (512 -> 1, kernel 4). As GEMMs these have M = outC: packing the [C*kh*kw x oH*oW] column
 * matrix (forward, weight gradient) or scattering it back (input gradient) costs far more than the
 * arithmetic, measured 2-4 GFLOPS for that layer at batch 4 against ~200 for the wide layers (150 ms
 * of a 2 s train step). Row-by-row direct loops are no cure either: 30-wide rows leave most of each
 * vector loop in its scalar tail (measured 5 GFLOPS).
 *
 * <p>So every plane is laid out zero-padded, {@code Hp x Wp}, and the outputs are computed "wide",
 * {@code oH x Wp}, whose columns past oW are junk and dropped: a kernel tap (ky, kx) is then one
 * shift of the flattened plane by {@code ky*dh*Wp + kx*dw}, and each tap is a single long
 * multiply-add (forward, input gradient) or dot product (weight gradient) over the whole plane.
 * The gradient side zeroes the junk columns of gy first, so they add nothing.
 */
final class NarrowConv {
    static final int MAX_OUT = 4;
    private static final int L = Sgemm.L;

    private NarrowConv() {
    }

    /** Whether a conv with {@code outC} output channels and {@code spec} takes these kernels. */
    static boolean applies(int outC, ConvSpec spec) {
        return outC <= MAX_OUT && spec.strideH() == 1 && spec.strideW() == 1;
    }

    /** Forward: out [N,O,oH,oW] (contiguous) = conv(x, w) + bias. */
    static void conv2d(Tensor x, Tensor w, Tensor bias, Tensor out, ConvSpec spec) {
        Geometry g = new Geometry(x.shape(), w.shape(), out.shape(), spec);
        float[] xpad = g.padPlanes(HostView.of(x));
        HostView wv = HostView.of(w);
        HostView bv = bias == null ? null : HostView.of(bias);
        float[] o = Strided.data(out);
        int oBase = out.offset();
        float[] wide = Scratch.callerBuffer(g.batch * g.outC * g.wideSize());
        int chunks = Math.max(1, Math.min(g.oh, Sgemm.ceilDiv(2 * Parallel.threads(), g.batch * g.outC)));
        Parallel.forEach(g.batch * g.outC * chunks, t -> {
            int plane = t / chunks, chunk = t % chunks, n = plane / g.outC, oc = plane % g.outC;
            int r0 = chunk * g.oh / chunks, r1 = (chunk + 1) * g.oh / chunks;
            int acc = plane * g.wideSize() + r0 * g.wp, len = (r1 - r0) * g.wp;
            Arrays.fill(wide, acc, acc + len, 0f);
            for (int c = 0; c < g.channels; c++) {
                int src = (n * g.channels + c) * g.planeSize() + r0 * g.wp;
                int wRow = wv.offset() + oc * wv.strides()[0] + c * wv.strides()[1];
                for (int ky = 0; ky < g.kh; ky++) {
                    for (int kx = 0; kx < g.kw; kx++) {
                        float wk = wv.data()[wRow + ky * wv.strides()[2] + kx * wv.strides()[3]];
                        axpy(wk, xpad, src + g.shift(ky, kx), wide, acc, len);
                    }
                }
            }
            float b = bv == null ? 0f : bv.data()[bv.offset() + oc * bv.strides()[0]];
            for (int oy = r0; oy < r1; oy++) {
                int from = plane * g.wideSize() + oy * g.wp, to = oBase + (plane * g.oh + oy) * g.ow;
                for (int ox = 0; ox < g.ow; ox++) {
                    o[to + ox] = wide[from + ox] + b;
                }
            }
        });
    }

    /** Input gradient (= transposed convolution): gx [N,C,H,W] (contiguous) from gy [N,O,oH,oW]. */
    static void conv2dInputGrad(Tensor gy, Tensor w, Tensor gx, ConvSpec spec) {
        Geometry g = new Geometry(gx.shape(), w.shape(), gy.shape(), spec);
        float[] gyWide = g.wideGradients(HostView.of(gy));
        HostView wv = HostView.of(w);
        float[] out = Strided.data(gx);
        int gxBase = gx.offset();
        float[] pads = Scratch.inputCopy((long) g.batch * g.channels * g.planeSize());
        Parallel.forEach(g.batch * g.channels, p -> {
            int n = p / g.channels, c = p % g.channels, pad = p * g.planeSize();
            Arrays.fill(pads, pad, pad + g.planeSize(), 0f);
            for (int oc = 0; oc < g.outC; oc++) {
                int src = (n * g.outC + oc) * g.wideSize();
                int wRow = wv.offset() + oc * wv.strides()[0] + c * wv.strides()[1];
                for (int ky = 0; ky < g.kh; ky++) {
                    for (int kx = 0; kx < g.kw; kx++) {
                        float wk = wv.data()[wRow + ky * wv.strides()[2] + kx * wv.strides()[3]];
                        axpy(wk, gyWide, src, pads, pad + g.shift(ky, kx), g.wideSize());
                    }
                }
            }
            for (int iy = 0; iy < g.h; iy++) {
                System.arraycopy(pads, pad + (iy + spec.padH()) * g.wp + spec.padW(), out,
                        gxBase + (p * g.h + iy) * g.w, g.w);
            }
        });
    }

    /** Weight gradient: gw [O,C,kh,kw] (contiguous) = sum over images and positions of gy * shifted x. */
    static void conv2dWeightGrad(Tensor x, Tensor gy, Tensor gw, ConvSpec spec) {
        Geometry g = new Geometry(x.shape(), gw.shape(), gy.shape(), spec);
        float[] xpad = g.padPlanes(HostView.of(x));
        float[] gyWide = g.wideGradients(HostView.of(gy));
        float[] out = Strided.data(gw);
        int gwBase = gw.offset();
        Parallel.forEach(g.outC * g.channels, p -> {
            int oc = p / g.channels, c = p % g.channels;
            float[] lanes = new float[L];
            for (int ky = 0; ky < g.kh; ky++) {
                for (int kx = 0; kx < g.kw; kx++) {
                    out[gwBase + (p * g.kh + ky) * g.kw + kx] =
                            (float) tapGradient(gyWide, oc, xpad, c, g.shift(ky, kx), g, lanes);
                }
            }
        });
    }

    /**
     * One weight's gradient: the dot of output channel {@code oc}'s wide gradients with input channel
     * {@code c}'s padded planes shifted by {@code shift}, over all images. Its own small method with no
     * vector crossing a method boundary: inside the big per-task lambda C2 ran out of inlining budget
     * and left the fma to the boxed Java fallback (3.5 GB of garbage and a crawl in a train step), and a
     * vector accumulator carried over the images ran 4.6x slower than one per image. Lanes are summed in
     * lane order, not with reduceLanes, whose float association may change once C2 compiles it: training
     * must give the same bits in every JVM (see {@link VectorMath#sumLanes}).
     */
    private static double tapGradient(float[] gyWide, int oc, float[] xpad, int c, int shift, Geometry g,
                                      float[] lanes) {
        double sum = 0;
        int len = g.wideSize();
        for (int n = 0; n < g.batch; n++) {
            sum += dot(gyWide, (n * g.outC + oc) * len, xpad, (n * g.channels + c) * g.planeSize() + shift, len, lanes);
        }
        return sum;
    }

    /** {@code sum(a[s + i] * b[t + i])} for {@code i < n}: vector partial sums added in lane order, in double. */
    private static double dot(float[] a, int s, float[] b, int t, int n, float[] lanes) {
        FloatVector acc = FloatVector.zero(Sgemm.S);
        int i = 0;
        for (int bound = Sgemm.S.loopBound(n); i < bound; i += L) {
            acc = FloatVector.fromArray(Sgemm.S, a, s + i).fma(FloatVector.fromArray(Sgemm.S, b, t + i), acc);
        }
        acc.intoArray(lanes, 0);
        double sum = 0;
        for (float f : lanes) {
            sum += f;
        }
        for (; i < n; i++) {
            sum += (double) a[s + i] * b[t + i];
        }
        return sum;
    }

    /** {@code dst[d + i] += a * src[s + i]} for {@code i < n}. */
    private static void axpy(float a, float[] src, int s, float[] dst, int d, int n) {
        int i = 0;
        FloatVector va = FloatVector.broadcast(Sgemm.S, a);
        for (int bound = Sgemm.S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(Sgemm.S, src, s + i).fma(va, FloatVector.fromArray(Sgemm.S, dst, d + i))
                    .intoArray(dst, d + i);
        }
        for (; i < n; i++) {
            dst[d + i] = Math.fma(a, src[s + i], dst[d + i]);
        }
    }

    /**
     * Sizes of one conv, x [batch, channels, h, w] -> y [batch, outC, oh, ow], and the padded layout:
     * planes of {@code hp x wp} plus {@code (kw-1)*dw} floats of slack, because the junk columns of
     * the last wide row reach that far past the plane.
     */
    private record Geometry(int batch, int channels, int h, int w, int outC, int kh, int kw, int oh, int ow,
                            ConvSpec spec, int hp, int wp) {
        Geometry(int[] xs, int[] ws, int[] ys, ConvSpec spec) {
            this(xs[0], xs[1], xs[2], xs[3], ys[1], ws[2], ws[3], ys[2], ys[3], spec, xs[2] + 2 * spec.padH(),
                    xs[3] + 2 * spec.padW());
        }

        int planeSize() {
            return hp * wp + (kw - 1) * spec.dilationW();
        }

        int wideSize() {
            return oh * wp;
        }

        int shift(int ky, int kx) {
            return ky * spec.dilationH() * wp + kx * spec.dilationW();
        }

        /** x copied into zero-padded planes, one per (image, channel), in the caller's buffer. */
        float[] padPlanes(HostView xv) {
            float[] pads = Scratch.inputCopy((long) batch * channels * planeSize());
            int[] st = xv.strides();
            float[] src = xv.data();
            Parallel.forEach(batch * channels, p -> {
                int base = p * planeSize(), from = xv.offset() + (p / channels) * st[0] + (p % channels) * st[1];
                Arrays.fill(pads, base, base + planeSize(), 0f);
                for (int iy = 0; iy < h; iy++) {
                    int row = base + (iy + spec.padH()) * wp + spec.padW(), at = from + iy * st[2];
                    for (int ix = 0; ix < w; ix++) {
                        pads[row + ix] = src[at + ix * st[3]];
                    }
                }
            });
            return pads;
        }

        /** gy as wide rows ({@code oh x wp}, columns past ow zero), one per (image, output channel). */
        float[] wideGradients(HostView gv) {
            float[] wide = Scratch.callerBuffer(batch * outC * wideSize());
            int[] st = gv.strides();
            for (int p = 0; p < batch * outC; p++) {
                int from = gv.offset() + (p / outC) * st[0] + (p % outC) * st[1];
                for (int oy = 0; oy < oh; oy++) {
                    int row = p * wideSize() + oy * wp, at = from + oy * st[2];
                    for (int ox = 0; ox < ow; ox++) {
                        wide[row + ox] = gv.data()[at + ox * st[3]];
                    }
                    Arrays.fill(wide, row + ow, row + wp, 0f);
                }
            }
            return wide;
        }
    }
}
