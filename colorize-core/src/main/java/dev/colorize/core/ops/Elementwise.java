package dev.colorize.core.ops;

import dev.colorize.core.autograd.Function;
import dev.colorize.core.autograd.GradMode;
import dev.colorize.core.backend.Backend;
import dev.colorize.core.backend.BinaryOp;
import dev.colorize.core.backend.UnaryOp;
import dev.colorize.core.tensor.Tensor;

/**
 * Pointwise ops with broadcasting. Each nested class is one differentiable op: forward through a
 * kernel, backward in tensor ops (constant masks for kinks, e.g. relu'(0) = 0).
 */
public final class Elementwise {
    private Elementwise() {
    }

    public static Tensor add(Tensor a, Tensor b) { return new Add().forward(a, b); }
    public static Tensor sub(Tensor a, Tensor b) { return new Sub().forward(a, b); }
    public static Tensor mul(Tensor a, Tensor b) { return new Mul().forward(a, b); }
    public static Tensor div(Tensor a, Tensor b) { return new Div().forward(a, b); }
    public static Tensor maximum(Tensor a, Tensor b) { return new Extremum(true).forward(a, b); }
    public static Tensor minimum(Tensor a, Tensor b) { return new Extremum(false).forward(a, b); }
    public static Tensor where(Tensor cond, Tensor a, Tensor b) { return new Where().forward(cond, a, b); }
    public static Tensor affine(Tensor x, float scale, float shift) { return new Affine(scale, shift).forward(x); }
    public static Tensor neg(Tensor x) { return affine(x, -1f, 0f); }
    public static Tensor exp(Tensor x) { return new Exp().forward(x); }
    public static Tensor log(Tensor x) { return new Log().forward(x); }
    public static Tensor sqrt(Tensor x) { return new Sqrt().forward(x); }
    public static Tensor abs(Tensor x) { return new Abs().forward(x); }
    public static Tensor pow(Tensor x, float p) { return new Pow(p).forward(x); }
    public static Tensor clamp(Tensor x, float min, float max) { return new Clamp(min, max).forward(x); }
    public static Tensor relu(Tensor x) { return new LeakyRelu(0f).forward(x); }
    public static Tensor leakyRelu(Tensor x, float slope) { return new LeakyRelu(slope).forward(x); }
    public static Tensor tanh(Tensor x) { return new Tanh().forward(x); }
    public static Tensor sigmoid(Tensor x) { return new Sigmoid().forward(x); }
    public static Tensor softplus(Tensor x, float beta, float threshold) { return new Softplus(beta, threshold).forward(x); }

    /**
     * Base of two-input ops: remembers the input shapes (for summing broadcast gradients back) and
     * keeps only the inputs its backward reads, so that an add does not hold its operands alive.
     */
    private abstract static class BinaryFunction extends Function {
        Tensor a;
        Tensor b;
        boolean aGrad;
        boolean bGrad;
        private int[] aShape;
        private int[] bShape;

        abstract BinaryOp op();

        /** Whether backward reads input a (resp. b), given which inputs require a gradient. */
        boolean needsA() { return false; }
        boolean needsB() { return false; }

        Tensor forward(Tensor a, Tensor b) {
            aGrad = a.requiresGrad();
            bGrad = b.requiresGrad();
            aShape = a.shape();
            bShape = b.shape();
            Tensor out = record(Kernels.binary(name(), op(), a, b), a, b);
            if (out.gradFn() == this) {
                this.a = needsA() ? a : null;
                this.b = needsB() ? b : null;
            }
            return out;
        }

        Tensor[] reduce(Tensor ga, Tensor gb) {
            return new Tensor[] {ga == null ? null : ga.sumTo(aShape), gb == null ? null : gb.sumTo(bShape)};
        }
    }

    static final class Add extends BinaryFunction {
        public String name() { return "add"; }
        BinaryOp op() { return BinaryOp.ADD; }
        protected Tensor[] backward(Tensor g) { return reduce(g, g); }
    }

    static final class Sub extends BinaryFunction {
        public String name() { return "sub"; }
        BinaryOp op() { return BinaryOp.SUB; }
        protected Tensor[] backward(Tensor g) { return reduce(g, g.neg()); }
    }

    static final class Mul extends BinaryFunction {
        public String name() { return "mul"; }
        BinaryOp op() { return BinaryOp.MUL; }
        boolean needsA() { return bGrad; }
        boolean needsB() { return aGrad; }
        protected Tensor[] backward(Tensor g) {
            return reduce(aGrad ? g.mul(b) : null, bGrad ? g.mul(a) : null);
        }
    }

