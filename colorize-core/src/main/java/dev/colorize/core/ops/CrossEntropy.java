package dev.colorize.core.ops;

import dev.colorize.core.tensor.Shapes;
import dev.colorize.core.tensor.ShapeException;
import dev.colorize.core.tensor.Tensor;

/**
 * Cross-entropy over dimension 1 of logits [N,C] or [N,C,d1,...], composed from log_softmax and a
 * constant one-hot mask (so it differentiates twice). Class targets: mean = sum(w[t] nll) / sum(w[t])
 * over positions whose target is not {@code ignoreIndex}; soft targets: -sum_c w_c p_c log_softmax_c,
 * mean over all positions. Per-position losses have the logits' shape without dimension 1.
 */
public final class CrossEntropy {
    private CrossEntropy() {
    }

    /** Per-position losses and the per-position weights (0 where ignored), for class targets. */
    public record Parts(Tensor losses, Tensor weights) {
    }

    public static Parts classTargets(Tensor logits, long[] targets, Tensor weight, long ignoreIndex) {
        String op = "cross_entropy";
        int[] shape = logits.shape();
        if (shape.length < 2) {
            throw new ShapeException(op + ": logits need shape [N,C,...], got " + Shapes.str(shape));
        }
        int n = shape[0];
        int c = shape[1];
        int spatial = logits.numel() / Math.max(1, n * c);
        if (targets.length != n * spatial) {
            throw new ShapeException(op + ": " + targets.length + " targets for logits " + Shapes.str(shape)
                    + " (expected " + n * spatial + ", the shape without dimension 1)");
        }
        checkWeight(op, weight, c, shape);
        float[] oneHot = new float[logits.numel()];
        float[] valid = new float[targets.length];
        for (int b = 0; b < n; b++) {
            for (int s = 0; s < spatial; s++) {
                long t = targets[b * spatial + s];
                if (t == ignoreIndex) {
                    continue;
                }
                if (t < 0 || t >= c) {
                    throw new IllegalArgumentException(op + ": target " + t + " at flat index " + (b * spatial + s)
                            + " is outside [0, " + c + ") for logits " + Shapes.str(shape));
                }
                oneHot[(b * c + (int) t) * spatial + s] = 1f;
                valid[b * spatial + s] = 1f;
            }
        }
        Tensor mask = Tensor.of(oneHot, shape);
        Tensor nll = logits.logSoftmax(1).mul(mask).sum(new int[] {1}, false).neg();
        Tensor w = weight == null
                ? Tensor.of(valid, nll.shape())
                : mask.mul(weight.reshape(broadcastShape(shape))).sum(new int[] {1}, false);
        return new Parts(nll.mul(w), w);
    }

    /** Per-position losses {@code -sum_c w_c p_c log_softmax_c} for probability targets. */
    public static Tensor softTargets(Tensor logits, Tensor probabilities, Tensor weight) {
        String op = "cross_entropy";
        if (logits.dim() < 2 || !java.util.Arrays.equals(logits.shape(), probabilities.shape())) {
            throw new ShapeException(op + ": soft targets " + Shapes.str(probabilities.shape())
                    + " must have the shape of the logits " + Shapes.str(logits.shape()) + " ([N,C,...])");
        }
        checkWeight(op, weight, logits.size(1), logits.shape());
        Tensor terms = logits.logSoftmax(1).mul(probabilities);
        if (weight != null) {
            terms = terms.mul(weight.reshape(broadcastShape(logits.shape())));
        }
        return terms.sum(new int[] {1}, false).neg();
    }

    private static int[] broadcastShape(int[] shape) {
        int[] b = new int[shape.length];
        java.util.Arrays.fill(b, 1);
        b[1] = shape[1];
        return b;
    }

    private static void checkWeight(String op, Tensor weight, int c, int[] shape) {
        if (weight != null && (weight.dim() != 1 || weight.size(0) != c)) {
            throw new ShapeException(op + ": class weight " + Shapes.str(weight.shape()) + " does not match the "
                    + c + " classes of logits " + Shapes.str(shape));
        }
    }
}
