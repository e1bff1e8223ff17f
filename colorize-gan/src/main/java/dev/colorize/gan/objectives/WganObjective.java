package dev.colorize.gan.objectives;

import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Module;
import dev.colorize.nn.optim.Clipping;
import dev.colorize.nn.optim.Optimizer;
import dev.colorize.nn.optim.RMSprop;

/**
 * WGAN with weight clipping (Arjovsky et al. 2017). The critic maximises mean(D(real)) - mean(D(fake)),
 * so its loss is {@code mean(D(fake)) - mean(D(real))}; the generator's is {@code -mean(D(fake))}.
 * After every critic step each critic parameter is clamped to [-c, c]. The critic is trained with
 * RMSprop(lr 5e-5) and {@code n_critic} steps per generator step; with the warm-up option, as in the
 * authors' code, 100 critic steps are taken for the first 25 generator steps and at every 500th.
 */
final class WganObjective extends AdversarialObjective {
    static final float DEFAULT_CLIP = 0.01f;
    static final int DEFAULT_N_CRITIC = 5;
    static final int WARMUP_CRITIC_STEPS = 100;
    static final int WARMUP_GENERATOR_STEPS = 25;
    static final int WARMUP_PERIOD = 500;

    private final float clip;
    private final int nCritic;
    private final boolean warmup;

    WganObjective(float clip, int nCritic, boolean warmup) {
        if (!(clip > 0) || Float.isInfinite(clip)) {
            throw new IllegalArgumentException("wgan: clip must be a positive finite number, got " + clip);
        }
        if (nCritic < 1) {
            throw new IllegalArgumentException("wgan: n_critic must be >= 1, got " + nCritic);
        }
        this.clip = clip;
        this.nCritic = nCritic;
        this.warmup = warmup;
    }

    @Override
    public String name() {
        return "wgan";
    }

    @Override
    public Tensor discriminatorLoss(Module d, Tensor real, Tensor fake) {
        checkSameShape(real, fake);
        return score(d, fake, "fake").mean().sub(score(d, real, "real").mean());
    }

    @Override
    public Tensor generatorLoss(Module d, Tensor fake) {
        return score(d, fake, "fake").mean().neg();
    }

    /** Clamps every critic parameter to [-c, c] (the Lipschitz constraint of the original WGAN). */
    @Override
    public void afterDiscriminatorStep(Module d) {
        Clipping.clampWeights(d.parameters(), -clip, clip);
    }

    /** {@code step} counts generator steps from 0, like {@code gen_iterations} in the authors' code. */
    @Override
    public int discriminatorSteps(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("wgan: negative generator step " + step);
        }
        if (warmup && (step < WARMUP_GENERATOR_STEPS || step % WARMUP_PERIOD == 0)) {
            return WARMUP_CRITIC_STEPS;
        }
        return nCritic;
    }

    /** RMSprop(lr 5e-5), the paper's critic optimizer (momentum-free, as it recommends). */
    @Override
    public Optimizer defaultDiscriminatorOptimizer(Module d) {
        return RMSprop.builder(d.parameters()).lr(5e-5).build();
    }

    float clip() {
        return clip;
    }

    @Override
    public String toString() {
        return "wgan(clip=" + clip + ", n_critic=" + nCritic + ", warmup=" + warmup + ")";
    }
}