    static final class Div extends BinaryFunction {
        public String name() { return "div"; }
        BinaryOp op() { return BinaryOp.DIV; }
        boolean needsA() { return bGrad; }
        boolean needsB() { return true; }
        protected Tensor[] backward(Tensor g) {
            Tensor ga = g.div(b);
            return reduce(aGrad ? ga : null, bGrad ? ga.mul(a).div(b).neg() : null);
        }
    }

    /** maximum / minimum: ties give half the gradient to each input (PyTorch's rule). */
    static final class Extremum extends BinaryFunction {
        private final boolean max;

        Extremum(boolean max) { this.max = max; }
        public String name() { return max ? "maximum" : "minimum"; }
        BinaryOp op() { return max ? BinaryOp.MAX : BinaryOp.MIN; }
        boolean needsA() { return true; }
        boolean needsB() { return true; }

        protected Tensor[] backward(Tensor g) {
            Tensor aWins = Kernels.binary(name(), BinaryOp.GT, max ? a : b, max ? b : a);
            Tensor bWins = Kernels.binary(name(), BinaryOp.GT, max ? b : a, max ? a : b);
            Tensor tie = Kernels.binary(name(), BinaryOp.EQ, a, b);
            Tensor half = Kernels.unary(UnaryOp.AFFINE, tie, 0.5f, 0f);
            return reduce(g.mul(Kernels.binary(name(), BinaryOp.ADD, aWins, half)),
                    g.mul(Kernels.binary(name(), BinaryOp.ADD, bWins, half)));
        }
    }

    static final class Where extends Function {
        private Tensor cond;
        private int[] aShape;
        private int[] bShape;

        public String name() { return "where"; }

        Tensor forward(Tensor cond, Tensor a, Tensor b) {
            this.cond = cond;
            this.aShape = a.shape();
            this.bShape = b.shape();
            return record(Kernels.where(cond, a, b), a, b);
        }

        protected Tensor[] backward(Tensor g) {
            Tensor zero = Tensor.zeros(g.backend(), 1);
            return new Tensor[] {g.where(cond, zero).sumTo(aShape), zero.where(cond, g).sumTo(bShape)};
        }
    }

    /** What a one-input op's backward reads: only that is kept alive by the graph. */
    private enum Saved { NOTHING, INPUT, OUTPUT }

    /** Base of one-input ops: keeps the input or the output, as {@link #saved()} says. */
    private abstract static class UnaryFunction extends Function {
        Tensor x;
        Tensor out;

        abstract Tensor compute(Tensor x);

        abstract Saved saved();

        Tensor forward(Tensor x) {
            Tensor y = record(compute(x), x);
            if (y.gradFn() == this) {
                Saved saved = saved();
                this.x = saved == Saved.INPUT ? x : null;
                this.out = saved == Saved.OUTPUT ? y : null;
            }
            return y;
        }
    }

    static final class Affine extends UnaryFunction {
        private final float scale;
        private final float shift;

        Affine(float scale, float shift) { this.scale = scale; this.shift = shift; }
        public String name() { return scale == -1f && shift == 0f ? "neg" : "affine"; }
        Tensor compute(Tensor x) { return Kernels.unary(UnaryOp.AFFINE, x, scale, shift); }
        Saved saved() { return Saved.NOTHING; }
        protected Tensor[] backward(Tensor g) { return new Tensor[] {g.mul(scale)}; }
    }

    static final class Exp extends UnaryFunction {
        public String name() { return "exp"; }
        Tensor compute(Tensor x) { return Kernels.unary(UnaryOp.EXP, x, 0, 0); }
        Saved saved() { return Saved.OUTPUT; }
        protected Tensor[] backward(Tensor g) { return new Tensor[] {g.mul(out)}; }
    }

    static final class Log extends UnaryFunction {
        public String name() { return "log"; }
        Tensor compute(Tensor x) { return Kernels.unary(UnaryOp.LOG, x, 0, 0); }
        Saved saved() { return Saved.INPUT; }
        protected Tensor[] backward(Tensor g) { return new Tensor[] {g.div(x)}; }
    }

    static final class Sqrt extends UnaryFunction {
        public String name() { return "sqrt"; }
        Tensor compute(Tensor x) { return Kernels.unary(UnaryOp.SQRT, x, 0, 0); }
        Saved saved() { return Saved.OUTPUT; }
        protected Tensor[] backward(Tensor g) { return new Tensor[] {g.div(out.mul(2f))}; }
    }

    /** abs'(0) = 0. */
    static final class Abs extends UnaryFunction {
        public String name() { return "abs"; }
        Tensor compute(Tensor x) { return Kernels.unary(UnaryOp.ABS, x, 0, 0); }
        Saved saved() { return Saved.INPUT; }
        protected Tensor[] backward(Tensor g) { return new Tensor[] {g.mul(Kernels.unary(UnaryOp.SIGN, x, 0, 0))}; }
    }

