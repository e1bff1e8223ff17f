package dev.colorize.nn.optim;

import dev.colorize.core.tensor.Tensor;

import java.util.List;

/**
 * Adam with decoupled weight decay ({@code torch.optim.AdamW}): {@code p *= 1 - lr * weight_decay}
 * before the Adam step, instead of adding the decay to the gradient. Default weight decay 1e-2.
 *
 * <pre>{@code
 * Adam opt = AdamW.builder(model.parameters()).lr(1e-3).weightDecay(0.05).build();
 * }</pre>
 */
public final class AdamW extends Adam {
    AdamW(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        super(params, lr, beta1, beta2, eps, weightDecay, true);
    }

    /** Defaults as PyTorch: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 1e-2. */
    public static Builder builder(List<Tensor> params) {
        return decoupledBuilder(params);
    }
}
