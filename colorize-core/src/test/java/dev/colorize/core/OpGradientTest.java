package dev.colorize.core;

import dev.colorize.core.backend.ConvSpec;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.core.testing.GradCheck;
import org.junit.jupiter.api.Test;

import static dev.colorize.core.testing.GradCheck.awayFromZero;
import static dev.colorize.core.testing.GradCheck.uniform;

/**
 * Numerical gradient checks (central differences) for every differentiable op, on shapes that do
 * not occur in the reference files: an independent second check of every backward, and of the
 * second derivatives the WGAN-GP penalty needs.
 */
class OpGradientTest {
    private final Rng rng = new Rng(2024);
    private final GradCheck gc = GradCheck.create();

    @Test
    void binaryElementwiseWithBroadcasting() {
        Tensor a = Tensor.randn(rng, 3, 1, 4);
        Tensor b = Tensor.randn(rng, 2, 1);
        gc.check("add", x -> x.get(0).add(x.get(1)), a, b);
        gc.check("sub", x -> x.get(0).sub(x.get(1)), a, b);
        gc.check("mul", x -> x.get(0).mul(x.get(1)), a, b);
        gc.check("div", x -> x.get(0).div(x.get(1)), a, uniform(rng, 0.5f, 2f, 2, 1));
        Tensor c = Tensor.of(new float[] {0.1f, 0.5f, -0.3f, 1f, -2f, 0.7f}, 2, 3);
        Tensor d = Tensor.of(new float[] {0.4f, 0.2f, 0.3f}, 3);
        gc.check("maximum", x -> x.get(0).maximum(x.get(1)), c, d);
        gc.check("minimum", x -> x.get(0).minimum(x.get(1)), c, d);
        gc.check("scalar affine", x -> x.get(0).mul(3f).add(1f).rsub(2f).div(4f), a);
        gc.check("where", x -> x.get(0).where(Tensor.of(new float[] {1, 0, 1, 0}, 4), x.get(1)),
                Tensor.randn(rng, 3, 4), Tensor.randn(rng, 4));
    }

    @Test
    void unaryElementwiseAndActivations() {
        Tensor x = awayFromZero(rng, 0.05f, 2, 3, 4);
        Tensor pos = uniform(rng, 0.3f, 3f, 2, 3, 4);
        gc.check("neg", t -> t.get(0).neg(), x);
        gc.check("exp", t -> t.get(0).exp(), x);
        gc.check("log", t -> t.get(0).log(), pos);
        gc.check("sqrt", t -> t.get(0).sqrt(), pos);
        gc.check("abs", t -> t.get(0).abs(), x);
        for (float p : new float[] {2f, 3f, 0.5f, -1.5f, 2.5f}) {
            gc.check("pow " + p, t -> t.get(0).pow(p), pos);
        }
        gc.check("relu", t -> t.get(0).relu(), x);
        gc.check("leaky_relu", t -> t.get(0).leakyRelu(0.2f), x);
        gc.check("tanh", t -> t.get(0).tanh(), x);
        gc.check("sigmoid", t -> t.get(0).sigmoid(), x);
        gc.check("softplus", t -> t.get(0).softplus(), x);
        gc.check("softplus beta 2", t -> t.get(0).softplus(2f, 20f), x);
        gc.check("clamp", t -> t.get(0).clamp(-0.5f, 0.75f), Tensor.of(new float[] {-1f, -0.3f, 0.1f, 0.5f, 0.9f, 2f}, 6));
        gc.check("clamp min", t -> t.get(0).clampMin(0.25f), Tensor.of(new float[] {-1f, 0.1f, 0.5f, 2f}, 4));
    }

    @Test
    void reductions() {
        Tensor x = Tensor.randn(rng, 2, 3, 4).add(2f);
        gc.check("sum all", t -> t.get(0).sum(), x);
        gc.check("sum dims", t -> t.get(0).sum(new int[] {0, 2}, true), x);
        gc.check("mean dim", t -> t.get(0).mean(new int[] {-1}, false), x);
        gc.check("var biased", t -> t.get(0).var(new int[] {1}, false, false), x);
        gc.check("var unbiased all", t -> t.get(0).var(null, true, true), x);
        Tensor distinct = Tensor.of(shuffled(24, 0.1f), 2, 3, 4);
        gc.check("max dim 1", t -> t.get(0).max(1, false).values(), distinct);
        gc.check("max dim 2 keepdim", t -> t.get(0).max(2, true).values(), distinct);
    }

    @Test
    void matmulAndSoftmax() {
        gc.check("matmul 2d", t -> t.get(0).matmul(t.get(1)), Tensor.randn(rng, 3, 4), Tensor.randn(rng, 4, 2));
        gc.check("matmul batched broadcast", t -> t.get(0).matmul(t.get(1)),
                Tensor.randn(rng, 2, 3, 4), Tensor.randn(rng, 4, 2));
        gc.check("matmul transposed operands", t -> t.get(0).transpose(0, 1).matmul(t.get(1).transpose(0, 1)),
                Tensor.randn(rng, 4, 3), Tensor.randn(rng, 2, 4));
        gc.check("softmax", t -> t.get(0).softmax(1), Tensor.randn(rng, 2, 5, 2));
        gc.check("log_softmax", t -> t.get(0).logSoftmax(-1), Tensor.randn(rng, 3, 6));
    }

