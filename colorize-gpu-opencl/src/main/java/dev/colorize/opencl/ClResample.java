package dev.colorize.opencl;

import dev.colorize.core.tensor.Tensor;

/** Upsampling and 2-D padding with their adjoints (gather kernels of resample.cl) over contiguous planes. */
final class ClResample {
    private final OpenClBackend be;

    ClResample(OpenClBackend be) {
        this.be = be;
    }

    void upsample(Tensor xIn, Tensor outIn, int sh, int sw, boolean bilinear) {
        be.intoContiguous(outIn, out -> {
            Tensor x = be.dense(xIn);
            int[] s = x.shape();
            resample("upsample2d", out.numel(), s, sh, sw, bilinear, x, out);
        });
    }

    void upsampleAdjoint(Tensor gyIn, Tensor gxIn, int sh, int sw, boolean bilinear) {
        be.intoContiguous(gxIn, gx -> {
            Tensor gy = be.dense(gyIn);
            resample("upsample2d_adjoint", gx.numel(), gx.shape(), sh, sw, bilinear, gy, gx);
        });
    }

    /** {@code small} is the [N,C,H,W] shape of the low-resolution side; one work-item per element of {@code dst}. */
    private void resample(String kernel, int total, int[] small, int sh, int sw, boolean bilinear, Tensor src, Tensor dst) {
        be.cl().launch(kernel).arg(total).arg(small[2]).arg(small[3]).arg(sh).arg(sw).arg(1f / sh).arg(1f / sw)
                .arg(bilinear ? 1 : 0).mem(be.storage(src, kernel)).arg(src.offset())
                .mem(be.storage(dst, kernel)).arg(dst.offset()).run1d(total);
    }

    void pad(Tensor xIn, Tensor outIn, int[] pads, boolean reflect) {
        be.intoContiguous(outIn, out -> {
            Tensor x = be.dense(xIn);
            checkReflect(x.shape(), pads, reflect);
            pad2d("pad2d", out.numel(), x.shape(), pads, reflect, x, out);
        });
    }

    void padAdjoint(Tensor gyIn, Tensor gxIn, int[] pads, boolean reflect) {
        be.intoContiguous(gxIn, gx -> {
            Tensor gy = be.dense(gyIn);
            checkReflect(gx.shape(), pads, reflect);
            pad2d("pad2d_adjoint", gx.numel(), gx.shape(), pads, reflect, gy, gx);
        });
    }

    private void pad2d(String kernel, int total, int[] small, int[] pads, boolean reflect, Tensor src, Tensor dst) {
        int rank = small.length;
        be.cl().launch(kernel).arg(total).arg(small[rank - 2]).arg(small[rank - 1])
                .arg(pads[0]).arg(pads[1]).arg(pads[2]).arg(pads[3]).arg(reflect ? 1 : 0)
                .mem(be.storage(src, kernel)).arg(src.offset()).mem(be.storage(dst, kernel)).arg(dst.offset()).run1d(total);
    }

    /** Same rule as the reference: a reflection may not reach past the opposite edge. */
    private static void checkReflect(int[] small, int[] pads, boolean reflect) {
        int rank = small.length;
        int h = small[rank - 2], w = small[rank - 1];
        if (reflect && (Math.max(pads[0], pads[1]) >= w || Math.max(pads[2], pads[3]) >= h)) {
            throw new IllegalArgumentException("reflect padding wider than the input (" + java.util.Arrays.toString(pads)
                    + " for " + h + "x" + w + ")");
        }
    }
}
