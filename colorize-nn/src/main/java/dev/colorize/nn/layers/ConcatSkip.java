package dev.colorize.nn.layers;

import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Module;

/**
 * A skip connection that concatenates: {@code cat([x, body(x)], dim=1)}, the non-outermost
 * U-Net block of pix2pix. The body is registered under a configurable name ({@code "model"} by
 * default, as in pix2pix's {@code UnetSkipConnectionBlock}, giving keys like {@code model.1.weight}).
 *
 * <pre>{@code
 * Module block = new ConcatSkip(new Sequential(new LeakyReLU(0.2f), down, inner, new ReLU(), up, norm));
 * }</pre>
 */
public class ConcatSkip extends Module {
    private final Module body;

    public ConcatSkip(Module body) {
        this("model", body);
    }

    public ConcatSkip(String bodyName, Module body) {
        this.body = registerModule(bodyName, body);
    }

    @Override
    public Tensor forward(Tensor x) {
        return Tensor.cat(1, x, body.forward(x));
    }

    public final Module body() {
        return body;
    }
}
