package dev.colorize.core.autograd;

import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class AutogradSmokeTest {

    @Test
    void gradientOfTanhTimesXMatchesCalculus() {
        Tensor x = Tensor.of(new float[] {-1f, 0f, 0.5f, 2f}, 4).requiresGrad(true);
        x.tanh().mul(x).sum().backward();
        float[] g = x.grad().toArray();
        float[] xs = {-1f, 0f, 0.5f, 2f};
        for (int i = 0; i < 4; i++) {
            double t = Math.tanh(xs[i]);
            assertEquals(t + xs[i] * (1 - t * t), g[i], 1e-6);
        }
    }

    @Test
    void secondDerivativeOfCubeThroughCreateGraph() {
        Tensor x = Tensor.of(new float[] {1.5f, -2f}, 2).requiresGrad(true);
        Tensor y = x.pow(3f).sum();
        Tensor dy = Autograd.grad(List.of(y), List.of(Tensor.scalar(1f).reshape()), List.of(x), true).get(0);
        Tensor d2 = Autograd.grad(List.of(dy.sum()), List.of(Tensor.scalar(1f).reshape()), List.of(x), false).get(0);
        assertArrayEquals(new float[] {9f, -12f}, d2.toArray(), 1e-5f);
    }

    @Test
    void broadcastMatmulGradientsHaveInputShapes() {
        Rng rng = new Rng(7);
        Tensor a = Tensor.randn(rng, 3, 4, 5).requiresGrad(true);
        Tensor b = Tensor.randn(rng, 5, 2).requiresGrad(true);
        a.matmul(b).sum().backward();
        assertArrayEquals(new int[] {3, 4, 5}, a.grad().shape());
        assertArrayEquals(new int[] {5, 2}, b.grad().shape());
        // d/db sum(a @ b) = sum over batch and rows of a, per k, repeated over columns.
        float[] expected = a.detach().sum(new int[] {0, 1}, false).toArray();
        float[] gb = b.grad().toArray();
        for (int k = 0; k < 5; k++) {
            assertEquals(expected[k], gb[k * 2], 1e-4);
            assertEquals(expected[k], gb[k * 2 + 1], 1e-4);
        }
    }
}
