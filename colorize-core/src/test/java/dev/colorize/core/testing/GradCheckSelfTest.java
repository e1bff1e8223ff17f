package dev.colorize.core.testing;

import dev.colorize.core.autograd.Autograd;
import dev.colorize.core.autograd.Function;
import dev.colorize.core.backend.UnaryOp;
import dev.colorize.core.ops.Kernels;
import dev.colorize.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradCheckSelfTest {

    /** y = 3x with a configurable (possibly wrong) backward factor. */
    static final class Scale extends Function {
        private final float backwardFactor;
        private final boolean differentiableBackward;

        Scale(float backwardFactor, boolean differentiableBackward) {
            this.backwardFactor = backwardFactor;
            this.differentiableBackward = differentiableBackward;
        }

        public String name() { return "scale_for_test"; }

        Tensor forward(Tensor x) { return record(Kernels.unary(UnaryOp.AFFINE, x, 3f, 0f), x); }

        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {differentiableBackward ? g.mul(backwardFactor)
                    : Kernels.unary(UnaryOp.AFFINE, g, backwardFactor, 0f)};
        }

        @Override
        protected boolean supportsDoubleBackward() { return differentiableBackward; }
    }

    @Test
    void acceptsACorrectBackwardAndRejectsAWrongOne() {
        Tensor x = Tensor.of(new float[] {0.5f, -1f, 2f}, 3);
        assertDoesNotThrow(() -> GradCheck.create().check("right", t -> new Scale(3f, true).forward(t.get(0)), x));
        assertThrows(AssertionFailedError.class,
                () -> GradCheck.create().check("wrong", t -> new Scale(3.2f, true).forward(t.get(0)), x));
    }

    @Test
    void doubleBackwardThroughANonDifferentiableBackwardIsAClearError() {
        Tensor x = Tensor.of(new float[] {1f, 2f}, 2).requiresGrad(true);
        Tensor y = new Scale(3f, false).forward(x).mul(x).sum();
        // first order works
        Tensor g = Autograd.grad(List.of(y), List.of(Tensor.ones()), List.of(x), false).get(0);
        assertArrayEquals(new float[] {6f, 12f}, g.toArray(), 1e-6f);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> Autograd.grad(List.of(y), List.of(Tensor.ones()), List.of(x), true));
        assertTrue(e.getMessage().contains("scale_for_test") && e.getMessage().contains("double backward"), e.getMessage());
    }
}
