package dev.colorize.gan.color;

import dev.colorize.core.tensor.Tensor;

/**
 * How a model wants its Lab input and output scaled; the only place these conventions live.
 *
 * <ul>
 *   <li>{@link #PIX2PIX}: L / 50 - 1, so L in [0, 100] maps to [-1, 1] (pix2pix U-Net, tanh output).</li>
 *   <li>{@link #ECCV16}: (L - 50) / 100, as richzhang/colorization normalises inside ECCVGenerator.</li>
 * </ul>
 * Both scale ab by {@link #AB_SCALE}: a network output in [-1, 1] times 110 is ab in Lab units.
 *
 * <pre>{@code
 * Tensor in = Normalization.PIX2PIX.normalizeL(lTensor);        // [N,1,H,W] in [-1, 1]
 * Tensor ab = Normalization.denormalizeAb(generator.forward(in)); // Lab units
 * }</pre>
 */
public enum Normalization {
    PIX2PIX(50f, 50f),
    ECCV16(50f, 100f);

    /** ab in Lab units = network ab * AB_SCALE. */
    public static final float AB_SCALE = 110f;

    private final float center;
    private final float scale;

    Normalization(float center, float scale) {
        this.center = center;
        this.scale = scale;
    }

    /** The network input for a lightness {@code l} in [0, 100]. */
    public float normalizeL(float l) {
        return (l - center) / scale;
    }

    /** Inverse of {@link #normalizeL(float)}. */
    public float denormalizeL(float v) {
        return v * scale + center;
    }

    /** Elementwise {@link #normalizeL(float)} (differentiable). */
    public Tensor normalizeL(Tensor l) {
        return l.sub(center).div(scale);
    }

    /** Elementwise {@link #denormalizeL(float)} (differentiable). */
    public Tensor denormalizeL(Tensor v) {
        return v.mul(scale).add(center);
    }

    /** ab in Lab units to the network's range (about [-1, 1]). */
    public static Tensor normalizeAb(Tensor ab) {
        return ab.div(AB_SCALE);
    }

    /** Network ab to Lab units. */
    public static Tensor denormalizeAb(Tensor ab) {
        return ab.mul(AB_SCALE);
    }

    public static float normalizeAb(float ab) {
        return ab / AB_SCALE;
    }

    public static float denormalizeAb(float ab) {
        return ab * AB_SCALE;
    }
}
