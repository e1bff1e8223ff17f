package dev.colorize.gan.objectives;

import dev.colorize.core.F;
import dev.colorize.core.Reduction;
import dev.colorize.core.autograd.GradMode;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.gan.color.Normalization;
import dev.colorize.gan.models.Norm;
import dev.colorize.gan.models.UNet;
import dev.colorize.nn.Module;
import dev.colorize.nn.optim.Adam;
import dev.colorize.nn.optim.Optimizer;

/**
 * A small colour task whose colours are learnable only from texture: 16x16 gray scenes (L 40) with
 * one square of random size and place, striped either horizontally or vertically (L 60/80, the same
 * mean lightness); horizontal stripes are red-orange (ab 50, 40), vertical ones blue (ab -40, -40),
 * the background is gray (ab 0). The two colours are 90 and 80 apart in a and b, so any single colour
 * predicted for every square has at least the gray baseline's mean absolute error: beating half of
 * it needs both the square's outline and its texture.
 */
final class SyntheticColorTask {
    static final int SIZE = 16;
    private static final float[] RED = {50f, 40f};
    private static final float[] BLUE = {-40f, -40f};

    /** One batch: {@code l} = L/50 - 1 [N,1,16,16], {@code ab} = ab/110 [N,2,16,16]. */
    record Batch(Tensor l, Tensor ab) {
        Tensor real() {
            return Tensor.cat(1, l, ab);
        }
    }

    static Batch batch(Rng rng, int n) {
        int hw = SIZE * SIZE;
        float[] l = new float[n * hw];
        float[] ab = new float[n * 2 * hw];
        for (int i = 0; i < n; i++) {
            boolean horizontal = rng.nextInt(2) == 0;
            float[] colour = horizontal ? RED : BLUE;
            int side = 5 + rng.nextInt(5);
            int y0 = rng.nextInt(SIZE - side + 1);
            int x0 = rng.nextInt(SIZE - side + 1);
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    int p = y * SIZE + x;
                    boolean inside = y >= y0 && y < y0 + side && x >= x0 && x < x0 + side;
                    float lightness = 40f;
                    if (inside) {
                        lightness = ((horizontal ? y : x) % 2 == 0) ? 60f : 80f;
                        ab[(i * 2) * hw + p] = Normalization.normalizeAb(colour[0]);
                        ab[(i * 2 + 1) * hw + p] = Normalization.normalizeAb(colour[1]);
                    }
                    l[i * hw + p] = Normalization.PIX2PIX.normalizeL(lightness);
                }
            }
        }
        return new Batch(Tensor.of(l, n, 1, SIZE, SIZE), Tensor.of(ab, n, 2, SIZE, SIZE));
    }

    static UNet generator(long seed) {
        return UNet.builder().ngf(6).numDowns(4).norm(Norm.BATCH).seed(seed).build();
    }

    /** Mean absolute ab error in Lab units. */
    static double abError(Tensor predictedNorm, Tensor trueNorm) {
        return F.l1Loss(predictedNorm, trueNorm, Reduction.MEAN).item() * Normalization.AB_SCALE;
    }

    /** Result of a training run: the generator's ab error on held-out scenes and the gray baseline's. */
    record Result(double error, double grayError, double lastDiscriminatorLoss, double lastAdversarialLoss) {
    }

    /**
     * pix2pix-style training: per generator step, {@code objective.discriminatorSteps(step)} D steps on a
     * detached fake, then G on {@code adversarial + 100 * L1}. D is null for generator-only objectives.
     */
    static Result train(Objective objective, Module d, int steps, long seed) {
        Rng rng = new Rng(seed);
        UNet g = generator(seed);
        Optimizer gOpt = Adam.builder(g.parameters()).lr(2e-3).betas(0.5, 0.999).build();
        Optimizer dOpt = objective.usesDiscriminator() ? objective.defaultDiscriminatorOptimizer(d) : null;
        double lastD = Double.NaN;
        double lastAdv = Double.NaN;
        for (int step = 0; step < steps; step++) {
            Batch b = batch(rng, 8);
            Tensor ab = g.forward(b.l());
            Tensor fake = Tensor.cat(1, b.l(), ab);
            if (dOpt != null) {
                for (int k = objective.discriminatorSteps(step); k > 0; k--) {
                    dOpt.zeroGrad();
                    Tensor dLoss = objective.discriminatorLoss(d, b.real(), fake.detach());
                    dLoss.backward();
                    dOpt.step();
                    objective.afterDiscriminatorStep(d);
                    lastD = dLoss.item();
                }
            }
            gOpt.zeroGrad();
            Tensor adv = objective.generatorLoss(d, fake);
            Tensor loss = adv.add(F.l1Loss(ab, b.ab(), Reduction.MEAN).mul(100f));
            loss.backward();
            gOpt.step();
            lastAdv = adv.item();
        }
        g.eval();
        Batch test = batch(new Rng(seed ^ 0x7E57L), 32);
        try (GradMode.Scope s = GradMode.noGrad()) {
            double err = abError(g.forward(test.l()), test.ab());
            return new Result(err, abError(test.ab().zerosLike(), test.ab()), lastD, lastAdv);
        }
    }

    private SyntheticColorTask() {
    }
}
