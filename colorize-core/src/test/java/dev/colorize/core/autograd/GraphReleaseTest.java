package dev.colorize.core.autograd;

import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A backward pass frees the graph it went through, unless asked to retain it (PyTorch's retain_graph). */
class GraphReleaseTest {

    /** A loss whose graph is the only holder of an intermediate activation, and a weak reference to it. */
    private record Graph(Tensor loss, WeakReference<Tensor> activation) {
        static Graph of(Tensor x) {
            Tensor hidden = x.mul(3f).add(1f);
            return new Graph(hidden.tanh().sum(), new WeakReference<>(hidden));
        }
    }

    private static boolean collected(WeakReference<?> ref) throws InterruptedException {
        for (int i = 0; i < 20 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        return ref.get() == null;
    }

    @Test
    void backwardLetsTheSavedActivationsBeCollectedWhileTheLossIsStillHeld() throws InterruptedException {
        Tensor x = Tensor.randn(new Rng(1), 64, 64).requiresGrad(true);
        Graph g = Graph.of(x);
        assertNotNull(g.activation().get());
        g.loss().backward();
        assertTrue(collected(g.activation()), "the tanh node still holds its input after backward");
        assertNotNull(x.grad());
        assertNotNull(g.loss());
    }

    @Test
    void aRetainedGraphKeepsItsActivationsAndBacksPropagatesTwice() throws InterruptedException {
        Tensor x = Tensor.randn(new Rng(2), 8, 8).requiresGrad(true);
        Graph g = Graph.of(x);
        g.loss().backward(g.loss().onesLike(), true);
        assertFalse(collected(g.activation()), "a retained graph lost its activation");
        float[] once = x.grad().toArray();
        g.loss().backward(g.loss().onesLike(), false);
        float[] twice = x.grad().toArray();
        float[] expected = new float[once.length];
        for (int i = 0; i < once.length; i++) {
            expected[i] = 2 * once[i];
        }
        assertArrayEquals(expected, twice, 1e-5f);
    }

    @Test
    void aSecondBackwardThroughAFreedGraphFailsLoudly() {
        Tensor x = Tensor.randn(new Rng(3), 4, 4).requiresGrad(true);
        Tensor loss = x.mul(2f).exp().sum();
        loss.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("second time") && e.getMessage().contains("retainGraph"), e.getMessage());
    }

    @Test
    void higherOrderGradientsStillWork() {
        Tensor x = Tensor.of(new float[] {0.5f, -1f}, 2).requiresGrad(true);
        Tensor y = x.mul(x).mul(x).sum();                      // d/dx = 3x^2, d2/dx2 = 6x
        Tensor dy = Autograd.grad(java.util.List.of(y), java.util.List.of(y.onesLike()), java.util.List.of(x), true)
                .get(0);
        dy.sum().backward();
        assertArrayEquals(new float[] {3f, -6f}, x.grad().toArray(), 1e-5f);
    }
}
