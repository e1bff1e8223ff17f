package dev.colorize.gan.objectives;

import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Module;
import dev.colorize.nn.optim.Optimizer;

/** Generator-only training: the reconstruction loss alone. There is no discriminator to call. */
final class NoneObjective implements Objective {
    @Override
    public String name() {
        return "none";
    }

    @Override
    public boolean usesDiscriminator() {
        return false;
    }

    @Override
    public Tensor discriminatorLoss(Module d, Tensor real, Tensor fake) {
        throw new UnsupportedOperationException("objective 'none' trains no discriminator (usesDiscriminator() is false)");
    }

    /** Zero: there is no adversarial term. */
    @Override
    public Tensor generatorLoss(Module d, Tensor fake) {
        return Tensor.scalar(0f);
    }

    @Override
    public Optimizer defaultDiscriminatorOptimizer(Module d) {
        throw new UnsupportedOperationException("objective 'none' trains no discriminator (usesDiscriminator() is false)");
    }

    @Override
    public String toString() {
        return name();
    }
}
