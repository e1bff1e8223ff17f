package dev.colorize.gan.objectives;

import dev.colorize.core.autograd.Autograd;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Module;
import dev.colorize.nn.optim.Adam;
import dev.colorize.nn.optim.Optimizer;

import java.util.Arrays;
import java.util.List;

/**
 * WGAN with gradient penalty (Gulrajani et al. 2017):
 * {@code D: mean(D(fake)) - mean(D(real)) + lambda * mean_i((||grad_x D(x_hat_i)|| - 1)^2)} with
 * {@code x_hat = eps * real + (1 - eps) * fake}, eps ~ U(0, 1) per sample, and
 * {@code G: -mean(D(fake))}. The penalty's gradient with respect to D's weights needs the gradient
 * of a gradient: the input gradient is built with {@code Autograd.grad(..., createGraph = true)}.
 * A per-sample critic score is the mean of D's outputs for that sample (a PatchGAN gives a map).
 * The critic should have no batch normalisation (it couples the samples the penalty treats apart).
 */
final class WganGpObjective extends AdversarialObjective {
    static final float DEFAULT_LAMBDA = 10f;
    static final int DEFAULT_N_CRITIC = 5;
    static final long DEFAULT_SEED = 0x5EEDL;
    /** Added under the square root so the norm's gradient stays finite at a zero input gradient. */
    static final float NORM_EPS = 1e-12f;

    private final float lambda;
    private final int nCritic;
    private final Rng rng;

    WganGpObjective(float lambda, int nCritic, long seed) {
        if (!(lambda >= 0) || Float.isInfinite(lambda)) {
            throw new IllegalArgumentException("wgan-gp: lambda must be a finite number >= 0, got " + lambda);
        }
        if (nCritic < 1) {
            throw new IllegalArgumentException("wgan-gp: n_critic must be >= 1, got " + nCritic);
        }
        this.lambda = lambda;
        this.nCritic = nCritic;
        this.rng = new Rng(seed);
    }

    @Override
    public String name() {
        return "wgan-gp";
    }

    @Override
    public Tensor discriminatorLoss(Module d, Tensor real, Tensor fake) {
        checkSameShape(real, fake);
        Tensor wasserstein = score(d, fake, "fake").mean().sub(score(d, real, "real").mean());
        Tensor eps = Tensor.rand(rng, real.size(0), 1, 1, 1);
        return wasserstein.add(gradientPenalty(d, real, fake, eps).penalty().mul(lambda));
    }

    @Override
    public Tensor generatorLoss(Module d, Tensor fake) {
        return score(d, fake, "fake").mean().neg();
    }

    @Override
    public int discriminatorSteps(long step) {
        return nCritic;
    }

    /** Adam(lr 1e-4, betas 0.5/0.9): the paper's (0, 0.9) with the pix2pix beta1, stable with patch critics. */
    @Override
    public Optimizer defaultDiscriminatorOptimizer(Module d) {
        return Adam.builder(d.parameters()).lr(1e-4).betas(0.5, 0.9).build();
    }

    /** The interpolation weights' generator; checkpoints save and restore its state for exact resumes. */
    @Override
    public Rng rng() {
        return rng;
    }

    @Override
    public String toString() {
        return "wgan-gp(lambda=" + lambda + ", n_critic=" + nCritic + ")";
    }

    /** The pieces of the penalty, for tests against the reference case. */
    record Penalty(Tensor xHat, Tensor criticOutput, Tensor criticGrad, Tensor gradNorm, Tensor penalty) {
    }

    /**
     * {@code mean_i((||d/dx_hat sum_j D(x_hat)_j|| - 1)^2)} without lambda, differentiable with respect
     * to D's parameters, {@code real} and {@code fake}. {@code eps} is [N,1,1,1] in [0, 1].
     */
    static Penalty gradientPenalty(Module d, Tensor real, Tensor fake, Tensor eps) {
        int n = real.size(0);
        if (!Arrays.equals(eps.shape(), new int[] {n, 1, 1, 1})) {
            throw new IllegalArgumentException("wgan-gp: eps must be [" + n + ",1,1,1], got " + Arrays.toString(eps.shape()));
        }
        Tensor xHat = eps.mul(real).add(eps.rsub(1f).mul(fake));
        if (!xHat.requiresGrad()) {
            xHat = xHat.detach().requiresGrad(true);   // real and fake are both constants: x_hat becomes a leaf
        }
        Tensor out = d.forward(xHat);
        Tensor perSample = out.reshape(n, -1).mean(new int[] {1}, false);
        Tensor grad = Autograd.grad(List.of(perSample), List.of(perSample.onesLike()), List.of(xHat), true).get(0);
        Tensor norm = grad.square().reshape(n, -1).sum(new int[] {1}, false).add(NORM_EPS).sqrt();
        Tensor penalty = norm.sub(1f).square().mean();
        return new Penalty(xHat, perSample, grad, norm, penalty);
    }
}
