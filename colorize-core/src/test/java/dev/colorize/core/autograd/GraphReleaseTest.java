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
            return new Graph(hidden.mul(hidden).sum(), new WeakReference<>(hidden)); // mul keeps both operands
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
        assertTrue(collected(g.activation()), "the mul node still holds its input after backward");
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

    /**
     * The graph links ops, not tensors: an activation that no backward reads is collected during the
     * forward, while the loss and the graph are alive (here a BatchNorm-like output feeding a ReLU
     * and a tanh, which keep their outputs, and an add, which keeps nothing).
     */
    @Test
    void anActivationNoBackwardReadsIsNotHeldByTheGraph() throws InterruptedException {
        Tensor x = Tensor.randn(new Rng(4), 32, 32).requiresGrad(true);
        Tensor hidden = x.mul(3f).add(1f);
        WeakReference<Tensor> ref = new WeakReference<>(hidden);
        Tensor loss = hidden.relu().tanh().add(x).sum();
        hidden = null;
        assertTrue(collected(ref), "the graph holds an activation its backward never reads");
        loss.backward();
        Tensor expected = x.mul(3f).add(1f).relu();
        float[] e = expected.toArray();
        float[] h = x.mul(3f).add(1f).toArray();
        float[] grad = x.grad().toArray();
        for (int i = 0; i < e.length; i++) {
            float t = (float) Math.tanh(e[i]);
            float want = (h[i] > 0 ? 3f * (1 - t * t) : 0f) + 1f;
            org.junit.jupiter.api.Assertions.assertEquals(want, grad[i], 1e-5f, "gradient at " + i);
        }
    }

    /** expand to the same shape is a no-op view; recording it must not take over its input's graph node. */
    @Test
    void aNoOpViewKeepsItsInputALeaf() {
        Tensor x = Tensor.of(new float[] {1f, 2f, 3f}, 3).requiresGrad(true);
        Tensor y = x.expand(3);
        assertTrue(x.isLeaf(), "the input became a non-leaf");
        assertTrue(y != x && !y.isLeaf());
        y.mul(y).sum().backward();
        assertArrayEquals(new float[] {2f, 4f, 6f}, x.grad().toArray(), 1e-6f);
        x.requiresGrad(false);   // allowed on a leaf only
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
