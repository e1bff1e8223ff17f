package dev.colorize.core.ops;

import dev.colorize.core.autograd.Function;
import dev.colorize.core.tensor.Shapes;
import dev.colorize.core.tensor.ShapeException;
import dev.colorize.core.tensor.Tensor;

/**
 * Upsampling (nearest, bilinear with align_corners=false) and padding (zero, reflect) of the last
 * two dimensions. Each is linear, so each op and its adjoint are a pair of Functions whose
 * backwards call each other: differentiable to any order.
 */
public final class Resample {
    private Resample() {
    }

    /** x [N,C,H,W] to [N,C,H*scaleH,W*scaleW]. */
    public static Tensor upsample(Tensor x, int scaleH, int scaleW, boolean bilinear) {
        String op = bilinear ? "upsample_bilinear" : "upsample_nearest";
        if (x.dim() != 4) {
            throw new ShapeException(op + ": expected a 4-D input [N,C,H,W], got " + Shapes.str(x.shape()));
        }
        if (scaleH < 1 || scaleW < 1) {
            throw new IllegalArgumentException(op + ": scale factors must be positive integers, got " + scaleH + "x" + scaleW);
        }
        return new Upsample(scaleH, scaleW, bilinear).forward(x);
    }

    /** Pads the last two dims by pads = [left, right, top, bottom] with zeros or by reflection. */
    public static Tensor pad(Tensor x, int[] pads, boolean reflect) {
        String op = reflect ? "pad_reflect" : "pad";
        if (pads.length != 4) {
            throw new IllegalArgumentException(op + ": pads must be [left, right, top, bottom], got " + Shapes.str(pads));
        }
        if (x.dim() < 2) {
            throw new ShapeException(op + ": input needs at least 2 dimensions, got " + Shapes.str(x.shape()));
        }
        int h = x.size(-2);
        int w = x.size(-1);
        for (int i = 0; i < 4; i++) {
            if (pads[i] < 0) {
                throw new IllegalArgumentException(op + ": negative padding " + Shapes.str(pads) + " is not supported");
            }
            int size = i < 2 ? w : h;
            if (reflect && pads[i] >= size) {
                throw new ShapeException(op + ": padding " + Shapes.str(pads) + " must be smaller than the input size "
                        + Shapes.str(x.shape()) + " in its dimension");
            }
        }
        return new Pad(pads.clone(), reflect).forward(x);
    }

    static final class Upsample extends Function {
        private final int sh;
        private final int sw;
        private final boolean bilinear;

        Upsample(int sh, int sw, boolean bilinear) { this.sh = sh; this.sw = sw; this.bilinear = bilinear; }
        public String name() { return bilinear ? "upsample_bilinear" : "upsample_nearest"; }

        Tensor forward(Tensor x) {
            int[] s = x.shape();
            Tensor out = Tensor.zeros(x.backend(), s[0], s[1], s[2] * sh, s[3] * sw);
            x.backend().upsample(x, out, sh, sw, bilinear);
            return record(out, x);
        }

        protected Tensor[] backward(Tensor g) { return new Tensor[] {new UpsampleAdjoint(sh, sw, bilinear).forward(g)}; }
    }

    static final class UpsampleAdjoint extends Function {
        private final int sh;
        private final int sw;
        private final boolean bilinear;

        UpsampleAdjoint(int sh, int sw, boolean bilinear) { this.sh = sh; this.sw = sw; this.bilinear = bilinear; }
        public String name() { return "upsample_backward"; }

        Tensor forward(Tensor g) {
            int[] s = g.shape();
            Tensor out = Tensor.zeros(g.backend(), s[0], s[1], s[2] / sh, s[3] / sw);
            g.backend().upsampleAdjoint(g, out, sh, sw, bilinear);
            return record(out, g);
        }

        protected Tensor[] backward(Tensor gg) { return new Tensor[] {new Upsample(sh, sw, bilinear).forward(gg)}; }
    }

    static final class Pad extends Function {
        private final int[] pads;
        private final boolean reflect;

        Pad(int[] pads, boolean reflect) { this.pads = pads; this.reflect = reflect; }
        public String name() { return reflect ? "pad_reflect" : "pad"; }

        Tensor forward(Tensor x) {
            int[] s = x.shape();
            s[s.length - 2] += pads[2] + pads[3];
            s[s.length - 1] += pads[0] + pads[1];
            Tensor out = Tensor.zeros(x.backend(), s);
            x.backend().pad(x, out, pads, reflect);
            return record(out, x);
        }

        protected Tensor[] backward(Tensor g) { return new Tensor[] {new PadAdjoint(pads, reflect).forward(g)}; }
    }

    static final class PadAdjoint extends Function {
        private final int[] pads;
        private final boolean reflect;

        PadAdjoint(int[] pads, boolean reflect) { this.pads = pads; this.reflect = reflect; }
        public String name() { return "pad_backward"; }

        Tensor forward(Tensor g) {
            int[] s = g.shape();
            s[s.length - 2] -= pads[2] + pads[3];
            s[s.length - 1] -= pads[0] + pads[1];
            Tensor out = Tensor.zeros(g.backend(), s);
            g.backend().padAdjoint(g, out, pads, reflect);
            return record(out, g);
        }

        protected Tensor[] backward(Tensor gg) { return new Tensor[] {new Pad(pads, reflect).forward(gg)}; }
    }
}
