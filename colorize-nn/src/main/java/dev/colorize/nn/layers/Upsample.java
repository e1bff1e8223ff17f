package dev.colorize.nn.layers;

import dev.colorize.core.F;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Module;

/**
 * Upsampling of NCHW input by an integer factor: nearest ({@code floor(dst/scale)}, PyTorch's legacy
 * 'nearest') or bilinear with {@code align_corners=false}.
 */
public class Upsample extends Module {
    /** Interpolation modes. */
    public enum Mode { NEAREST, BILINEAR }

    private final int scale;
    private final Mode mode;

    public Upsample(int scaleFactor, Mode mode) {
        if (scaleFactor < 1) {
            throw new IllegalArgumentException("Upsample: scale factor must be >= 1, got " + scaleFactor);
        }
        this.scale = scaleFactor;
        this.mode = mode;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.upsample(input, scale, scale, mode == Mode.BILINEAR);
    }

    @Override
    protected String extraRepr() {
        return "scale_factor=" + scale + ", mode=" + mode.name().toLowerCase(java.util.Locale.ROOT);
    }
}
