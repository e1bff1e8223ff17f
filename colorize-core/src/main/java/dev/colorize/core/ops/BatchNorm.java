package dev.colorize.core.ops;

import dev.colorize.core.autograd.GradMode;
import dev.colorize.core.tensor.Shapes;
import dev.colorize.core.tensor.ShapeException;
import dev.colorize.core.tensor.Tensor;

/**
 * Batch normalisation over dimension 1 of [N,C,...], composed from differentiable tensor ops (so
 * it differentiates twice). PyTorch's rules: training normalises with the batch mean and the
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
        int[] dims = new int[x.dim() - 1];
        int[] bshape = new int[x.dim()];
        java.util.Arrays.fill(bshape, 1);
        bshape[1] = c;
        for (int i = 0, j = 0; i < x.dim(); i++) {
            if (i != 1) {
                dims[j++] = i;
            }
        }
        Tensor normalized;
        if (training || runningMean == null) {
            int n = x.numel() / Math.max(c, 1);
            if (n < 2 && training) {
                throw new ShapeException("batch_norm: expected more than 1 value per channel when training, got input "
                        + Shapes.str(x.shape()));
            }
            Tensor mean = x.mean(dims, true);
            Tensor centered = x.sub(mean);
            Tensor var = centered.mul(centered).mean(dims, true);
            normalized = centered.div(var.add(eps).sqrt());
            if (training && runningMean != null) {
                updateRunning(runningMean, runningVar, mean, var, n, momentum);
            }
        } else {
            Tensor mean = runningMean.detach().reshape(bshape);
            Tensor std = runningVar.detach().reshape(bshape).add(eps).sqrt();
            normalized = x.sub(mean).div(std);
        }
        if (weight != null) {
            normalized = normalized.mul(weight.reshape(bshape));
        }
        if (bias != null) {
            normalized = normalized.add(bias.reshape(bshape));
        }
        return normalized;
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
