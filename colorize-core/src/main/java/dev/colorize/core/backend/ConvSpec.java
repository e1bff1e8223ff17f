package dev.colorize.core.backend;

import java.util.Arrays;

/**
 * Geometry of a 2-D convolution (PyTorch semantics): stride, padding, dilation as (h, w) pairs,
 * and output padding, used only by the transposed convolution to pick among ambiguous output sizes.
 */
public record ConvSpec(int strideH, int strideW, int padH, int padW, int dilationH, int dilationW,
                       int outPadH, int outPadW) {

    public ConvSpec {
        if (strideH < 1 || strideW < 1 || dilationH < 1 || dilationW < 1 || padH < 0 || padW < 0
                || outPadH < 0 || outPadW < 0) {
            throw new IllegalArgumentException("invalid convolution geometry " + this);
        }
    }

    public static ConvSpec of(int stride, int padding) {
        return new ConvSpec(stride, stride, padding, padding, 1, 1, 0, 0);
    }

    public static ConvSpec of(int[] stride, int[] padding, int[] dilation) {
        return new ConvSpec(stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1], 0, 0);
    }

    public ConvSpec withOutputPadding(int h, int w) {
        return new ConvSpec(strideH, strideW, padH, padW, dilationH, dilationW, h, w);
    }

    public ConvSpec withDilation(int h, int w) {
        return new ConvSpec(strideH, strideW, padH, padW, h, w, outPadH, outPadW);
    }

    /** Output height of a convolution over {@code h} rows with a kernel of {@code k} rows. */
    public int convOutH(int h, int k) {
        return (h + 2 * padH - dilationH * (k - 1) - 1) / strideH + 1;
    }

    public int convOutW(int w, int k) {
        return (w + 2 * padW - dilationW * (k - 1) - 1) / strideW + 1;
    }

    /** Output height of a transposed convolution (the input-gradient shape of the matching convolution). */
    public int transposedOutH(int h, int k) {
        return (h - 1) * strideH - 2 * padH + dilationH * (k - 1) + outPadH + 1;
    }

    public int transposedOutW(int w, int k) {
        return (w - 1) * strideW - 2 * padW + dilationW * (k - 1) + outPadW + 1;
    }

    @Override
    public String toString() {
        return "ConvSpec[stride=" + Arrays.toString(new int[] {strideH, strideW})
                + ", padding=" + Arrays.toString(new int[] {padH, padW})
                + ", dilation=" + Arrays.toString(new int[] {dilationH, dilationW})
                + ", outputPadding=" + Arrays.toString(new int[] {outPadH, outPadW}) + "]";
    }
}
