package dev.colorize.gan.train;

import dev.colorize.core.tensor.Tensor;
import dev.colorize.gan.color.Normalization;

/**
 * How a generator wants its lightness and what units its ab comes out in, so the trainer can drive
 * any network: it feeds {@link #input} of L (Lab units, [N,1,H,W]) and converts the output with
 * {@link #normalizedAb} to ab / 110, the scale of the reconstruction loss and the discriminator input.
 *
 * <pre>{@code
 * GeneratorIO.pix2pix()   // U-Net: L/50 - 1 in, tanh ab/110 out
 * GeneratorIO.labUnits()  // ECCV16 regression: L in [0, 100] in (normalised inside), ab in Lab units out
 * }</pre>
 */
public interface GeneratorIO {

    /** The network input for lightness {@code l} in [0, 100], [N,1,H,W] (differentiable map). */
    Tensor input(Tensor l);

    /** The network output as ab / {@link Normalization#AB_SCALE} (differentiable map). */
    Tensor normalizedAb(Tensor output);

    /** pix2pix's U-Net convention: {@code L / 50 - 1} in, ab / 110 out (a tanh output). */
    static GeneratorIO pix2pix() {
        return of(Normalization.PIX2PIX, 1f);
    }

    /**
     * A network that takes L in [0, 100] as is (and normalises inside, like the ECCV16 reference) and
     * returns ab in Lab units.
     */
    static GeneratorIO labUnits() {
        return new GeneratorIO() {
            @Override
            public Tensor input(Tensor l) {
                return l;
            }

            @Override
            public Tensor normalizedAb(Tensor output) {
                return Normalization.normalizeAb(output);
            }

            @Override
            public String toString() {
                return "labUnits";
            }
        };
    }

    /**
     * Input normalised by {@code in}; output multiplied by {@code outputScale} is ab / 110 (1 for a tanh
     * output in [-1, 1], 1/110 for an output in Lab units).
     */
    static GeneratorIO of(Normalization in, float outputScale) {
        return new GeneratorIO() {
            @Override
            public Tensor input(Tensor l) {
                return in.normalizeL(l);
            }

            @Override
            public Tensor normalizedAb(Tensor output) {
                return outputScale == 1f ? output : output.mul(outputScale);
            }

            @Override
            public String toString() {
                return in + " in, ab*" + outputScale + " out";
            }
        };
    }
}
