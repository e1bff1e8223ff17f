package dev.colorize.gan.objectives;

import dev.colorize.core.F;
import dev.colorize.core.Reduction;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Module;

/**
 * Least-squares GAN (Mao et al. 2017) with the 0-1 coding (a = 0 fake, b = c = 1 real), on D's raw
 * output (no sigmoid): {@code D: 0.5 (mean((D(real) - 1)^2) + mean(D(fake)^2))},
 * {@code G: mean((D(fake) - 1)^2)} (the pix2pix scaling: D halved, G not).
 */
final class LsganObjective extends AdversarialObjective {
    @Override
    public String name() {
        return "lsgan";
    }

    @Override
    public Tensor discriminatorLoss(Module d, Tensor real, Tensor fake) {
        checkSameShape(real, fake);
        Tensor r = score(d, real, "real");
        Tensor f = score(d, fake, "fake");
        Tensor lossReal = F.mseLoss(r, r.onesLike(), Reduction.MEAN);
        Tensor lossFake = F.mseLoss(f, f.zerosLike(), Reduction.MEAN);
        return lossReal.add(lossFake).mul(0.5f);
    }

    @Override
    public Tensor generatorLoss(Module d, Tensor fake) {
        Tensor f = score(d, fake, "fake");
        return F.mseLoss(f, f.onesLike(), Reduction.MEAN);
    }
}
