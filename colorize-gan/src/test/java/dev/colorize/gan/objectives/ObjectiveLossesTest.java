package dev.colorize.gan.objectives;

import dev.colorize.core.autograd.Autograd;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.gan.models.EbganDiscriminator;
import dev.colorize.gan.models.Norm;
import dev.colorize.gan.models.PatchGAN;
import dev.colorize.nn.Module;
import dev.colorize.nn.layers.Conv2d;
import dev.colorize.nn.optim.Adam;
import dev.colorize.nn.optim.RMSprop;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each objective's losses on tiny inputs against hand computations. */
class ObjectiveLossesTest {
    // D inputs [2,1,1,2]: the test "discriminators" below make the per-patch scores obvious
    private static final Tensor REAL = Tensor.of(new float[] {1f, 2f, -1f, 0.5f}, 2, 1, 1, 2);
    private static final Tensor FAKE = Tensor.of(new float[] {-3f, 0f, 4f, -0.5f}, 2, 1, 1, 2);

    /** D(x) = 2x: one "patch" score per pixel. */
    static final class Doubler extends Module {
        final Tensor scale = registerParameter("scale", Tensor.scalar(2f).reshape(1));

        @Override
        public Tensor forward(Tensor x) {
            return x.mul(scale);
        }
    }

    private static double softplus(double x) {
        return Math.log1p(Math.exp(-Math.abs(x))) + Math.max(x, 0);
    }