    @Test
    void convolutions() {
        ConvSpec s = new ConvSpec(2, 1, 1, 0, 1, 1, 0, 0);
        gc.check("conv2d stride (2,1) pad (1,0) bias", t -> F.conv2d(t.get(0), t.get(1), t.get(2), s),
                Tensor.randn(rng, 2, 2, 5, 4), Tensor.randn(rng, 3, 2, 3, 2), Tensor.randn(rng, 3));
        ConvSpec dil = ConvSpec.of(new int[] {1, 1}, new int[] {2, 2}, new int[] {2, 2});
        gc.check("conv2d dilation 2", t -> F.conv2d(t.get(0), t.get(1), null, dil),
                Tensor.randn(rng, 1, 2, 5, 5), Tensor.randn(rng, 2, 2, 3, 3));
        ConvSpec up = ConvSpec.of(2, 1).withOutputPadding(1, 1);
        gc.check("conv_transpose2d output padding bias", t -> F.convTranspose2d(t.get(0), t.get(1), t.get(2), up),
                Tensor.randn(rng, 2, 3, 3, 2), Tensor.randn(rng, 3, 2, 3, 3), Tensor.randn(rng, 2));
        gc.check("conv_transpose2d k4 s2 p1", t -> F.convTranspose2d(t.get(0), t.get(1), null, ConvSpec.of(2, 1)),
                Tensor.randn(rng, 1, 2, 3, 3), Tensor.randn(rng, 2, 3, 4, 4));
    }

    @Test
    void batchNormTrainAndEval() {
        Tensor x = Tensor.randn(rng, 3, 2, 2, 3);
        gc.check("batch_norm train affine", t -> F.batchNorm(t.get(0), null, null, t.get(1), t.get(2), true, 0.1f, 1e-5f),
                x, uniform(rng, 0.5f, 1.5f, 2), Tensor.randn(rng, 2));
        Tensor rm = Tensor.randn(rng, 2);
        Tensor rv = uniform(rng, 0.5f, 2f, 2);
        gc.check("batch_norm eval", t -> F.batchNorm(t.get(0), rm, rv, t.get(1), null, false, 0.1f, 1e-5f),
                x, uniform(rng, 0.5f, 1.5f, 2));
        gc.check("batch_norm [N,C]", t -> F.batchNorm(t.get(0), null, null, null, null, true, 0.1f, 1e-5f),
                Tensor.randn(rng, 4, 3));
    }

    @Test
    void resamplingShapesAndDropout() {
        Tensor x = Tensor.randn(rng, 1, 2, 3, 4);
        gc.check("upsample nearest x3", t -> F.upsampleNearest(t.get(0), 3), x);
        gc.check("upsample bilinear x2", t -> F.upsampleBilinear(t.get(0), 2), x);
        gc.check("upsample bilinear x4", t -> F.upsampleBilinear(t.get(0), 4), Tensor.randn(rng, 1, 1, 2, 3));
        gc.check("pad zero", t -> F.pad(t.get(0), new int[] {1, 2, 0, 3}, false), x);
        gc.check("pad reflect", t -> F.pad(t.get(0), new int[] {2, 1, 2, 1}, true), x);
        gc.check("cat", t -> Tensor.cat(1, t.get(0), t.get(1)), Tensor.randn(rng, 2, 1, 3), Tensor.randn(rng, 2, 2, 3));
        gc.check("stack", t -> Tensor.stack(-1, t.get(0), t.get(1)), Tensor.randn(rng, 2, 3), Tensor.randn(rng, 2, 3));
        gc.check("views", t -> t.get(0).permute(2, 0, 1).slice(1, 0, 3, 2).reshape(-1).expand(2, 16),
                Tensor.randn(rng, 3, 2, 4).slice(1, 0, 2));
        gc.check("dropout train (fixed seed)", t -> F.dropout(t.get(0), 0.4f, true, new Rng(9)), Tensor.randn(rng, 4, 5));
    }

