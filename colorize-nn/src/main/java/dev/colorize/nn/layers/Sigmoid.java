package dev.colorize.nn.layers;

import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Module;

/** Elementwise: logistic sigmoid 1/(1+exp(-x)). No parameters. */
public class Sigmoid extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return input.sigmoid();
    }
}
