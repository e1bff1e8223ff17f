package dev.colorize.nn.loss;

import dev.colorize.core.F;
import dev.colorize.core.Reduction;
import dev.colorize.core.tensor.Tensor;

/** The mean absolute error |input - target|. */
public class L1Loss extends Loss {
    public L1Loss() {
        this(Reduction.MEAN);
    }

    public L1Loss(Reduction reduction) {
        super(reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.l1Loss(input, target, reduction());
    }
}