    private static double[] scores(Tensor t) {
        float[] v = t.toArray();
        double[] s = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            s[i] = 2 * v[i];
        }
        return s;
    }

    @Test
    void ganIsStableBceWithLogits() {
        Objective o = Objectives.gan();
        double dl = 0;
        double gl = 0;
        for (double r : scores(REAL)) {
            dl += softplus(-r) / 4;          // BCE(r, 1) = softplus(-r)
        }
        for (double f : scores(FAKE)) {
            dl += softplus(f) / 4;           // BCE(f, 0) = softplus(f)
            gl += softplus(-f) / 4;
        }
        assertEquals(0.5 * dl, o.discriminatorLoss(new Doubler(), REAL, FAKE).item(), 1e-6);
        assertEquals(gl, o.generatorLoss(new Doubler(), FAKE).item(), 1e-6);
        // logits of +-100 stay finite (a naive log(sigmoid) would give inf)
        Tensor big = Tensor.of(new float[] {50f, -50f, 50f, -50f}, 2, 1, 1, 2);
        float loss = o.discriminatorLoss(new Doubler(), big, big).item();
        assertEquals(0.5 * (100 / 2.0 + 100 / 2.0), loss, 1e-3);
        assertInstanceOf(Adam.class, o.defaultDiscriminatorOptimizer(new Doubler()));
        assertEquals(1, o.discriminatorSteps(0));
    }

    @Test
    void lsganIsLeastSquaresWithoutSigmoid() {
        Objective o = Objectives.lsgan();
        double dl = 0;
        double gl = 0;
        for (double r : scores(REAL)) {
            dl += (r - 1) * (r - 1) / 4;
        }
        for (double f : scores(FAKE)) {
            dl += f * f / 4;
            gl += (f - 1) * (f - 1) / 4;
        }
        assertEquals(0.5 * dl, o.discriminatorLoss(new Doubler(), REAL, FAKE).item(), 1e-5);
        assertEquals(gl, o.generatorLoss(new Doubler(), FAKE).item(), 1e-5);
    }

    @Test
    void wganLossesClippingAndSchedule() {
        Objective o = Objectives.wgan();
        double meanReal = 2 * (1 + 2 - 1 + 0.5) / 4;
        double meanFake = 2 * (-3 + 0 + 4 - 0.5) / 4;
        assertEquals(meanFake - meanReal, o.discriminatorLoss(new Doubler(), REAL, FAKE).item(), 1e-6);
        assertEquals(-meanFake, o.generatorLoss(new Doubler(), FAKE).item(), 1e-6);
        // original schedule: 100 critic steps for the first 25 generator steps and every 500th
        assertEquals(100, o.discriminatorSteps(0));
        assertEquals(100, o.discriminatorSteps(24));
        assertEquals(5, o.discriminatorSteps(25));
        assertEquals(5, o.discriminatorSteps(499));
        assertEquals(100, o.discriminatorSteps(500));
        assertEquals(5, o.discriminatorSteps(501));
        assertEquals(100, o.discriminatorSteps(1000));
        Objective plain = Objectives.wgan(0.05f, 3, false);
        assertEquals(3, plain.discriminatorSteps(0));
        assertEquals(3, plain.discriminatorSteps(500));
        // weight clipping after a critic step
        PatchGAN d = PatchGAN.builder().ndf(2).nLayers(1).norm(Norm.NONE).build();
        ((Conv2d) d.namedModules().get("model.0")).weight().copyFrom(Tensor.full(0.3f, 2, 3, 4, 4));
        o.afterDiscriminatorStep(d);
        for (Tensor p : d.parameters()) {
            for (float v : p.toArray()) {
                assertTrue(v >= -0.01f && v <= 0.01f, "clipped to [-0.01, 0.01]: " + v);
            }
        }
        assertEquals(0.01f, ((Conv2d) d.namedModules().get("model.0")).weight().get(0, 0, 0, 0));
        RMSprop rms = assertInstanceOf(RMSprop.class, o.defaultDiscriminatorOptimizer(d));
        assertEquals(5e-5, rms.lr(), 0);
    }

    @Test
    void wganGpAddsTenTimesThePenalty() {
        WganGpObjective o = (WganGpObjective) Objectives.wganGp();
        assertEquals(5, o.discriminatorSteps(0));
        PatchGAN d = PatchGAN.builder().ndf(2).nLayers(1).norm(Norm.NONE).seed(3).build();
        Rng r = new Rng(5);
        Tensor real = Tensor.rand(r, 2, 3, 8, 8);
        Tensor fake = Tensor.rand(r, 2, 3, 8, 8);
        Rng copy = new Rng(0);
        copy.setState(o.rng().state());
        Tensor eps = Tensor.rand(copy, 2, 1, 1, 1);
        double w = d.forward(fake).mean().item() - d.forward(real).mean().item();
        double penalty = WganGpObjective.gradientPenalty(d, real, fake, eps).penalty().item();
        assertTrue(penalty > 0.1, "an untrained critic is far from 1-Lipschitz: " + penalty);
        assertEquals(w + 10 * penalty, o.discriminatorLoss(d, real, fake).item(), 1e-5);
        assertEquals(copy.state(), o.rng().state(), "one eps per sample drawn");
        // the loss reaches D's weights through the input gradient (double backward)
        Tensor loss = o.discriminatorLoss(d, real, fake);
        Tensor g = Autograd.grad(List.of(loss), List.of(Tensor.scalar(1f)), d.parameters(), false).get(0);
        assertTrue(Math.abs(g.sum().item()) > 0);
    }

    @Test
    void ebganMarginAndPullAway() {
        // D(x) = x / 2: energy of a sample = mean((x/2 - x)^2) = mean(x^2) / 4
        Module half = new Module() {
            @Override
            public Tensor forward(Tensor x) {
                return x.mul(0.5f);
            }
        };
        double eReal0 = (1 + 4) / 2.0 / 4;
        double eReal1 = (1 + 0.25) / 2.0 / 4;
        double eFake0 = (9 + 0) / 2.0 / 4;
        double eFake1 = (16 + 0.25) / 2.0 / 4;
        Objective o = Objectives.ebgan(1.5f, 0f);
        double expected = (eReal0 + eReal1) / 2 + (Math.max(0, 1.5 - eFake0) + Math.max(0, 1.5 - eFake1)) / 2;
        assertEquals(expected, o.discriminatorLoss(half, REAL, FAKE).item(), 1e-6);
        assertEquals((eFake0 + eFake1) / 2, o.generatorLoss(half, FAKE).item(), 1e-6);

        // pull-away term: codes (1,0), (1,1), (0,1): cos^2 = 0.5, 0, 0.5 per pair -> 2 * 1 / (3 * 2)
        Tensor codes = Tensor.of(new float[] {1, 0, 1, 1, 0, 1}, 3, 2);
        assertEquals(1 / 3.0, EbganObjective.pullAwayTerm(codes).item(), 1e-6);
        EbganDiscriminator ae = EbganDiscriminator.builder().ndf(2).nLayers(2).seed(1).build();
        Tensor x = Tensor.rand(new Rng(2), 3, 3, 8, 8);
        float withPt = Objectives.ebgan(1f, 0.1f).generatorLoss(ae, x).item();
        float withoutPt = Objectives.ebgan(1f, 0f).generatorLoss(ae, x).item();
        float pt = EbganObjective.pullAwayTerm(ae.encode(x)).item();
        assertEquals(withoutPt + 0.1f * pt, withPt, 1e-5);
        assertThrows(IllegalArgumentException.class, () -> Objectives.ebgan(1f, 0.1f).generatorLoss(half, FAKE));
    }

    @Test
    void noneHasNoDiscriminatorAndByNameKnowsEveryObjective() {
        Objective none = Objectives.none();
        assertTrue(!none.usesDiscriminator());
        assertEquals(0f, none.generatorLoss(null, FAKE).item());
        assertThrows(UnsupportedOperationException.class, () -> none.discriminatorLoss(null, REAL, FAKE));
        for (String n : Objectives.NAMES) {
            assertEquals(n, Objectives.byName(n).name());
        }
        assertNull(Objectives.gan().rng());
        assertThrows(IllegalArgumentException.class, () -> Objectives.byName("hinge"));
        assertThrows(IllegalArgumentException.class, () -> Objectives.gan().discriminatorLoss(new Doubler(), REAL,
                Tensor.zeros(1, 1, 1, 2)));
    }
}