    static final class Pow extends UnaryFunction {
        private final float p;

        Pow(float p) { this.p = p; }
        public String name() { return "pow"; }
        Tensor compute(Tensor x) { return Kernels.unary(UnaryOp.POW, x, p, 0); }
        Saved saved() { return Saved.INPUT; }

        protected Tensor[] backward(Tensor g) {
            if (p == 0f) {
                return new Tensor[] {g.mul(0f)};
            }
            Tensor d = p == 1f ? g : p == 2f ? g.mul(x).mul(2f) : g.mul(x.pow(p - 1f)).mul(p);
            return new Tensor[] {d};
        }
    }

    /** Gradient passes where min <= x <= max (bounds inclusive). */
    static final class Clamp extends UnaryFunction {
        private final float min;
        private final float max;

        Clamp(float min, float max) { this.min = min; this.max = max; }
        public String name() { return "clamp"; }
        Tensor compute(Tensor x) { return Kernels.unary(UnaryOp.CLAMP, x, min, max); }
        Saved saved() { return Saved.INPUT; }
        protected Tensor[] backward(Tensor g) { return new Tensor[] {g.mul(Kernels.unary(UnaryOp.IN_RANGE, x, min, max))}; }
    }

    /** relu (slope 0) and leaky relu; the derivative at 0 is the slope. */
    static final class LeakyRelu extends UnaryFunction {
        private final float slope;

        LeakyRelu(float slope) { this.slope = slope; }
        public String name() { return slope == 0f ? "relu" : "leaky_relu"; }
        Tensor compute(Tensor x) { return Kernels.unary(slope == 0f ? UnaryOp.RELU : UnaryOp.LEAKY_RELU, x, slope, 0); }

        /**
         * For a slope >= 0 the output is positive exactly where the input is, so the output is kept:
         * it is the next layer's input, which that layer keeps anyway, and the input (a BatchNorm's
         * output, say) is free to go.
         */
        Saved saved() { return slope >= 0f ? Saved.OUTPUT : Saved.INPUT; }

        /**
         * g * (x > 0 ? 1 : slope). The derivative is a constant of the graph, so a double backward
         * only needs g.mul(d); without one, d (a temporary of this call) takes the affine and the
         * product in place: one full-size allocation instead of three, in every ReLU of a training step.
         */
        protected Tensor[] backward(Tensor g) {
            Tensor d = Kernels.unary(UnaryOp.GT, x != null ? x : out, 0f, 0);
            Backend b = d.backend();
            if (slope != 0f) {
                b.unary(UnaryOp.AFFINE, 1f - slope, slope, d, d);
            }
            if (GradMode.isEnabled()) {
                return new Tensor[] {g.mul(d)};
            }
            b.binary(BinaryOp.MUL, Kernels.broadcastView(g, d.shape(), name()), d, d);
            return new Tensor[] {d};
        }
    }

    static final class Tanh extends UnaryFunction {
        public String name() { return "tanh"; }
        Tensor compute(Tensor x) { return Kernels.unary(UnaryOp.TANH, x, 0, 0); }
        Saved saved() { return Saved.OUTPUT; }
        protected Tensor[] backward(Tensor g) { return new Tensor[] {g.mul(out.mul(out).rsub(1f))}; }
    }

    static final class Sigmoid extends UnaryFunction {
        public String name() { return "sigmoid"; }
        Tensor compute(Tensor x) { return Kernels.unary(UnaryOp.SIGMOID, x, 0, 0); }
        Saved saved() { return Saved.OUTPUT; }
        protected Tensor[] backward(Tensor g) { return new Tensor[] {g.mul(out.mul(out.rsub(1f)))}; }
    }

    /** softplus(x) = log1p(exp(beta x))/beta, or x where beta*x > threshold (gradient 1 there). */
    static final class Softplus extends UnaryFunction {
        private final float beta;
        private final float threshold;

        Softplus(float beta, float threshold) { this.beta = beta; this.threshold = threshold; }
        public String name() { return "softplus"; }
        Tensor compute(Tensor x) { return Kernels.unary(UnaryOp.SOFTPLUS, x, beta, threshold); }
        Saved saved() { return Saved.INPUT; }

        protected Tensor[] backward(Tensor g) {
            Tensor linear = Kernels.unary(UnaryOp.GT, Kernels.unary(UnaryOp.AFFINE, x, beta, 0f), threshold, 0);
            Tensor smooth = Kernels.unary(UnaryOp.AFFINE, linear, -1f, 1f);
            Tensor d = x.mul(beta).sigmoid().mul(smooth).add(linear);
            return new Tensor[] {g.mul(d)};
        }
    }
}
