package dev.colorize.gan.objectives;

import dev.colorize.gan.models.EbganDiscriminator;
import dev.colorize.gan.models.Norm;
import dev.colorize.gan.models.PatchGAN;
import dev.colorize.nn.Module;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each objective, combined with L1 (weight 100), trains the tiny U-Net on {@link SyntheticColorTask} and
 * beats the gray (ab = 0) baseline by more than half: the texture-to-colour rule was learned.
 */
class ObjectivesLearnColourTest {
    private static final int STEPS = 600;

    private static PatchGAN patchGan(Norm norm) {
        return PatchGAN.builder().ndf(4).nLayers(2).norm(norm).seed(11).build();
    }

    private static void check(Objective o, Module d) {
        SyntheticColorTask.Result r = SyntheticColorTask.train(o, d, STEPS, 42);
        String msg = o + ": ab error " + r.error() + " vs gray " + r.grayError() + " (last D loss " + r.lastDiscriminatorLoss()
                + ", adversarial " + r.lastAdversarialLoss() + ")";
        System.out.println(msg);
        assertTrue(Double.isFinite(r.error()) && Double.isFinite(r.lastAdversarialLoss()), msg);
        assertTrue(!o.usesDiscriminator() || Double.isFinite(r.lastDiscriminatorLoss()), msg);
        assertTrue(r.error() < 0.5 * r.grayError(), msg);
    }

    @Test
    void none() {
        check(Objectives.none(), null);
    }

    @Test
    void gan() {
        check(Objectives.gan(), patchGan(Norm.BATCH));
    }

    @Test
    void lsgan() {
        check(Objectives.lsgan(), patchGan(Norm.BATCH));
    }

    @Test
    void wganWithClipping() {
        check(Objectives.wgan(0.01f, 2, false), patchGan(Norm.BATCH));
    }

    @Test
    void wganGp() {
        check(Objectives.wganGp(10f, 1, 3), patchGan(Norm.NONE));
    }

    @Test
    void ebgan() {
        check(Objectives.ebgan(1f, 0.1f), EbganDiscriminator.builder().ndf(4).nLayers(2).seed(12).build());
    }
}
