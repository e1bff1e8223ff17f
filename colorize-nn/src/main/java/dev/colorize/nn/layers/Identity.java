package dev.colorize.nn.layers;

import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Module;

/** Elementwise: the input unchanged (a placeholder, e.g. for a disabled norm layer). No parameters. */
public class Identity extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return input;
    }
}
