package dev.colorize.nn.optim;

import dev.colorize.core.backend.Backend;
import dev.colorize.core.backend.CpuStorage;
import dev.colorize.core.backend.UnaryOp;
import dev.colorize.core.tensor.Tensor;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * In-place clipping utilities: weight clipping (the original WGAN critic) and gradient clipping
 * by global norm or by value ({@code torch.nn.utils.clip_grad_norm_} / {@code clip_grad_value_}).
 * Everything runs as kernels of the tensors' own backend; on a device the only host read is the
 * one float of the total norm that {@link #clipGradNorm} returns.
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
            // Elementwise in place (each element read before it is written), as channelMoments does.
            p.backend().unary(UnaryOp.CLAMP, min, max, p, p);
            p.storage().markModified();
        }
    }

    /**
     * Scales all gradients by {@code maxNorm / (total + 1e-6)} when the L2 norm of all of them
     * together exceeds {@code maxNorm}; returns that total norm (before clipping). Parameters
     * without a gradient are ignored. A non-finite norm throws (never silent NaNs). Host gradients
     * are summed in double; device gradients by the device's reduction, read back as one float.
     */
    public static double clipGradNorm(List<Tensor> params, double maxNorm) {
        double sumSq = 0;
        Map<Backend, Tensor> deviceSums = new IdentityHashMap<>();
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g == null) {
                continue;
            }
            if (g.storage() instanceof CpuStorage) {
                for (float v : g.toArray()) {
                    sumSq += (double) v * v;
                }
            } else {
                Tensor d = g.detach();
                Tensor s = d.mul(d).sum();
                deviceSums.merge(g.backend(), s, Tensor::add);
            }
        }
        for (Tensor s : deviceSums.values()) {
            sumSq += s.item();
        }
        double total = Math.sqrt(sumSq);
        if (!Double.isFinite(total)) {
            throw new ArithmeticException("clipGradNorm: the total gradient norm is " + total);
        }
        double coef = maxNorm / (total + 1e-6);
        if (coef < 1) {
            for (Tensor p : params) {
                if (p.grad() != null) {
                    // A fresh tensor: gradients may be views or share storage with graph tensors.
                    p.setGrad(p.grad().detach().mul((float) coef));
                }
            }
        }
        return total;
    }

    /** Clamps every gradient element to [-clip, clip] (the parameter gets a fresh gradient tensor). */
    public static void clipGradValue(List<Tensor> params, float clip) {
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g != null) {
                p.setGrad(g.detach().clamp(-clip, clip));
            }
        }
    }
}
