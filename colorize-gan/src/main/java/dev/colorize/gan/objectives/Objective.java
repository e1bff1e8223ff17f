package dev.colorize.gan.objectives;

import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Module;
import dev.colorize.nn.optim.Optimizer;

/**
 * An adversarial objective: the discriminator (critic) loss and the adversarial part of the generator
 * loss. The reconstruction term (L1/L2 and its weight) is added by the trainer.
 *
 * <pre>{@code
 * Objective obj = Objectives.lsgan();
 * Tensor dLoss = obj.discriminatorLoss(d, real, fake.detach());   // D inputs: cat(L, ab) [N,3,H,W]
 * Tensor gLoss = obj.generatorLoss(d, fake).add(F.l1Loss(ab, abTrue, Reduction.MEAN).mul(100));
 * }</pre>
 */
public interface Objective {
    /** The objective's command-line name ({@code none}, {@code gan}, {@code lsgan}, {@code wgan}, {@code wgan-gp}, {@code ebgan}). */
    String name();

    /** False for generator-only training ("none"): the trainer then builds no discriminator. */
    default boolean usesDiscriminator() {
        return true;
    }

    /** Loss of D (or critic) on a real batch and a DETACHED fake batch; both are D inputs (L and ab concatenated, [N,3,H,W]). */
    Tensor discriminatorLoss(Module d, Tensor real, Tensor fake);

    /** Adversarial generator loss given the (not detached) fake D input. */
    Tensor generatorLoss(Module d, Tensor fake);

    /** Called after each D optimizer step (WGAN weight clipping). */
    default void afterDiscriminatorStep(Module d) {
    }

    /** D steps per G step at generator step {@code step} (WGAN n_critic schedule); 1 for the others. */
    default int discriminatorSteps(long step) {
        return 1;
    }

    /**
     * The optimizer recommended for D with this objective (RMSprop for WGAN-clip, Adam(2e-4, 0.5, 0.999)
     * otherwise), given D's parameters.
     */
    Optimizer defaultDiscriminatorOptimizer(Module d);

    /**
     * The objective's own random generator (WGAN-GP's interpolation weights), whose state a checkpoint
     * must save and restore for an exact resume; null when the objective draws no random numbers.
     */
    default Rng rng() {
        return null;
    }
}
