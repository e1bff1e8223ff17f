package dev.colorize.core.reference;

import dev.colorize.core.F;
import dev.colorize.core.Reduction;
import dev.colorize.core.autograd.Autograd;
import dev.colorize.core.backend.ConvSpec;
import dev.colorize.core.ops.CrossEntropy;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Handlers for the network-level groups: conv2d, conv_transpose2d, batch_norm, upsample, pad,
 * dropout and the losses. Every parameter comes from the case metadata, every shape from the tensors.
 */
final class NetworkOpHandlers {
    private NetworkOpHandlers() {
    }

    static void register(Map<String, CaseHandler> m) {
        m.put("conv2d", c -> conv(c, false));
        m.put("conv_transpose2d", c -> conv(c, true));
        m.put("batch_norm", NetworkOpHandlers::batchNorm);
        TensorOpHandlers.unary(m, "upsample", c -> x -> upsample(c, x));
        TensorOpHandlers.unary(m, "pad", c -> x -> pad(c, x));
        TensorOpHandlers.unary(m, "dropout", c -> x -> dropout(c, x));
        loss(m, "l1_loss", (c, x, t, r) -> F.l1Loss(x, t, r));
        loss(m, "mse_loss", (c, x, t, r) -> F.mseLoss(x, t, r));
        loss(m, "smooth_l1_loss", (c, x, t, r) -> F.smoothL1Loss(x, t, c.floatParam("beta"), r));
        loss(m, "binary_cross_entropy", (c, x, t, r) -> F.binaryCrossEntropy(x, t, r));
        loss(m, "binary_cross_entropy_with_logits", (c, x, t, r) -> {
            unsupportedUnless(c, c.isNull("pos_weight"), "pos_weight");
            return F.binaryCrossEntropyWithLogits(x, t, r);
        });
        m.put("cross_entropy", NetworkOpHandlers::crossEntropy);
    }

    static void unsupportedUnless(ReferenceCase c, boolean ok, String what) {
        if (!ok) {
            throw new UnsupportedOperationException(c.name() + ": unsupported " + what + " in " + c.params());
        }
    }

    static ConvSpec spec(ReferenceCase c) {
        unsupportedUnless(c, !c.hasParam("groups") || c.intParam("groups") == 1, "groups");
        int[] stride = c.ints("stride");
        int[] padding = c.ints("padding");
        int[] dilation = c.hasParam("dilation") ? c.ints("dilation") : new int[] {1, 1};
        ConvSpec s = ConvSpec.of(stride, padding, dilation);
        if (c.hasParam("output_padding")) {
            int[] op = c.ints("output_padding");
            s = s.withOutputPadding(op[0], op[1]);
        }
        return s;
    }

    private static void conv(ReferenceCase c, boolean transposed) {
        Tensor x = c.input("input");
        Tensor w = c.input("weight");
        Tensor b = c.bool("bias") ? c.input("bias") : null;
        ConvSpec spec = spec(c);
        Tensor y = transposed ? F.convTranspose2d(x, w, b, spec) : F.conv2d(x, w, b, spec);
        c.expect("output", y);
        c.expectGradients(y);
    }

    private static void batchNorm(ReferenceCase c) {
        Tensor x = c.input("input");
        boolean affine = c.bool("affine");
        boolean track = !c.hasParam("track_running_stats") || c.bool("track_running_stats");
        Tensor w = affine ? c.input("weight") : null;
        Tensor b = affine ? c.input("bias") : null;
        Tensor rm = track ? c.input("running_mean") : null;
        Tensor rv = track ? c.input("running_var") : null;
        boolean training = c.bool("training");
        Tensor y = F.batchNorm(x, rm, rv, w, b, training, c.floatParam("momentum"), c.floatParam("eps"));
        c.expect("output", y);
        if (c.has("running_mean_after")) {
            c.expect("running_mean_after", rm);
            c.expect("running_var_after", rv);
        }
        c.expectGradients(y);
    }

    private static Tensor upsample(ReferenceCase c, Tensor x) {
        String mode = c.string("mode");
        unsupportedUnless(c, mode.equals("nearest") || mode.equals("bilinear"), "mode");
        unsupportedUnless(c, c.isNull("align_corners") || !c.bool("align_corners"), "align_corners");
        Object sf = c.param("scale_factor");
        int[] scale = sf instanceof List ? c.ints("scale_factor") : new int[] {c.intParam("scale_factor"), c.intParam("scale_factor")};
        return F.upsample(x, scale[0], scale[1], mode.equals("bilinear"));
    }

    private static Tensor pad(ReferenceCase c, Tensor x) {
        String mode = c.string("mode");
        unsupportedUnless(c, mode.equals("constant") || mode.equals("reflect"), "mode");
        unsupportedUnless(c, !mode.equals("constant") || c.isNull("value") || c.number("value") == 0, "value");
        int[] pads = c.ints("pad");
        unsupportedUnless(c, pads.length == 4, "pad length");
        return F.pad(x, pads, mode.equals("reflect"));
    }

    /** Train-mode dropout is random and has no reference; such a case fails as unsupported. */
    private static Tensor dropout(ReferenceCase c, Tensor x) {
        unsupportedUnless(c, !c.bool("training"), "training-mode dropout (random)");
        return F.dropout(x, c.floatParam("p"), false, new Rng(0));
    }

    interface LossFn {
        Tensor apply(ReferenceCase c, Tensor input, Tensor target, Reduction r);
    }

    static Reduction reduction(ReferenceCase c) {
        return Reduction.valueOf(c.string("reduction").toUpperCase(java.util.Locale.ROOT));
    }

    private static void loss(Map<String, CaseHandler> m, String op, LossFn f) {
        m.put(op, c -> {
            Tensor x = c.input("input");
            Tensor t = c.input("target");
            Tensor y = f.apply(c, x, t, reduction(c));
            c.expect("output", y);
            c.expectGradients(y);
        });
    }

    private static void crossEntropy(ReferenceCase c) {
        unsupportedUnless(c, !c.hasParam("label_smoothing") || c.number("label_smoothing") == 0, "label_smoothing");
        Tensor x = c.input("input");
        Tensor weight = c.hasParam("class_weight") && c.bool("class_weight") ? c.input("weight") : null;
        Reduction r = reduction(c);
        Tensor y;
        if (c.string("target").equals("probabilities")) {
            y = F.crossEntropySoft(x, c.input("target"), weight, r);
        } else {
            long ignore = c.hasParam("ignore_index") ? (long) c.number("ignore_index") : F.IGNORE_INDEX;
            CrossEntropy.Parts p = CrossEntropy.classTargets(x, c.longs("target"), weight, ignore);
            y = switch (r) {
                case MEAN -> p.losses().sum().div(p.weights().sum());
                case SUM -> p.losses().sum();
                case NONE -> p.losses();
            };
        }
        c.expect("output", y);
        c.expectGradients(y);
    }

    /** First-order gradient with a graph, for the second-order cases. */
    static Tensor gradWithGraph(Tensor f, Tensor x) {
        return Autograd.grad(List.of(f), List.of(Tensor.ones(f.shape())), List.of(x), true).get(0);
    }
}
