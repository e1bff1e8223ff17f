package dev.colorize.nn.loss;

import dev.colorize.core.Reduction;
import dev.colorize.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LossTest {
    private static final Tensor X = Tensor.of(new float[] {1, -2, 0.5f, 0}, 2, 2);
    private static final Tensor T = Tensor.of(new float[] {0, 0, 0.5f, 1}, 2, 2);

    @Test
    void regressionLosses() {
        assertEquals((1 + 2 + 0 + 1) / 4f, new L1Loss().forward(X, T).item(), 1e-6);
        assertEquals(4f, new L1Loss(Reduction.SUM).forward(X, T).item(), 1e-6);
        assertEquals((1 + 4 + 0 + 1) / 4f, new MSELoss().forward(X, T).item(), 1e-6);
        assertEquals((1 + 4 + 0 + 1) / 2f, new L2Loss().forward(X, T).item(), 1e-6, "TF l2_loss: sum / 2");
        // beta 1: |d| = 1 -> 0.5, |d| = 2 -> 1.5, 0 -> 0, 1 -> 0.5
        assertEquals((0.5f + 1.5f + 0 + 0.5f) / 4f, new SmoothL1Loss().forward(X, T).item(), 1e-6);
        assertArrayEquals(new int[] {2, 2}, new MSELoss(Reduction.NONE).forward(X, T).shape());
    }

    @Test
    void binaryCrossEntropy() {
        Tensor zero = Tensor.zeros(1, 3);
        Tensor t = Tensor.of(new float[] {0, 1, 0.3f}, 1, 3);
        assertEquals(Math.log(2), new BCEWithLogitsLoss().forward(zero, t).item(), 1e-6);
        assertEquals(Math.log(2), new BCELoss().forward(zero.add(0.5f), t).item(), 1e-6);
        Tensor x = Tensor.of(new float[] {0.5f}, 1).requiresGrad(true);
        new BCEWithLogitsLoss().forward(x, Tensor.of(new float[] {1}, 1)).backward();
        assertEquals(1 / (1 + Math.exp(-0.5)) - 1, x.grad().item(), 1e-6);
    }

    @Test
    void crossEntropyWithWeightsHardAndSoftTargets() {
        Tensor logits = Tensor.of(new float[] {0, 0, 0, 2, 0, 0}, 2, 3);
        double nll0 = Math.log(3);
        double nll1 = -Math.log(Math.exp(2) / (Math.exp(2) + 2));
        assertEquals((nll0 + nll1) / 2, new CrossEntropyLoss().forward(logits, new long[] {1, 0}).item(), 1e-6);
        assertEquals((nll0 + nll1) / 2, new CrossEntropyLoss().forward(logits, Tensor.of(new float[] {1, 0}, 2)).item(), 1e-6);
        Tensor w = Tensor.of(new float[] {3, 1, 1}, 3);
        CrossEntropyLoss weighted = new CrossEntropyLoss(Reduction.MEAN, w);
        assertEquals((1 * nll0 + 3 * nll1) / 4, weighted.forward(logits, new long[] {1, 0}).item(), 1e-6);
        assertEquals(List.of("weight"), List.copyOf(weighted.stateDict().keys()), "class weights are a buffer, as in PyTorch");
        Tensor soft = Tensor.of(new float[] {0, 1, 0, 1, 0, 0}, 2, 3);
        assertEquals((nll0 + nll1) / 2, new CrossEntropyLoss().forward(logits, soft).item(), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> new CrossEntropyLoss().forward(logits, Tensor.of(new float[] {0.5f, 1}, 2)));
        assertThrows(UnsupportedOperationException.class, () -> new L1Loss().forward(X));
    }
}