    @Test
    void losses() {
        Tensor x = Tensor.randn(rng, 2, 3, 2);
        Tensor t = x.add(awayFromZero(rng, 0.1f, 2, 3, 2));
        for (Reduction r : Reduction.values()) {
            gc.check("l1 " + r, a -> F.l1Loss(a.get(0), a.get(1), r), x, t);
            gc.check("mse " + r, a -> F.mseLoss(a.get(0), a.get(1), r), x, t);
        }
        Tensor near = Tensor.of(new float[] {0.1f, -0.3f, 0.7f, 1.5f, -2f, 0.45f}, 6);
        gc.check("smooth_l1 beta 0.5", a -> F.smoothL1Loss(a.get(0), a.get(1), 0.5f, Reduction.MEAN),
                near, Tensor.zeros(6));
        Tensor p = uniform(rng, 0.1f, 0.9f, 2, 5);
        Tensor target = Tensor.rand(rng, 2, 5);
        gc.check("bce", a -> F.binaryCrossEntropy(a.get(0), a.get(1), Reduction.SUM), p, target);
        gc.check("bce with logits", a -> F.binaryCrossEntropyWithLogits(a.get(0), a.get(1), Reduction.MEAN),
                Tensor.randn(rng, 2, 5).mul(3f), target);
        Tensor logits = Tensor.randn(rng, 2, 4, 2, 3);
        long[] classes = {0, 3, 1, 2, 2, 1, 3, 0, -100, 1, 2, 3};
        Tensor w = uniform(rng, 0.5f, 2f, 4);
        gc.check("cross_entropy weighted with ignore", a -> F.crossEntropy(a.get(0), classes, a.get(1), Reduction.MEAN),
                logits, w);
        gc.check("cross_entropy sum", a -> F.crossEntropy(a.get(0), classes, null, Reduction.SUM), logits);
        Tensor probs = Tensor.rand(rng, 2, 4, 2, 3).softmax(1);
        gc.check("cross_entropy soft", a -> F.crossEntropySoft(a.get(0), a.get(1), Reduction.MEAN), logits, probs);
    }

    @Test
    void secondOrder() {
        Tensor x = Tensor.randn(rng, 2, 3);
        Tensor y = Tensor.randn(rng, 2, 3);
        gc.checkSecondOrder("tanh * y", t -> t.get(0).tanh().mul(t.get(1)), x, y);
        gc.checkSecondOrder("sigmoid * exp", t -> t.get(0).sigmoid().mul(t.get(1).exp()), x, y);
        gc.checkSecondOrder("softplus * y^2", t -> t.get(0).softplus().mul(t.get(1).pow(2f)), x, y);
        gc.checkSecondOrder("log, sqrt, div", t -> t.get(0).log().add(t.get(0).sqrt()).div(t.get(1)),
                uniform(rng, 0.5f, 2f, 2, 3), uniform(rng, 0.5f, 2f, 3));
        gc.checkSecondOrder("matmul tanh", t -> t.get(0).matmul(t.get(1)).tanh(), Tensor.randn(rng, 3, 4), Tensor.randn(rng, 4, 2));
        gc.checkSecondOrder("log_softmax", t -> t.get(0).logSoftmax(1).mul(t.get(1)), Tensor.randn(rng, 2, 4), Tensor.randn(rng, 2, 4));
        gc.checkSecondOrder("var", t -> t.get(0).var(new int[] {1}, true, false), Tensor.randn(rng, 2, 4));
        ConvSpec s = ConvSpec.of(2, 1);
        gc.checkSecondOrder("conv2d leaky conv", t -> F.conv2d(F.conv2d(t.get(0), t.get(1), null, ConvSpec.of(1, 1))
                .leakyRelu(0.2f).mul(t.get(0)), t.get(2), null, s), Tensor.randn(rng, 1, 2, 4, 4),
                Tensor.randn(rng, 2, 2, 3, 3), Tensor.randn(rng, 1, 2, 4, 4));
        gc.checkSecondOrder("conv_transpose2d", t -> F.convTranspose2d(t.get(0).mul(t.get(0)), t.get(1), null, s),
                Tensor.randn(rng, 1, 2, 2, 3), Tensor.randn(rng, 2, 2, 4, 4));
        gc.checkSecondOrder("upsample, pad", t -> F.pad(F.upsampleBilinear(t.get(0).tanh(), 2), new int[] {1, 1, 1, 1}, true),
                Tensor.randn(rng, 1, 1, 2, 3));
        gc.checkSecondOrder("batch_norm train", t -> F.batchNorm(t.get(0), null, null, t.get(1), null, true, 0.1f, 1e-5f),
                Tensor.randn(rng, 3, 2, 2, 1), uniform(rng, 0.5f, 1.5f, 2));
        gc.checkSecondOrder("bce", t -> F.binaryCrossEntropy(t.get(0), t.get(1), Reduction.MEAN),
                uniform(rng, 0.2f, 0.8f, 5), Tensor.rand(rng, 5));
        gc.checkSecondOrder("bce with logits", t -> F.binaryCrossEntropyWithLogits(t.get(0), t.get(1), Reduction.SUM),
                Tensor.randn(rng, 5), Tensor.rand(rng, 5));
        gc.checkSecondOrder("cross_entropy", t -> F.crossEntropy(t.get(0), new long[] {1, 0, 2}, null, Reduction.MEAN),
                Tensor.randn(rng, 3, 4));
    }

    private float[] shuffled(int n, float step) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i * step - n * step / 2;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            float tmp = v[i];
            v[i] = v[j];
            v[j] = tmp;
        }
        return v;
    }
}
