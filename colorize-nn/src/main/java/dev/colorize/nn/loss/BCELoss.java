package dev.colorize.nn.loss;

import dev.colorize.core.F;
import dev.colorize.core.Reduction;
import dev.colorize.core.tensor.Tensor;

/** The binary cross-entropy of probabilities in [0, 1] (each log clamped at -100, as PyTorch). */
public class BCELoss extends Loss {
    public BCELoss() {
        this(Reduction.MEAN);
    }

    public BCELoss(Reduction reduction) {
        super(reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.binaryCrossEntropy(input, target, reduction());
    }
}
