package dev.colorize.core.backend.simd;

import dev.colorize.core.backend.ConvSpec;
import dev.colorize.core.backend.ScalarBackend;
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

    @Override
    public String name() {
        return NAME;
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
        float[] o = dev.colorize.core.backend.Strided.data(out);
        int oBase = out.offset();
        int slabs = Sgemm.slabs(m, n, k, Sgemm.ceilDiv(Parallel.threads(), Math.max(1, batch)));
        Parallel.forEach(batch * slabs, t -> {
            int b = t / slabs;
            Operand lhs = StridedOperand.rowsOf(av.data(), av.offset() + b * av.strides()[0], av.strides()[1],
                    av.strides()[2]);
            Operand rhs = StridedOperand.columnsOf(cv.data(), cv.offset() + b * cv.strides()[0], cv.strides()[1],
                    cv.strides()[2]);
            Sgemm.gemmSlab(t % slabs, slabs, m, n, k, lhs, rhs, o, oBase + b * m * n, n, false);
        });
    }

    @Override
    public void conv2d(Tensor x, Tensor w, Tensor bias, Tensor out, ConvSpec spec) {
        if (!out.isContiguous()) {
            super.conv2d(x, w, bias, out, spec);
            return;
        }
        ConvKernels.conv2d(x, w, bias, out, spec);
    }

    @Override
    public void conv2dInputGrad(Tensor gy, Tensor w, Tensor gx, ConvSpec spec) {
        if (!gx.isContiguous()) {
            super.conv2dInputGrad(gy, w, gx, spec);
            return;
        }
        ConvKernels.conv2dInputGrad(gy, w, gx, spec);
    }

    @Override
    public void conv2dWeightGrad(Tensor x, Tensor gy, Tensor gw, ConvSpec spec) {
        if (!gw.isContiguous()) {
            super.conv2dWeightGrad(x, gy, gw, spec);
            return;
        }
        ConvKernels.conv2dWeightGrad(x, gy, gw, spec);
    }
}
