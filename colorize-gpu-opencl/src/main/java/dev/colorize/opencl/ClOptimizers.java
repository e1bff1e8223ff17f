package dev.colorize.opencl;

import dev.colorize.core.backend.AdamUpdate;
import dev.colorize.core.backend.OptimizerKernels;
import dev.colorize.core.backend.RmspropUpdate;
import dev.colorize.core.backend.SgdUpdate;
import dev.colorize.core.tensor.Tensor;

/**
 * The fused optimizer updates on the device (optim.cl): parameters, gradients and state stay in
 * device buffers, so an optimizer step enqueues one kernel per parameter and reads nothing back.
 * A strided gradient is first made contiguous on the device.
 */
final class ClOptimizers {
    private final OpenClBackend be;

    ClOptimizers(OpenClBackend be) {
        this.be = be;
    }

    void adam(AdamUpdate u, Tensor param, Tensor grad, Tensor m, Tensor v) {
        String op = "adamStep";
        OptimizerKernels.check("opencl " + op, param, grad, m, v);
        int n = param.numel();
        if (n == 0) {
            return;
        }
        Tensor g = be.dense(grad);
        be.cl().launch("adam_step").arg(n).mem(be.storage(param, op)).arg(param.offset())
                .mem(be.storage(g, op)).arg(g.offset()).mem(be.storage(m, op)).arg(m.offset())
                .mem(be.storage(v, op)).arg(v.offset())
                .arg(u.beta1f()).arg(u.beta2f()).arg(u.oneMinusBeta1()).arg(u.oneMinusBeta2()).arg(u.l2()).arg(u.decay())
                .arg(u.decoupled() ? 1 : 0).arg(-u.stepSize()).arg(u.bias2Sqrt()).arg(u.epsf()).run1d(n);
    }

    void rmsprop(RmspropUpdate u, Tensor param, Tensor grad, Tensor sq, Tensor gradAvg, Tensor buf) {
        String op = "rmspropStep";
        OptimizerKernels.check("opencl " + op, param, grad, sq, gradAvg, buf);
        OptimizerKernels.checkPresent("opencl " + op, "grad_avg", gradAvg, u.centered());
        OptimizerKernels.checkPresent("opencl " + op, "momentum_buffer", buf, u.hasMomentum());
        int n = param.numel();
        if (n == 0) {
            return;
        }
        Tensor g = be.dense(grad);
        Tensor ga = gradAvg == null ? param : gradAvg;
        Tensor b = buf == null ? param : buf;
        be.cl().launch("rmsprop_step").arg(n).mem(be.storage(param, op)).arg(param.offset())
                .mem(be.storage(g, op)).arg(g.offset()).mem(be.storage(sq, op)).arg(sq.offset())
                .arg(gradAvg != null ? 1 : 0).mem(be.storage(ga, op)).arg(ga.offset())
                .arg(buf != null ? 1 : 0).mem(be.storage(b, op)).arg(b.offset())
                .arg(u.alphaf()).arg(u.oneMinusAlpha()).arg(u.epsf()).arg(u.weightDecayf()).arg(u.momentumf())
                .arg(u.negLr()).run1d(n);
    }

    void sgd(SgdUpdate u, Tensor param, Tensor grad, Tensor buf) {
        String op = "sgdStep";
        OptimizerKernels.check("opencl " + op, param, grad, buf);
        OptimizerKernels.checkPresent("opencl " + op, "momentum_buffer", buf, u.hasMomentum());
        int n = param.numel();
        if (n == 0) {
            return;
        }
        Tensor g = be.dense(grad);
        Tensor b = buf == null ? param : buf;
        be.cl().launch("sgd_step").arg(n).mem(be.storage(param, op)).arg(param.offset())
                .mem(be.storage(g, op)).arg(g.offset())
                .arg(buf != null ? 1 : 0).mem(be.storage(b, op)).arg(b.offset())
                .arg(u.firstStep() ? 1 : 0).arg(u.nesterov() ? 1 : 0)
                .arg(u.weightDecayf()).arg(u.momentumf()).arg(u.keep()).arg(u.negLr()).run1d(n);
    }
}
