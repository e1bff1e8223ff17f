package dev.colorize.core.ops;

import dev.colorize.core.autograd.Function;
import dev.colorize.core.autograd.GradMode;
import dev.colorize.core.backend.Backend;
import dev.colorize.core.tensor.Shapes;
import dev.colorize.core.tensor.ShapeException;
import dev.colorize.core.tensor.Tensor;

/**
 * Batch normalisation over dimension 1 of [N,C,...]: a fused training op ({@link Train}: one
 * moments kernel, one affine pass, a closed-form backward in tensor ops that differentiates again)
 * and, in evaluation, one per-channel affine pass ({@link ChannelAffine}). PyTorch's rules: training normalises with the batch mean and the
 * biased variance, eps inside the square root, and updates the running statistics in place with
 * the unbiased variance; evaluation normalises with the running statistics.
 */
public final class BatchNorm {
    private BatchNorm() {
    }

    public static Tensor apply(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                               boolean training, float momentum, float eps) {
        if (x.dim() < 2) {
            throw new ShapeException("batch_norm: input needs shape [N,C,...], got " + Shapes.str(x.shape()));
        }
        int c = x.size(1);
        checkVector("running_mean", runningMean, c, x);
        checkVector("running_var", runningVar, c, x);
        checkVector("weight", weight, c, x);
        checkVector("bias", bias, c, x);
        if ((runningMean == null) != (runningVar == null)) {
            throw new IllegalArgumentException("batch_norm: running_mean and running_var must both be given or both be null");
        }
        if (training || runningMean == null) {
            int n = x.numel() / Math.max(c, 1);
            if (n < 2 && training) {
                throw new ShapeException("batch_norm: expected more than 1 value per channel when training, got input "
                        + Shapes.str(x.shape()));
            }
            Train fn = new Train(eps);
            Tensor y = fn.forward(x, weight, bias);
            if (training && runningMean != null) {
                updateRunning(runningMean, runningVar, fn.mean, fn.var, n, momentum);
            }
            return y;
        }
        // Evaluation: y = x * scale + shift with scale = w / sqrt(rv + eps), shift = b - rm * scale, computed
        // on [C] vectors with differentiable ops (weight and bias may require grad), then one pass over x.
        Tensor scale = runningVar.detach().add(eps).pow(-0.5f);
        if (weight != null) {
            scale = scale.mul(weight);
        }
        Tensor shift = runningMean.detach().mul(scale).neg();
        if (bias != null) {
            shift = shift.add(bias);
        }
        return ChannelAffine.apply(x, scale, shift);
    }

    /**
     * Training-mode batch norm as one op: forward computes the batch moments in one kernel and
     * normalises in another ({@link ChannelAffine}); backward is the closed form
     * {@code gx = w/std * (g - mean(g) - xhat * mean(g * xhat))}, {@code gw = sum(g * xhat)},
     * {@code gb = sum(g)}, written in tensor ops. When backward is itself recorded (double backward)
     * the statistics are recomputed from x with differentiable ops, so the graph sees their dependence
     * on x; otherwise the saved ones are used.
     */
    static final class Train extends Function {
        private final float eps;
        private Tensor x;
        private Tensor weight;
        private Tensor bias;
        /** Batch mean and biased variance, [C]. */
        Tensor mean;
        Tensor var;
        private Tensor invStd;

        Train(float eps) {
            this.eps = eps;
        }

        public String name() { return "batch_norm"; }

        Tensor forward(Tensor x, Tensor weight, Tensor bias) {
            this.x = x;
            this.weight = weight;
            this.bias = bias;
            int c = x.size(1);
            Backend b = Kernels.backendOf(name(), x, weight, bias);
            mean = Kernels.empty(b, new int[] {c});
            var = Kernels.empty(b, new int[] {c});
            b.channelMoments(x, mean, var);
            Tensor y;
            try (GradMode.Scope s = GradMode.noGrad()) {
                invStd = var.add(eps).pow(-0.5f);
                Tensor scale = weight == null ? invStd : invStd.mul(weight.detach());
                Tensor shift = mean.mul(scale).neg();
                if (bias != null) {
                    shift = shift.add(bias.detach());
                }
                y = ChannelAffine.apply(x, scale, shift);
            }
            return record(y, x, weight, bias);
        }

