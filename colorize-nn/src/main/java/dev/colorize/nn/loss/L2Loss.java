package dev.colorize.nn.loss;

import dev.colorize.core.Reduction;
import dev.colorize.core.tensor.Tensor;

/**
 * TensorFlow's {@code tf.nn.l2_loss} applied to the difference: {@code sum((input - target)²) / 2},
 * a sum and not a mean, as the original colorization code used it. Not PyTorch's MSELoss.
 */
public class L2Loss extends Loss {
    public L2Loss() {
        super(Reduction.SUM);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        Tensor d = input.sub(target);
        return d.mul(d).sum().mul(0.5f);
    }
}
