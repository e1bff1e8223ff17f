package dev.colorize.core;

import dev.colorize.core.backend.ConvSpec;
import dev.colorize.core.backend.FusedConv;
import dev.colorize.core.ops.BatchNorm;
import dev.colorize.core.ops.Conv;
import dev.colorize.core.ops.InferenceConv;
import dev.colorize.core.ops.CrossEntropy;
import dev.colorize.core.ops.Losses;
import dev.colorize.core.ops.Resample;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Shapes;
import dev.colorize.core.tensor.ShapeException;
import dev.colorize.core.tensor.Tensor;

/**
 * The functional API (like {@code torch.nn.functional}): convolutions, normalisation, resampling,
 * dropout and losses, all differentiable to second order. Layouts and rules follow PyTorch.
 *
 * <pre>{@code
 * Tensor y = F.conv2d(x, w, b, ConvSpec.of(2, 1)).leakyRelu(0.2f);
 * Tensor loss = F.l1Loss(y, target, Reduction.MEAN);
 * loss.backward();
 * }</pre>
 */
public final class F {
    /** PyTorch's default {@code ignore_index} for class targets. */
    public static final long IGNORE_INDEX = -100;

    private F() {
    }

    // ---------------------------------------------------------------- convolution

    /** conv2d: x [N,C,H,W], weight [O,C,kH,kW], bias [O] or null. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, ConvSpec spec) {
        return Conv.conv2d(x, weight, bias, spec);
    }

    /**
     * conv_transpose2d: x [N,Cin,H,W], weight [Cin,Cout,kH,kW], bias [Cout] or null; output
     * padding from {@code spec} ({@link ConvSpec#withOutputPadding}).
     */
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, ConvSpec spec) {
        return Conv.convTranspose2d(x, weight, bias, spec);
    }

    /**
     * Inference-only convolution with its neighbours fused: {@code act_out(conv(act_in(x), w) * scale + shift)}
     * written into {@code out} (any view of the output shape, e.g. a channel slice of a concatenation
     * buffer) or a new tensor when {@code out} is null. No graph is recorded (call it under
     * {@link dev.colorize.core.autograd.GradMode#noGrad()}); see {@link FusedConv}.
     *
     * <pre>{@code
     * // conv -> eval BatchNorm (scale = w / sqrt(var + eps), shift = b - mean * scale) -> LeakyReLU(0.2)
     * Tensor y = F.convFused(x, weight, scale, shift, FusedConv.conv(ConvSpec.of(2, 1)).outputSlope(0.2f), null);
     * }</pre>
     */
    public static Tensor convFused(Tensor x, Tensor weight, Tensor scale, Tensor shift, FusedConv f, Tensor out) {
        return InferenceConv.apply(x, weight, scale, shift, f, out);
    }

    /** Fully connected: x [..., in] @ weight [out, in]^T + bias [out]. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        Tensor y = x.matmul(weight.transpose(0, 1));
        return bias == null ? y : y.add(bias);
    }

    // ---------------------------------------------------------------- normalisation

    /**
     * Batch normalisation over dimension 1. In training mode it normalises with the batch mean and
     * biased variance and, when running statistics are given, updates them in place
     * ({@code (1-momentum)*old + momentum*batch}, unbiased variance); in eval mode it uses them.
     * weight, bias and the running statistics may each be null.
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, float momentum, float eps) {
        return BatchNorm.apply(x, runningMean, runningVar, weight, bias, training, momentum, eps);
    }

    // ---------------------------------------------------------------- resampling

    /** Nearest-neighbour upsampling of [N,C,H,W] by an integer factor (PyTorch's legacy 'nearest'). */
    public static Tensor upsampleNearest(Tensor x, int scale) {
        return Resample.upsample(x, scale, scale, false);
    }

    /** Bilinear upsampling of [N,C,H,W] by an integer factor, align_corners=false. */
    public static Tensor upsampleBilinear(Tensor x, int scale) {
        return Resample.upsample(x, scale, scale, true);
    }

    /** Upsampling with separate integer factors for height and width. */
    public static Tensor upsample(Tensor x, int scaleH, int scaleW, boolean bilinear) {
        return Resample.upsample(x, scaleH, scaleW, bilinear);
    }

    /** Pads the last two dims; pads = [left, right, top, bottom]; zero or reflect (edge excluded). */
    public static Tensor pad(Tensor x, int[] pads, boolean reflect) {
        return Resample.pad(x, pads, reflect);
    }

    // ---------------------------------------------------------------- dropout

    /**
     * Inverted dropout: in training mode zeroes each element with probability p (drawn from rng)
     * and scales the rest by 1/(1-p); identity in eval mode.
     */
    public static Tensor dropout(Tensor x, float p, boolean training, Rng rng) {
        if (!(p >= 0f && p <= 1f)) {
            throw new IllegalArgumentException("dropout: probability must be in [0, 1], got " + p);
        }
        if (!training || p == 0f) {
            return x;
        }
        float[] mask = new float[x.numel()];
        float keep = p == 1f ? 0f : 1f / (1f - p);
        for (int i = 0; i < mask.length; i++) {
            mask[i] = rng.nextFloat() >= p ? keep : 0f;
        }
        return x.mul(Tensor.of(mask, x.shape()));
    }

    // ---------------------------------------------------------------- losses

    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
        checkSame("l1_loss", input, target);
        return reduction.apply(input.sub(target).abs());
    }

    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        checkSame("mse_loss", input, target);
        Tensor d = input.sub(target);
        return reduction.apply(d.mul(d));
    }

    /** 0.5 d²/beta where |d| < beta, else |d| - beta/2 (beta 0: L1). */
    public static Tensor smoothL1Loss(Tensor input, Tensor target, float beta, Reduction reduction) {
        checkSame("smooth_l1_loss", input, target);
        if (!(beta >= 0f)) {
            throw new IllegalArgumentException("smooth_l1_loss: beta must be >= 0, got " + beta);
        }
        Tensor d = input.sub(target);
        Tensor ad = d.abs();
        if (beta == 0f) {
            return reduction.apply(ad);
        }
        Tensor quadratic = Tensor.of(mask(ad.toArray(), beta), ad.shape());
        Tensor loss = d.mul(d).mul(0.5f / beta).where(quadratic, ad.sub(0.5f * beta));
        return reduction.apply(loss);
    }

    private static float[] mask(float[] abs, float beta) {
        float[] m = new float[abs.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = abs[i] < beta ? 1f : 0f;
        }
        return m;
    }

    /** BCE on probabilities in [0, 1] (each log clamped at -100, like PyTorch). */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Reduction reduction) {
        return reduction.apply(Losses.binaryCrossEntropy(input, target));
    }

    /** BCE on logits, numerically stable for any magnitude. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Reduction reduction) {
        return reduction.apply(Losses.binaryCrossEntropyWithLogits(input, target));
    }

    /**
     * Cross-entropy of logits [N,C] or [N,C,H,W] against class indices (row-major, shape without
     * dimension 1; {@link #IGNORE_INDEX} positions are skipped), optional class weight [C].
     * MEAN divides by the sum of the targets' weights (the count when unweighted).
     */
    public static Tensor crossEntropy(Tensor logits, long[] targets, Tensor weight, Reduction reduction) {
        CrossEntropy.Parts parts = CrossEntropy.classTargets(logits, targets, weight, IGNORE_INDEX);
        return switch (reduction) {
            case MEAN -> parts.losses().sum().div(parts.weights().sum());
            case SUM -> parts.losses().sum();
            case NONE -> parts.losses();
        };
    }

    public static Tensor crossEntropy(Tensor logits, int[] targets, Tensor weight, Reduction reduction) {
        long[] t = new long[targets.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = targets[i];
        }
        return crossEntropy(logits, t, weight, reduction);
    }

    /** Cross-entropy against probability targets of the logits' shape; MEAN is over N*H*W. */
    public static Tensor crossEntropySoft(Tensor logits, Tensor probabilities, Reduction reduction) {
        return reduction.apply(CrossEntropy.softTargets(logits, probabilities, null));
    }

    /** Soft-target cross-entropy with a class weight [C]. */
    public static Tensor crossEntropySoft(Tensor logits, Tensor probabilities, Tensor weight, Reduction reduction) {
        return reduction.apply(CrossEntropy.softTargets(logits, probabilities, weight));
    }

    private static void checkSame(String op, Tensor input, Tensor target) {
        if (!java.util.Arrays.equals(input.shape(), target.shape())) {
            throw new ShapeException(op + ": input " + Shapes.str(input.shape()) + " and target "
                    + Shapes.str(target.shape()) + " differ in shape");
        }
    }
}
