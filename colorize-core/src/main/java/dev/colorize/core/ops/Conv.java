package dev.colorize.core.ops;

import dev.colorize.core.autograd.Function;
import dev.colorize.core.backend.Backend;
import dev.colorize.core.backend.ConvSpec;
import dev.colorize.core.tensor.Shapes;
import dev.colorize.core.tensor.ShapeException;
import dev.colorize.core.tensor.Tensor;

/**
 * The convolution family: three differentiable ops that are each other's adjoints, so every
 * backward is written with the other two and gradients of any order exist (WGAN-GP needs the
 * second). With {@code y = conv(x, w)}:
 * <ul>
 *   <li>{@link Conv2d}: {@code y = conv(x, w) + b};</li>
 *   <li>{@link InputGrad}: {@code x' = conv^T(y', w)}, the input gradient and the transposed convolution;</li>
 *   <li>{@link WeightGrad}: {@code w' = corr(x, y')}, the weight gradient.</li>
 * </ul>
 * Weight layout [out, in, kH, kW] for conv2d; the transposed convolution reuses it read as
 * [in, out, kH, kW] (PyTorch's ConvTranspose2d layout). Groups are not supported (always 1).
 */
public final class Conv {
    private Conv() {
    }

    /** conv2d(x [N,C,H,W], w [O,C,kH,kW], bias [O] or null). */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor bias, ConvSpec spec) {
        return new Conv2d().forward(x, Kernels.constantUnlessRecording(w), bias, spec);
    }

    /**
     * conv_transpose2d(x [N,Cin,H,W], w [Cin,Cout,kH,kW], bias [Cout] or null); output size
     * {@code (H-1)*stride - 2*pad + dilation*(k-1) + outputPadding + 1}.
     */
    public static Tensor convTranspose2d(Tensor x, Tensor w, Tensor bias, ConvSpec spec) {
        String op = "conv_transpose2d";
        check4d(op, x, w);
        int[] xs = x.shape();
        int[] ws = w.shape();
        if (xs[1] != ws[0]) {
            throw new ShapeException(op + ": input " + Shapes.str(xs) + " has " + xs[1] + " channels but weight "
                    + Shapes.str(ws) + " expects " + ws[0] + " (layout [in, out, kH, kW])");
        }
        if ((spec.outPadH() >= spec.strideH() && spec.outPadH() >= spec.dilationH())
                || (spec.outPadW() >= spec.strideW() && spec.outPadW() >= spec.dilationW())) {
            throw new IllegalArgumentException(op + ": output padding must be smaller than stride or dilation: " + spec);
        }
        int oh = spec.transposedOutH(xs[2], ws[2]);
        int ow = spec.transposedOutW(xs[3], ws[3]);
        if (oh < 1 || ow < 1) {
            throw new ShapeException(op + ": output size " + oh + "x" + ow + " is empty for input " + Shapes.str(xs)
                    + ", weight " + Shapes.str(ws) + ", " + spec);
        }
        Tensor y = new InputGrad(op).forward(x, Kernels.constantUnlessRecording(w), oh, ow, spec);
        if (bias != null) {
            checkBias(op, bias, ws[1], ws);
            y = y.add(bias.reshape(1, ws[1], 1, 1));
        }
        return y;
    }

    private static void check4d(String op, Tensor x, Tensor w) {
        if (x.dim() != 4 || w.dim() != 4) {
            throw new ShapeException(op + ": expected 4-D input [N,C,H,W] and weight, got input "
                    + Shapes.str(x.shape()) + " and weight " + Shapes.str(w.shape()));
        }
    }

    private static void checkBias(String op, Tensor bias, int channels, int[] ws) {
        if (bias.dim() != 1 || bias.size(0) != channels) {
            throw new ShapeException(op + ": bias " + Shapes.str(bias.shape()) + " does not match weight "
                    + Shapes.str(ws) + " (expected [" + channels + "])");
        }
    }

    static final class Conv2d extends Function {
        private Tensor x;
        private Tensor w;
        private Tensor bias;
        private ConvSpec spec;

        public String name() { return "conv2d"; }

        Tensor forward(Tensor x, Tensor w, Tensor bias, ConvSpec spec) {
            check4d(name(), x, w);
            int[] xs = x.shape();
            int[] ws = w.shape();
            if (xs[1] != ws[1]) {
                throw new ShapeException("conv2d: input " + Shapes.str(xs) + " has " + xs[1] + " channels but weight "
                        + Shapes.str(ws) + " expects " + ws[1]);
            }
            if (bias != null) {
                checkBias(name(), bias, ws[0], ws);
            }
            int oh = spec.convOutH(xs[2], ws[2]);
            int ow = spec.convOutW(xs[3], ws[3]);
            if (oh < 1 || ow < 1 || xs[2] + 2 * spec.padH() < spec.dilationH() * (ws[2] - 1) + 1
                    || xs[3] + 2 * spec.padW() < spec.dilationW() * (ws[3] - 1) + 1) {
                throw new ShapeException("conv2d: kernel " + Shapes.str(ws) + " does not fit input " + Shapes.str(xs)
                        + " with " + spec);
            }
            this.x = x;
            this.w = w;
            this.bias = bias;
            this.spec = spec;
            Backend b = Kernels.backendOf(name(), x, w, bias);
            Tensor out = Tensor.zeros(b, xs[0], ws[0], oh, ow);
            b.conv2d(x, w, bias, out, spec);
            return record(out, x, w, bias);
        }

        protected Tensor[] backward(Tensor g) {
            Tensor gx = x.requiresGrad() ? new InputGrad("conv2d_input_grad").forward(g, w, x.size(2), x.size(3), spec) : null;
            Tensor gw = w.requiresGrad() ? new WeightGrad().forward(x, g, w.size(2), w.size(3), spec) : null;
            Tensor gb = bias != null && bias.requiresGrad() ? g.sum(new int[] {0, 2, 3}, false) : null;
            return new Tensor[] {gx, gw, gb};
        }
    }

    /** {@code out [N,C,H,W] = conv^T(gy [N,O,oh,ow], w [O,C,kH,kW])} for a given H, W. */
    static final class InputGrad extends Function {
        private final String name;
        private Tensor gy;
        private Tensor w;
        private ConvSpec spec;

        InputGrad(String name) { this.name = name; }
        public String name() { return name; }

        Tensor forward(Tensor gy, Tensor w, int h, int wd, ConvSpec spec) {
            int[] gs = gy.shape();
            int[] ws = w.shape();
            if (gs[1] != ws[0] || spec.convOutH(h, ws[2]) != gs[2] || spec.convOutW(wd, ws[3]) != gs[3]) {
                throw new ShapeException(name + ": input " + Shapes.str(gs) + " and weight " + Shapes.str(ws)
                        + " do not give an output of " + h + "x" + wd + " with " + spec);
            }
            this.gy = gy;
            this.w = w;
            this.spec = spec;
            Backend b = Kernels.backendOf(name, gy, w);
            Tensor out = Tensor.zeros(b, gs[0], ws[1], h, wd);
            b.conv2dInputGrad(gy, w, out, spec);
            return record(out, gy, w);
        }

        protected Tensor[] backward(Tensor g) {
            Tensor ggy = gy.requiresGrad() ? new Conv2d().forward(g, w, null, spec) : null;
            Tensor gw = w.requiresGrad() ? new WeightGrad().forward(g, gy, w.size(2), w.size(3), spec) : null;
            return new Tensor[] {ggy, gw};
        }
    }

    /** {@code out [O,C,kH,kW] = dconv/dw} given x [N,C,H,W] and gy [N,O,oh,ow]. */
    static final class WeightGrad extends Function {
        private Tensor x;
        private Tensor gy;
        private ConvSpec spec;

        public String name() { return "conv2d_weight_grad"; }

        Tensor forward(Tensor x, Tensor gy, int kh, int kw, ConvSpec spec) {
            this.x = x;
            this.gy = gy;
            this.spec = spec;
            Backend b = Kernels.backendOf(name(), x, gy);
            Tensor out = Tensor.zeros(b, gy.size(1), x.size(1), kh, kw);
            b.conv2dWeightGrad(x, gy, out, spec);
            return record(out, x, gy);
        }

        protected Tensor[] backward(Tensor g) {
            Tensor gx = x.requiresGrad() ? new InputGrad("conv2d_input_grad").forward(gy, g, x.size(2), x.size(3), spec) : null;
            Tensor ggy = gy.requiresGrad() ? new Conv2d().forward(x, g, null, spec) : null;
            return new Tensor[] {gx, ggy};
        }
    }
}
