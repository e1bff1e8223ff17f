package dev.colorize.nn.layers;

import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Module;

/** {@code x > 0 ? x : slope * x}; PyTorch's default slope is 0.01, pix2pix uses 0.2. */
public class LeakyReLU extends Module {
    private final float slope;

    public LeakyReLU() {
        this(0.01f);
    }

    public LeakyReLU(float negativeSlope) {
        this.slope = negativeSlope;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.leakyRelu(slope);
    }

    public final float negativeSlope() {
        return slope;
    }

    @Override
    protected String extraRepr() {
        return "negative_slope=" + slope;
    }
}
