package dev.colorize.gan.color;

import dev.colorize.core.tensor.Shapes;
import dev.colorize.core.tensor.ShapeException;
import dev.colorize.core.tensor.Tensor;

/**
 * {@link Lab} over tensors whose dimension {@code channelDim} holds the three components
 * (e.g. [N,3] colour lists or [N,3,H,W] images). Not differentiable: a data-preparation step.
 *
 * <pre>{@code
 * Tensor lab = LabTensors.rgbToLab(rgb01, 1);   // rgb01: [N,3,H,W] sRGB in [0,1]
 * }</pre>
 */
public final class LabTensors {
    private LabTensors() {
    }

    /** Lab of sRGB values in [0, 1] (skimage {@code rgb2lab}); same shape as the input. */
    public static Tensor rgbToLab(Tensor rgb, int channelDim) {
        return convert(rgb, channelDim, "rgbToLab", true);
    }

    /** sRGB in [0, 1] of Lab values, clipped as skimage {@code lab2rgb}; same shape as the input. */
    public static Tensor labToRgb(Tensor lab, int channelDim) {
        return convert(lab, channelDim, "labToRgb", false);
    }

    private static Tensor convert(Tensor x, int channelDim, String op, boolean forward) {
        int d = channelDim < 0 ? channelDim + x.dim() : channelDim;
        if (d < 0 || d >= x.dim() || x.size(d) != 3) {
            throw new ShapeException(op + ": dimension " + channelDim + " of " + Shapes.str(x.shape())
                    + " must have size 3");
        }
        // Move the channel dimension last so each colour is three consecutive floats.
        int[] order = new int[x.dim()];
        for (int i = 0, k = 0; i < x.dim(); i++) {
            if (i != d) {
                order[k++] = i;
            }
        }
        order[x.dim() - 1] = d;
        Tensor last = x.detach().permute(order).contiguous();
        float[] v = last.toArray();
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i += 3) {
            if (forward) {
                Lab.rgbToLab(v[i], v[i + 1], v[i + 2], out, i);
            } else {
                Lab.labToRgb(v[i], v[i + 1], v[i + 2], out, i);
            }
        }
        int[] inverse = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            inverse[order[i]] = i;
        }
        return Tensor.of(out, last.shape()).permute(inverse).contiguous();
    }
}
