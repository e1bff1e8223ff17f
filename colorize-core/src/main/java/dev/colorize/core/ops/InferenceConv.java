package dev.colorize.core.ops;

import dev.colorize.core.autograd.GradMode;
import dev.colorize.core.backend.Backend;
import dev.colorize.core.backend.FusedConv;
import dev.colorize.core.tensor.Shapes;
import dev.colorize.core.tensor.ShapeException;
import dev.colorize.core.tensor.Tensor;

import java.util.Arrays;

/**
 * A convolution (or transposed convolution) with its input activation, per-channel scale and shift
 * (a folded eval-mode BatchNorm plus the bias) and output activation in one kernel
 * ({@link Backend#convFused}). Inference only: it records no graph, so it refuses inputs that
 * require a gradient while grad mode is on (use the differentiable ops there).
 */
public final class InferenceConv {
    private static final String OP = "conv_fused";

    private InferenceConv() {
    }

    /**
     * {@code act_out(conv(act_in(x), w) * scale + shift)} into {@code out} (a view of shape
     * [N, O, oH, oW], e.g. a channel slice of a concatenation buffer), or into a new tensor when
     * {@code out} is null; returns the result.
     */
    public static Tensor apply(Tensor x, Tensor w, Tensor scale, Tensor shift, FusedConv f, Tensor out) {
        if (GradMode.isEnabled() && (needsGrad(x) || needsGrad(w) || needsGrad(scale) || needsGrad(shift))) {
            throw new IllegalStateException(OP + ": graph-free inference op called on tensors that require grad "
                    + "with grad mode on; run it under GradMode.noGrad()");
        }
        if (x.dim() != 4 || w.dim() != 4) {
            throw new ShapeException(OP + ": expected 4-D input and weight, got " + Shapes.str(x.shape()) + " and "
                    + Shapes.str(w.shape()));
        }
        int[] xs = x.shape();
        int[] ws = w.shape();
        int inC = f.transposed() ? ws[0] : ws[1];
        int outC = f.transposed() ? ws[1] : ws[0];
        if (xs[1] != inC) {
            throw new ShapeException(OP + ": input " + Shapes.str(xs) + " has " + xs[1] + " channels but weight "
                    + Shapes.str(ws) + " expects " + inC + (f.transposed() ? " (layout [in, out, kH, kW])" : ""));
        }
        checkVector("scale", scale, outC, ws);
        checkVector("shift", shift, outC, ws);
        int oh = f.transposed() ? f.spec().transposedOutH(xs[2], ws[2]) : f.spec().convOutH(xs[2], ws[2]);
        int ow = f.transposed() ? f.spec().transposedOutW(xs[3], ws[3]) : f.spec().convOutW(xs[3], ws[3]);
        int[] expected = {xs[0], outC, oh, ow};
        if (oh < 1 || ow < 1) {
            throw new ShapeException(OP + ": kernel " + Shapes.str(ws) + " gives an empty output for input "
                    + Shapes.str(xs) + " with " + f.spec());
        }
        Backend b = Kernels.backendOf(OP, x, w, scale, shift, out);
        if (out == null) {
            out = Tensor.zeros(b, expected);
        } else if (!Arrays.equals(out.shape(), expected)) {
            throw new ShapeException(OP + ": output " + Shapes.str(out.shape()) + " should be " + Shapes.str(expected)
                    + " for input " + Shapes.str(xs) + " and weight " + Shapes.str(ws));
        } else {
            out.storage().markModified();
        }
        b.convFused(x, Kernels.constantUnlessRecording(w), scale, shift, out, f);
        return out;
    }

    private static boolean needsGrad(Tensor t) {
        return t != null && t.requiresGrad();
    }

    private static void checkVector(String name, Tensor t, int c, int[] ws) {
        if (t != null && (t.dim() != 1 || t.size(0) != c)) {
            throw new ShapeException(OP + ": " + name + " " + Shapes.str(t.shape()) + " does not match the " + c
                    + " output channels of weight " + Shapes.str(ws));
        }
    }
}
