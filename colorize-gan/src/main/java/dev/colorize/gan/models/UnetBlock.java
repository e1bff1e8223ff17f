package dev.colorize.gan.models;

import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Module;
import dev.colorize.nn.Sequential;
import dev.colorize.nn.layers.Conv2d;

/**
 * pix2pix's {@code UnetSkipConnectionBlock}: a {@code model} Sequential (down, submodule, up); every
 * block but the outermost returns {@code cat([x, model(x)], 1)}. The layers are also kept by role
 * ({@link Parts}) for the fused inference path ({@link UnetInference}).
 */
final class UnetBlock extends Module {
    private final Sequential model;
    private final boolean outermost;
    private final Parts parts;

    /**
     * The block's layers by role: the down convolution and the norm after it (null in the outermost
     * and innermost blocks), the nested block (null in the innermost), the up layer (a
     * ConvTranspose2d, a Sequential of Upsample and Conv2d, or a classification head's 1x1 Conv2d) and the
     * norm after it (null in the outermost).
     */
    record Parts(Conv2d down, Module downNorm, UnetBlock sub, Module up, Module upNorm) {
    }

    private final NormFold downFold;
    private final NormFold upFold;

    UnetBlock(Sequential model, boolean outermost, Parts parts) {
        this.model = registerModule("model", model);
        this.outermost = outermost;
        this.parts = parts;
        this.downFold = NormFold.of(parts.downNorm(), parts.down().bias());
        this.upFold = NormFold.of(parts.upNorm(), UnetInference.upConvBias(parts.up()));
    }

    Parts parts() {
        return parts;
    }

    /** The down convolution's bias and norm folded (null when the norm cannot be folded). */
    NormFold downFold() {
        return downFold;
    }

    /** The up convolution's bias and norm folded (null when the norm cannot be folded). */
    NormFold upFold() {
        return upFold;
    }

    boolean outermost() {
        return outermost;
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
