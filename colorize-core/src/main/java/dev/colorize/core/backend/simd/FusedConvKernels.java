package dev.colorize.core.backend.simd;

import dev.colorize.core.backend.FusedConv;
import dev.colorize.core.backend.UnaryOp;
import dev.colorize.core.tensor.Tensor;

/**
 * The inference convolutions of {@link dev.colorize.core.backend.Backend#convFused}: the GEMMs of
 * {@link ConvKernels} with the per-channel scale, shift and activation applied as an
 * {@link Epilogue} (forward: on each register tile as the GEMM finishes it; transposed: on each
 * channel plane right after col2im), and the output written to a view whose images are each
 * contiguous (a channel slice of a skip connection's concatenation buffer). So a U-Net level costs
 * one pass over its output instead of conv, BatchNorm, activation and concatenation passes.
 */
final class FusedConvKernels {
    private FusedConvKernels() {
    }

    /** Whether the kernels here can write {@code out}: every image's [C,H,W] block contiguous. */
    static boolean supports(Tensor out) {
        int[] sh = out.shape();
        int[] st = out.strides();
        return out.dim() == 4 && (sh[3] == 1 || st[3] == 1) && (sh[2] == 1 || st[2] == sh[3])
                && (sh[1] == 1 || st[1] == sh[2] * sh[3]);
    }

    static void conv(Tensor x, Tensor w, Tensor scale, Tensor shift, Tensor out, FusedConv f) {
        Epilogue ep = new Epilogue(scale == null ? null : scale.toArray(), shift == null ? null : shift.toArray(),
                f.outputSlope());
        if (f.transposed()) {
            convTranspose(x, w, out, f, ep);
        } else {
            Tensor in = x;
            if (f.hasInputActivation()) {
                // im2col reads every input element kH*kW/stride^2 times: activate once up front.
                in = Tensor.zeros(x.backend(), x.shape());
                UnaryOp op = f.inputSlope() == 0f ? UnaryOp.RELU : UnaryOp.LEAKY_RELU;
                Elementwise.unary(op, f.inputSlope(), 0f, x, in);
            }
            conv2d(in, w, out, f, ep);
        }
    }

    private static void conv2d(Tensor x, Tensor w, Tensor out, FusedConv f, Epilogue ep) {
        int[] xs = x.shape();
        int[] ws = w.shape();
        int[] os = out.shape();
        int batch = xs[0], outC = ws[0], kh = ws[2], kw = ws[3];
        int ow = os[3], spatial = os[2] * ow;
        int patch = ws[1] * kh * kw;
        HostView xv = HostView.of(x);
        HostView wv = HostView.trailingContiguous(w, 3);
        float[] o = dev.colorize.core.backend.Strided.data(out);
        int oBase = out.offset(), oStride = out.strides()[0];
        Operand weights = ConvKernels.weights(w, wv, wv.strides()[0], 1, outC, patch, spatial);
        int slabs = Sgemm.slabs(outC, spatial, patch, Sgemm.ceilDiv(Parallel.threads(), Math.max(1, batch)));
        Operand[] cols = ConvKernels.columns(xv, xs, kh, kw, ow, f.spec());
        Parallel.forEach(batch * slabs, t -> {
            int n = t / slabs;
            Sgemm.gemmSlab(t % slabs, slabs, outC, spatial, patch, weights, cols[n], o, oBase + n * oStride,
                    spatial, false, Sgemm.KC, ep);
        });
    }

    /** cols = W^T * act(x[n]) as in {@link ConvKernels#conv2dInputGrad}, then col2im and the epilogue per plane. */
    private static void convTranspose(Tensor x, Tensor w, Tensor out, FusedConv f, Epilogue ep) {
        int[] xs = x.shape();
        int[] ws = w.shape();
        int[] os = out.shape();
        int batch = xs[0], inC = xs[1], spatial = xs[2] * xs[3];
        int channels = ws[1], kh = ws[2], kw = ws[3];
        int patch = channels * kh * kw;
        int plane = os[2] * os[3];
        HostView xv = HostView.trailingContiguous(x, 2);
        HostView wv = HostView.trailingContiguous(w, 3);
        float[] g = dev.colorize.core.backend.Strided.data(out);
        Operand weightsT = ConvKernels.weights(w, wv, 1, wv.strides()[0], patch, inC, spatial);
        float[] cols = Scratch.callerBuffer(patch * spatial);
        for (int n = 0; n < batch; n++) {
            Operand input = StridedOperand.columnsOf(xv.data(), xv.offset() + n * xv.strides()[0], xv.strides()[1], 1)
                    .activated(f.inputSlope());
            Sgemm.gemm(patch, spatial, inC, weightsT, input, cols, 0, spatial, false);
            int base = out.offset() + n * out.strides()[0];
            Parallel.forEach(channels, c -> {
                ConvKernels.col2im(cols, c, kh, kw, xs[2], xs[3], g, base, os[2], os[3], f.spec());
                ep.applyRow(g, base + c * plane, plane, c);
            });
        }
    }
}
