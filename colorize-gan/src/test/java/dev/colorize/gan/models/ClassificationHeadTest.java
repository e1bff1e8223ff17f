package dev.colorize.gan.models;

import dev.colorize.core.F;
import dev.colorize.core.autograd.Autograd;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassificationHeadTest {
    private static final AbBins TWO = AbBins.of(new float[] {0f, 40f}, new float[] {0f, 0f});

    @Test
    void rebalancingWeightsByHand() {
        // Q = 2, prior (0.75, 0.25), no smoothing, lambda 0.5: w ∝ 1/(0.5 p + 0.25) = (1.6, 2.6667),
        // E_p[w] = 1.8667 -> w = (0.857143, 1.428571)
        ClassRebalancing rb = ClassRebalancing.of(TWO, new float[] {3f, 1f}, 0f, 0.5f);
        assertEquals(1.6 / (1.2 + 0.25 / 0.375), rb.weight(0), 1e-5);
        assertEquals((1 / 0.375) / (1.2 + 0.25 / 0.375), rb.weight(1), 1e-5);
        assertEquals(1, 0.75 * rb.weight(0) + 0.25 * rb.weight(1), 1e-5);
        // lambda 1: uniform weights
        ClassRebalancing flat = ClassRebalancing.of(TWO, new float[] {3f, 1f}, 0f, 1f);
        assertEquals(flat.weight(0), flat.weight(1), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> ClassRebalancing.of(TWO, new float[] {0f, 0f}));
    }

    @Test
    void rebalancingOnTheGamutFavoursRareColoursAndSmooths() {
        AbBins bins = AbBins.gamut();
        // a prior dominated by grays (as in photos) with a few saturated pixels
        Tensor ab = Tensor.of(new float[] {0, 0, 0, 0, 3, 60, 0, 0, 0, 0, 2, -40}, 1, 2, 2, 3);
        float[] prior = ClassRebalancing.empiricalPrior(bins, List.of(ab));
        assertEquals(5f / 6, prior[bins.nearest(0, 0)], 1e-6);   // (3, 2) is in the gray bin too
        ClassRebalancing rb = ClassRebalancing.of(bins, prior);
        assertTrue(rb.weight(bins.nearest(60, -40)) > rb.weight(bins.nearest(0, 0)));
        float[] p = rb.smoothedPrior();
        assertTrue(p[bins.nearest(10, 0)] > 0, "sigma 5 spreads mass to the neighbours");
        double e = 0;
        for (int q = 0; q < bins.size(); q++) {
            e += p[q] * rb.weight(q);
        }
        assertEquals(1, e, 1e-4);
    }

    @Test
    void lossAndGradientByHand() {
        // one pixel at ab (0, 0) over two bins 40 apart: Z = (1, e^-32 ~ 0) with sigma 5 over 2 neighbours
        ClassRebalancing rb = ClassRebalancing.of(TWO, new float[] {1f, 1f}, 0f, 0.5f);
        ColorClassLoss loss = ColorClassLoss.of(TWO, rb, 2, 5f);
        Tensor logits = Tensor.of(new float[] {0.3f, -0.2f}, 1, 2, 1, 1).requiresGrad(true);
        Tensor l = loss.loss(logits, Tensor.zeros(1, 2, 4, 4));   // pooled 4x4 -> 1x1
        double z1 = Math.exp(-32);
        double lse = Math.log(Math.exp(0.3) + Math.exp(-0.2));
        double expected = -((1 - z1) * (0.3 - lse) + z1 * (-0.2 - lse)) / (1 + z1) * rb.weight(0);
        assertEquals(expected, l.item(), 1e-6);
        Tensor g = Autograd.grad(List.of(l), List.of(Tensor.scalar(1f)), List.of(logits), false).get(0);
        double p0 = Math.exp(0.3 - lse);
        assertEquals(rb.weight(0) * (p0 - 1), g.get(0, 0, 0, 0), 1e-5);
        assertEquals(rb.weight(0) * (1 - p0), g.get(0, 1, 0, 0), 1e-5);
    }

    @Test
    void classificationForwardIsTheAnnealedMeanUpsampled() {
        Eccv16 g = Eccv16.builder().widths(2, 3, 4, 5).head(AbHead.CLASSIFICATION).seed(4).build();
        g.eval();
        Tensor l = Tensor.rand(new Rng(1), 1, 1, 16, 24).mul(100f);
        Tensor ab = g.forward(l);
        assertArrayEquals(new int[] {1, 2, 16, 24}, ab.shape());
        Tensor expected = F.upsampleBilinear(g.bins().annealedMean(g.logits(l), Eccv16.DEFAULT_TEMPERATURE), 4);
        assertArrayEquals(expected.toArray(), ab.toArray(), 1e-3f);
        // a regression head with the same weights averages at temperature 1 instead
        Eccv16 r = Eccv16.builder().widths(2, 3, 4, 5).bins(g.config().bins()).seed(4).build();
        r.loadStateDict(g.stateDict(), true);
        r.eval();
        Tensor mean = F.upsampleBilinear(g.bins().annealedMean(g.logits(l), 1f), 4);
        assertArrayEquals(mean.toArray(), r.forward(l).toArray(), 1e-3f);
    }
}
