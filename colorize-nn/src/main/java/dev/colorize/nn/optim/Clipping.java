package dev.colorize.nn.optim;

import dev.colorize.core.tensor.Tensor;

import java.util.List;

/**
 * In-place clipping utilities: weight clipping (the original WGAN critic) and gradient clipping
 * by global norm or by value ({@code torch.nn.utils.clip_grad_norm_} / {@code clip_grad_value_}).
 *
 * <pre>{@code
 * Clipping.clampWeights(critic.parameters(), -0.01f, 0.01f);
 * double norm = Clipping.clipGradNorm(model.parameters(), 1.0);
 * }</pre>
 */
public final class Clipping {
    private Clipping() {
    }

    /** Clamps every element of every tensor to [min, max], in place. */
    public static void clampWeights(List<Tensor> params, float min, float max) {
        if (!(min <= max)) {
            throw new IllegalArgumentException("clampWeights: min " + min + " > max " + max);
        }
        for (Tensor p : params) {
            HostBuffer b = HostBuffer.of(p);
            int end = b.offset + p.numel();
            for (int k = b.offset; k < end; k++) {
                b.data[k] = Math.min(Math.max(b.data[k], min), max);
            }
            b.commit();
        }
    }

    /**
     * Scales all gradients by {@code maxNorm / (total + 1e-6)} when the L2 norm of all of them
     * together exceeds {@code maxNorm}; returns that total norm (before clipping). Parameters
     * without a gradient are ignored. A non-finite norm throws (never silent NaNs).
     */
    public static double clipGradNorm(List<Tensor> params, double maxNorm) {
        double sumSq = 0;
        for (Tensor p : params) {
            if (p.grad() != null) {
                for (float v : p.grad().toArray()) {
                    sumSq += (double) v * v;
                }
            }
        }
        double total = Math.sqrt(sumSq);
        if (!Double.isFinite(total)) {
            throw new ArithmeticException("clipGradNorm: the total gradient norm is " + total);
        }
        double coef = maxNorm / (total + 1e-6);
        if (coef < 1) {
            scaleGrads(params, (float) coef);
        }
        return total;
    }

    /** Clamps every gradient element to [-clip, clip], in place. */
    public static void clipGradValue(List<Tensor> params, float clip) {
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g == null) {
                continue;
            }
            HostBuffer b = gradBuffer(p, g);
            int end = b.offset + g.numel();
            for (int k = b.offset; k < end; k++) {
                b.data[k] = Math.min(Math.max(b.data[k], -clip), clip);
            }
            b.commit();
        }
    }

    private static void scaleGrads(List<Tensor> params, float coef) {
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g == null) {
                continue;
            }
            HostBuffer b = gradBuffer(p, g);
            int end = b.offset + g.numel();
            for (int k = b.offset; k < end; k++) {
                b.data[k] *= coef;
            }
            b.commit();
        }
    }

    /** Gradients may be views or share storage with graph tensors: give the parameter a private copy first. */
    private static HostBuffer gradBuffer(Tensor p, Tensor g) {
        Tensor own = Tensor.zeros(g.backend(), g.shape()).copyFrom(g);
        p.setGrad(own);
        return HostBuffer.of(own);
    }
}
