package dev.colorize.core.backend;

import java.util.Objects;

/**
 * What {@link Backend#convFused} computes around a convolution in inference: an activation of the
 * input as it is read, a per-output-channel scale and shift (a folded BatchNorm and the bias) and an
 * activation of the result before it is stored. Activations are LeakyReLU with the given slope
 * ({@code 0} is ReLU, {@link #NONE} is the identity), with the reference's exact definition
 * {@code x > 0 ? x : x * slope} (ReLU: {@code x > 0 ? x : 0}).
 *
 * <pre>{@code
 * FusedConv down = FusedConv.conv(ConvSpec.of(2, 1)).outputSlope(0.2f);      // conv -> BN -> LeakyReLU
 * FusedConv up = FusedConv.transposed(ConvSpec.of(2, 1)).inputSlope(0f);     // ReLU -> conv_transpose
 * }</pre>
 *
 * @param spec       stride, padding, dilation (and output padding of a transposed convolution)
 * @param transposed conv_transpose2d (weight [in, out, kH, kW]) instead of conv2d (weight [out, in, kH, kW])
 * @param inputSlope activation applied to every input element, or {@link #NONE}
 * @param outputSlope activation applied after scale and shift, or {@link #NONE}
 */
public record FusedConv(ConvSpec spec, boolean transposed, float inputSlope, float outputSlope) {
    /** No activation. */
    public static final float NONE = Float.NaN;

    public FusedConv {
        Objects.requireNonNull(spec, "FusedConv: spec");
        checkSlope(inputSlope);
        checkSlope(outputSlope);
    }

    /** A plain convolution, no activations. */
    public static FusedConv conv(ConvSpec spec) {
        return new FusedConv(spec, false, NONE, NONE);
    }

    /** A transposed convolution, no activations. */
    public static FusedConv transposed(ConvSpec spec) {
        return new FusedConv(spec, true, NONE, NONE);
    }

    public FusedConv inputSlope(float slope) {
        return new FusedConv(spec, transposed, slope, outputSlope);
    }

    public FusedConv outputSlope(float slope) {
        return new FusedConv(spec, transposed, inputSlope, slope);
    }

    public boolean hasInputActivation() {
        return !Float.isNaN(inputSlope);
    }

    public boolean hasOutputActivation() {
        return !Float.isNaN(outputSlope);
    }

    /** The activation with {@code slope} (see the class comment) of one value. */
    public static float activate(float x, float slope) {
        if (Float.isNaN(slope)) {
            return x;
        }
        return x > 0 ? x : slope == 0f ? 0f : x * slope;
    }

    private static void checkSlope(float s) {
        if (!Float.isNaN(s) && !(s >= 0f && s < 1f)) {
            throw new IllegalArgumentException("FusedConv: an activation slope must be in [0, 1) or NONE, got " + s);
        }
    }
}
