package dev.colorize.nn.loss;

import dev.colorize.core.Reduction;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Module;

/**
 * Base of the loss modules: {@code forward(input, target)} with a {@link Reduction} (mean by
 * default, as in PyTorch). Thin wrappers over {@link dev.colorize.core.F}'s losses.
 *
 * <pre>{@code
 * Loss l1 = new L1Loss();
 * Tensor loss = l1.forward(fakeAb, realAb).mul(100f);
 * }</pre>
 */
public abstract class Loss extends Module {
    private final Reduction reduction;

    protected Loss(Reduction reduction) {
        if (reduction == null) {
            throw new IllegalArgumentException(name() + ": reduction must not be null");
        }
        this.reduction = reduction;
    }

    /** The loss of {@code input} against {@code target}. */
    public abstract Tensor forward(Tensor input, Tensor target);

    public final Reduction reduction() {
        return reduction;
    }

    /** Losses take two inputs: use {@link #forward(Tensor, Tensor)}. */
    @Override
    public final Tensor forward(Tensor input) {
        throw new UnsupportedOperationException(name() + " needs an input and a target: forward(input, target)");
    }

    @Override
    protected String extraRepr() {
        return "reduction=" + reduction.name().toLowerCase(java.util.Locale.ROOT);
    }
}
