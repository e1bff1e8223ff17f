package dev.colorize.gan.objectives;

import dev.colorize.core.F;
import dev.colorize.core.Reduction;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Module;

/**
 * The original GAN (Goodfellow et al.) with the non-saturating generator loss, on D's logits with the
 * numerically stable BCE-with-logits (no explicit sigmoid). As in pix2pix the D loss is halved:
 * {@code D: 0.5 (BCE(D(real), 1) + BCE(D(fake), 0))}, {@code G: BCE(D(fake), 1)}, each a mean over
 * every patch of D's output.
 */
final class GanObjective extends AdversarialObjective {
    @Override
    public String name() {
        return "gan";
    }

    @Override
    public Tensor discriminatorLoss(Module d, Tensor real, Tensor fake) {
        checkSameShape(real, fake);
        Tensor r = score(d, real, "real");
        Tensor f = score(d, fake, "fake");
        Tensor lossReal = F.binaryCrossEntropyWithLogits(r, r.onesLike(), Reduction.MEAN);
        Tensor lossFake = F.binaryCrossEntropyWithLogits(f, f.zerosLike(), Reduction.MEAN);
        return lossReal.add(lossFake).mul(0.5f);
    }

    @Override
    public Tensor generatorLoss(Module d, Tensor fake) {
        Tensor f = score(d, fake, "fake");
        return F.binaryCrossEntropyWithLogits(f, f.onesLike(), Reduction.MEAN);
    }
}
