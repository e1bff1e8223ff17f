package dev.colorize.gan.models;

import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Module;
import dev.colorize.nn.Sequential;

/**
 * pix2pix's {@code UnetSkipConnectionBlock}: a {@code model} Sequential (down, submodule, up); every
 * block but the outermost returns {@code cat([x, model(x)], 1)}.
 */
final class UnetBlock extends Module {
    private final Sequential model;
    private final boolean outermost;

    UnetBlock(Sequential model, boolean outermost) {
        this.model = registerModule("model", model);
        this.outermost = outermost;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor y = model.forward(x);
        return outermost ? y : Tensor.cat(1, x, y);
    }

    @Override
    public String name() {
        return "UnetSkipConnectionBlock";
    }

    @Override
    protected String extraRepr() {
        return outermost ? "outermost" : "";
    }
}
