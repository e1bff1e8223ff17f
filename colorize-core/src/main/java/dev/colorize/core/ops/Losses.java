package dev.colorize.core.ops;

import dev.colorize.core.autograd.Function;
import dev.colorize.core.autograd.GradMode;
import dev.colorize.core.backend.UnaryOp;
import dev.colorize.core.tensor.Shapes;
import dev.colorize.core.tensor.ShapeException;
import dev.colorize.core.tensor.Tensor;

import java.util.Arrays;

/**
 * Per-element binary cross-entropy losses. They are Functions (not compositions) because PyTorch
 * defines their gradients by closed forms that a composition would not reproduce at the edges:
 * BCE's clamped logs with gradient {@code (x - t) / max(x(1-x), 1e-12)}, and the logits version's
 * {@code sigmoid(x) - t} at x = 0. Backward is written in tensor ops (differentiable again).
 */
public final class Losses {
    private Losses() {
    }

    /** {@code -(t log x + (1-t) log(1-x))} with each log clamped at -100; x must lie in [0, 1]. */
    public static Tensor binaryCrossEntropy(Tensor x, Tensor t) {
        sameShape("binary_cross_entropy", x, t);
        float[] v = x.toArray();
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] >= 0f && v[i] <= 1f)) {
                throw new IllegalArgumentException("binary_cross_entropy: input " + Shapes.str(x.shape())
                        + " must hold probabilities in [0, 1], found " + v[i] + " at flat index " + i);
            }
        }
        return new Bce().forward(x, t);
    }

    /** {@code max(x,0) - x t + log1p(exp(-|x|))}: stable for any logit. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor x, Tensor t) {
        sameShape("binary_cross_entropy_with_logits", x, t);
        return new BceWithLogits().forward(x, t);
    }

    static void sameShape(String op, Tensor input, Tensor target) {
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new ShapeException(op + ": input " + Shapes.str(input.shape()) + " and target "
                    + Shapes.str(target.shape()) + " differ in shape");
        }
    }

    private static Tensor clampedLog(Tensor p) {
        return Kernels.unary(UnaryOp.CLAMP, Kernels.unary(UnaryOp.LOG, p, 0, 0), -100f, Float.NaN);
    }

    static final class Bce extends Function {
        private Tensor x;
        private Tensor t;

        public String name() { return "binary_cross_entropy"; }

        Tensor forward(Tensor x, Tensor t) {
            this.x = x;
            this.t = t;
            Tensor loss;
            try (GradMode.Scope s = GradMode.noGrad()) {
                Tensor logX = clampedLog(x);
                Tensor log1mX = clampedLog(x.rsub(1f));
                loss = t.mul(logX).add(t.rsub(1f).mul(log1mX)).neg();
            }
            return record(loss, x, t);
        }

        protected Tensor[] backward(Tensor g) {
            Tensor gx = x.requiresGrad() ? g.mul(x.sub(t)).div(x.mul(x.rsub(1f)).clampMin(1e-12f)) : null;
            Tensor gt = null;
            if (t.requiresGrad()) {
                gt = g.mul(clampedLog(x.rsub(1f)).sub(clampedLog(x)));
            }
            return new Tensor[] {gx, gt};
        }
    }

    static final class BceWithLogits extends Function {
        private Tensor x;
        private Tensor t;

        public String name() { return "binary_cross_entropy_with_logits"; }

        Tensor forward(Tensor x, Tensor t) {
            this.x = x;
            this.t = t;
            Tensor loss;
            try (GradMode.Scope s = GradMode.noGrad()) {
                // log1p(exp(-|x|)) through softplus (computed in double), never overflowing.
                loss = x.relu().sub(x.mul(t)).add(x.abs().neg().softplus());
            }
            return record(loss, x, t);
        }

        protected Tensor[] backward(Tensor g) {
            Tensor gx = x.requiresGrad() ? g.mul(x.sigmoid().sub(t)) : null;
            Tensor gt = t.requiresGrad() ? g.mul(x).neg() : null;
            return new Tensor[] {gx, gt};
        }
    }
}
