package dev.colorize.core.backend.simd;

import dev.colorize.core.backend.AdamUpdate;
import dev.colorize.core.backend.BinaryOp;
import dev.colorize.core.backend.ConvSpec;
import dev.colorize.core.backend.FusedConv;
import dev.colorize.core.backend.ReduceOp;
import dev.colorize.core.backend.RmspropUpdate;
import dev.colorize.core.backend.ScalarBackend;
import dev.colorize.core.backend.SgdUpdate;
import dev.colorize.core.backend.Strided;
import dev.colorize.core.backend.UnaryOp;
import dev.colorize.core.tensor.Tensor;

/**
 * CPU kernels on the Vector API ({@code jdk.incubator.vector}), multithreaded on the
 * {@link Parallel} pool. Every kernel overridden here has its scalar reference in
 * {@link ScalarBackend} and a parity test; kernels not overridden (or layouts a fast kernel does
 * not handle) run the reference. Vector width is {@code FloatVector.SPECIES_PREFERRED}, chosen at
 * run time; {@code -Dcolorize.cpu.kernels=scalar} selects the reference kernels instead.
 */
public class VectorBackend extends ScalarBackend {
    public static final String NAME = "cpu-vector";
    /** Floats per parallel chunk of a copy: below that the pool costs more than it saves. */
    private static final int COPY_GRAIN = 1 << 17;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        float[] s = Strided.data(src);
        float[] d = Strided.data(dst);
        Rows rows = new Rows(dst.shape(), src, dst);
        int len = rows.length();
        int ss = rows.innerStride(0), ds = rows.innerStride(1);
        while (rows.next()) {
            int so = rows.offset(0), dOff = rows.offset(1);
            if (ss == 1 && ds == 1) {
                copyRow(s, so, d, dOff, len);
            } else {
                for (int i = 0; i < len; i++) {
                    d[dOff + i * ds] = s[so + i * ss];
                }
            }
        }
    }

    /** A long contiguous row (a skip connection's concatenation) is copied on the pool in chunks. */
    private static void copyRow(float[] s, int so, float[] d, int dOff, int len) {
        int tasks = Math.max(1, Math.min(Parallel.threads(), len / COPY_GRAIN));
        if (tasks == 1) {
            System.arraycopy(s, so, d, dOff, len);
            return;
        }
        Parallel.forEach(tasks, t -> {
            int from = (int) ((long) len * t / tasks), to = (int) ((long) len * (t + 1) / tasks);
            System.arraycopy(s, so + from, d, dOff + from, to - from);
        });
    }

    @Override
    public void unary(UnaryOp op, float p1, float p2, Tensor x, Tensor out) {
        if (Elementwise.supports(op)) {
            Elementwise.unary(op, p1, p2, x, out);
        } else {
            super.unary(op, p1, p2, x, out);
        }
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        Elementwise.binary(op, a, b, out);
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, boolean[] dims, Tensor out) {
        if (!out.isContiguous()) {
            super.reduce(op, x, dims, out);
            return;
        }
        Reduce.reduce(op, x, dims, out);
    }

    @Override
    public void upsample(Tensor x, Tensor out, int scaleH, int scaleW, boolean bilinear) {
        if (!out.isContiguous()) {
            super.upsample(x, out, scaleH, scaleW, bilinear);
            return;
        }
        Resample.upsample(x, out, scaleH, scaleW, bilinear);
    }

    @Override
    public void upsampleAdjoint(Tensor gy, Tensor gx, int scaleH, int scaleW, boolean bilinear) {
        if (!gx.isContiguous()) {
            super.upsampleAdjoint(gy, gx, scaleH, scaleW, bilinear);
            return;
        }
        Resample.upsampleAdjoint(gy, gx, scaleH, scaleW, bilinear);
    }

    @Override
    public void matmul(Tensor a, Tensor c, Tensor out) {
        if (!out.isContiguous()) {
            super.matmul(a, c, out);
            return;
        }
        int batch = a.shape()[0], m = a.shape()[1], k = a.shape()[2], n = c.shape()[2];
        HostView av = HostView.of(a);
        HostView cv = HostView.of(c);
        float[] o = Strided.data(out);
        int oBase = out.offset();
        int slabs = Sgemm.slabs(m, n, k, Sgemm.ceilDiv(Parallel.threads(), Math.max(1, batch)));
        Parallel.forEach(batch * slabs, t -> {
            int b = t / slabs;
            Operand lhs = StridedOperand.rowsOf(av.data(), av.offset() + b * av.strides()[0], av.strides()[1],
                    av.strides()[2]);
            Operand rhs = StridedOperand.columnsOf(cv.data(), cv.offset() + b * cv.strides()[0], cv.strides()[1],
                    cv.strides()[2]);
            Sgemm.gemmSlab(t % slabs, slabs, m, n, k, lhs, rhs, o, oBase + b * m * n, n, false, Sgemm.KC_MATMUL);
        });
    }

    @Override
    public void channelMoments(Tensor x, Tensor mean, Tensor var) {
        if (!x.isContiguous() || x.dim() < 2 || !mean.isContiguous() || !var.isContiguous()) {
            super.channelMoments(x, mean, var);
            return;
        }
        ChannelKernels.moments(x, mean, var);
    }

    @Override
    public void channelAffine(Tensor x, Tensor scale, Tensor shift, Tensor out) {
        if (!x.isContiguous() || !out.isContiguous() || x.dim() < 2) {
            super.channelAffine(x, scale, shift, out);
            return;
        }
        ChannelKernels.affine(x, scale, shift, out);
    }

    @Override
    public void channelGradSums(Tensor g, Tensor x, Tensor mean, Tensor sumG, Tensor sumGCentred) {
        if (!x.isContiguous() || !g.isContiguous() || x.dim() < 2 || !sumG.isContiguous()
                || !sumGCentred.isContiguous()) {
            super.channelGradSums(g, x, mean, sumG, sumGCentred);
            return;
        }
        ChannelKernels.gradSums(g, x, mean, sumG, sumGCentred);
    }

    @Override
    public void channelAffine2(Tensor a, Tensor scaleA, Tensor b, Tensor scaleB, Tensor shift, Tensor out) {
        if (!a.isContiguous() || !b.isContiguous() || !out.isContiguous() || a.dim() < 2) {
            super.channelAffine2(a, scaleA, b, scaleB, shift, out);
            return;
        }
        ChannelKernels.affine2(a, scaleA, b, scaleB, shift, out);
    }

    @Override
    public void conv2d(Tensor x, Tensor w, Tensor bias, Tensor out, ConvSpec spec) {
        if (!out.isContiguous()) {
            super.conv2d(x, w, bias, out, spec);
            return;
        }
        int[] ws = w.shape();
        if (NarrowConv.applies(ws[0], spec)) {
            NarrowConv.conv2d(x, w, bias, out, spec);
        } else if (WinogradConv.supports(ws[2], ws[3], spec)
                && WinogradConv.pays(ws[1], ws[0], ws[2], out.shape()[0], out.shape()[2], out.shape()[3])) {
            WinogradConv.conv2d(x, w, bias, out, spec);
        } else {
            ConvKernels.conv2d(x, w, bias, out, spec);
        }
    }

    @Override
    public void conv2dInputGrad(Tensor gy, Tensor w, Tensor gx, ConvSpec spec) {
        if (!gx.isContiguous()) {
            super.conv2dInputGrad(gy, w, gx, spec);
            return;
        }
        int[] ws = w.shape();
        if (NarrowConv.applies(gy.shape()[1], spec)) {
            NarrowConv.conv2dInputGrad(gy, w, gx, spec);
        } else if (WinogradConv.supportsInputGrad(ws[2], ws[3], spec)
                && WinogradConv.pays(ws[1], ws[0], ws[2], gx.shape()[0], gx.shape()[2], gx.shape()[3])) {
            WinogradConv.conv2dInputGrad(gy, w, gx, spec);
        } else {
            ConvKernels.conv2dInputGrad(gy, w, gx, spec);
        }
    }

    @Override
    public void conv2dWeightGrad(Tensor x, Tensor gy, Tensor gw, ConvSpec spec) {
        if (!gw.isContiguous()) {
            super.conv2dWeightGrad(x, gy, gw, spec);
            return;
        }
        int[] ws = gw.shape();
        if (NarrowConv.applies(gy.shape()[1], spec)) {
            NarrowConv.conv2dWeightGrad(x, gy, gw, spec);
        } else if (WinogradConv.supports(ws[2], ws[3], spec)
                && WinogradConv.pays(ws[1], ws[0], ws[2], gy.shape()[0], gy.shape()[2], gy.shape()[3])) {
            WinogradConv.conv2dWeightGrad(x, gy, gw, spec);
        } else {
            ConvKernels.conv2dWeightGrad(x, gy, gw, spec);
        }
    }

    @Override
    public void convFused(Tensor x, Tensor w, Tensor scale, Tensor shift, Tensor out, FusedConv f) {
        if (!FusedConvKernels.supports(out)) {
            super.convFused(x, w, scale, shift, out, f);
            return;
        }
        FusedConvKernels.conv(x, w, scale, shift, out, f);
    }

    // ---------------------------------------------------------------- optimizer updates (OptimizerSteps)

    @Override
    public void adamStep(AdamUpdate u, Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq) {
        if (OptimizerSteps.onHost(param, grad, expAvg, expAvgSq)) {
            OptimizerSteps.adam(u, param, grad, expAvg, expAvgSq);
        } else {
            super.adamStep(u, param, grad, expAvg, expAvgSq);
        }
    }

    @Override
    public void rmspropStep(RmspropUpdate u, Tensor param, Tensor grad, Tensor squareAvg, Tensor gradAvg,
                            Tensor momentumBuffer) {
        if (OptimizerSteps.onHost(param, grad, squareAvg, gradAvg, momentumBuffer)) {
            OptimizerSteps.rmsprop(u, param, grad, squareAvg, gradAvg, momentumBuffer);
        } else {
            super.rmspropStep(u, param, grad, squareAvg, gradAvg, momentumBuffer);
        }
    }

    @Override
    public void sgdStep(SgdUpdate u, Tensor param, Tensor grad, Tensor momentumBuffer) {
        if (OptimizerSteps.onHost(param, grad, momentumBuffer)) {
            OptimizerSteps.sgd(u, param, grad, momentumBuffer);
        } else {
            super.sgdStep(u, param, grad, momentumBuffer);
        }
    }
}
