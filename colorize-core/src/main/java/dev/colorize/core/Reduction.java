package dev.colorize.core;

import dev.colorize.core.tensor.Tensor;

/** How a loss reduces its per-element values: PyTorch's {@code reduction} argument. */
public enum Reduction {
    /** The mean over all elements (a scalar). */
    MEAN,
    /** The sum over all elements (a scalar). */
    SUM,
    /** No reduction: the per-element losses. */
    NONE;

    /** Applies this reduction to per-element losses. */
    public Tensor apply(Tensor perElement) {
        return switch (this) {
            case MEAN -> perElement.mean();
            case SUM -> perElement.sum();
            case NONE -> perElement;
        };
    }
}
