package dev.colorize.nn.loss;

import dev.colorize.core.F;
import dev.colorize.core.Reduction;
import dev.colorize.core.tensor.Tensor;

/** Huber-like loss: {@code 0.5 d²/beta} where |d| < beta, else {@code |d| - beta/2}; beta 1 by default. */
public class SmoothL1Loss extends Loss {
    private final float beta;

    public SmoothL1Loss() {
        this(Reduction.MEAN, 1f);
    }

    public SmoothL1Loss(Reduction reduction, float beta) {
        super(reduction);
        if (!(beta >= 0)) {
            throw new IllegalArgumentException("SmoothL1Loss: beta must be >= 0, got " + beta);
        }
        this.beta = beta;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.smoothL1Loss(input, target, beta, reduction());
    }

    public final float beta() {
        return beta;
    }
}