        protected Tensor[] backward(Tensor g) {
            if (!GradMode.isEnabled()) {
                return backwardFused(g);
            }
            int rank = x.dim();
            int c = x.size(1);
            int[] dims = ChannelAffine.otherDims(rank);
            float count = (float) x.numel() / c;
            Tensor mu = mean;
            Tensor inv = invStd;
            if (GradMode.isEnabled() && x.requiresGrad()) {
                Tensor m = x.mean(dims, true);
                Tensor centered = x.sub(m);
                mu = m.reshape(c);
                inv = centered.mul(centered).mean(dims, true).add(eps).pow(-0.5f).reshape(c);
            }
            Tensor xhat = ChannelAffine.apply(x, inv, mu.mul(inv).neg());
            Tensor gSum = g.sum(dims, false);
            Tensor gxhatSum = g.mul(xhat).sum(dims, false);
            Tensor gx = null;
            if (x.requiresGrad()) {
                Tensor a = weight == null ? inv : inv.mul(weight);
                // gx = a * g + (-a * mean(g * xhat)) * xhat + (-a * mean(g))
                Tensor rest = ChannelAffine.apply(xhat, a.mul(gxhatSum).mul(-1f / count), a.mul(gSum).mul(-1f / count));
                gx = ChannelAffine.apply(g, a, null).add(rest);
            }
            Tensor gw = weight != null && weight.requiresGrad() ? gxhatSum : null;
            Tensor gb = bias != null && bias.requiresGrad() ? gSum : null;
            return new Tensor[] {gx, gw, gb};
        }

        /**
         * The same gradients without recording a graph, in two kernels and one full-size tensor (the
         * composed path above makes five): per channel {@code sum(g)} and {@code sum(g * (x - mean))
         * = sum(g * xhat) / invStd}, then {@code gx = a*g + k1*x + k0} with {@code a = invStd * weight},
         * {@code k1 = -a * invStd * sum(g*xhat) / count}, {@code k0 = -a * sum(g) / count - k1 * mean}.
         */
        private Tensor[] backwardFused(Tensor g) {
            int c = x.size(1);
            float count = (float) x.numel() / c;
            Backend b = Kernels.backendOf(name(), x, g);
            Tensor gSum = Kernels.empty(b, new int[] {c});
            Tensor gCentredSum = Kernels.empty(b, new int[] {c});
            Tensor dense = Kernels.dense(g);
            b.channelGradSums(dense, x, mean, gSum, gCentredSum);
            Tensor gxhatSum = gCentredSum.mul(invStd);
            Tensor gx = null;
            if (x.requiresGrad()) {
                Tensor a = weight == null ? invStd : invStd.mul(weight.detach());
                Tensor k1 = a.mul(invStd).mul(gxhatSum).mul(-1f / count);
                Tensor k0 = a.mul(gSum).mul(-1f / count).sub(k1.mul(mean));
                gx = Kernels.empty(b, x.shape());
                b.channelAffine2(dense, a, x, k1, k0, gx);
            }
            Tensor gw = weight != null && weight.requiresGrad() ? gxhatSum : null;
            Tensor gb = bias != null && bias.requiresGrad() ? gSum : null;
            return new Tensor[] {gx, gw, gb};
        }
    }

    /** running = (1 - momentum) * running + momentum * batch, with the unbiased batch variance. */
    private static void updateRunning(Tensor runningMean, Tensor runningVar, Tensor mean, Tensor var, int n,
                                      float momentum) {
        try (GradMode.Scope s = GradMode.noGrad()) {
            int c = runningMean.numel();
            Tensor m = mean.detach().reshape(c);
            Tensor v = var.detach().reshape(c).mul((float) n / (n - 1));
            runningMean.copyFrom(runningMean.detach().mul(1f - momentum).add(m.mul(momentum)));
            runningVar.copyFrom(runningVar.detach().mul(1f - momentum).add(v.mul(momentum)));
        }
    }

    private static void checkVector(String name, Tensor t, int c, Tensor x) {
        if (t != null && (t.dim() != 1 || t.size(0) != c)) {
            throw new ShapeException("batch_norm: " + name + " " + Shapes.str(t.shape()) + " does not match the "
                    + c + " channels of input " + Shapes.str(x.shape()));
        }
    }
}
