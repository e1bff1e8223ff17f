package dev.colorize.nn.loss;

import dev.colorize.core.F;
import dev.colorize.core.Reduction;
import dev.colorize.core.tensor.Tensor;

import java.util.Arrays;

/**
 * Cross-entropy over class logits [N, C] or [N, C, H, W], with optional class weights [C]
 * (registered as buffer {@code weight}, as in PyTorch). Targets are class indices ([N] or
 * [N, H, W], given as {@code long[]} or as a float tensor of whole numbers) or, when the target
 * tensor has the logits' shape, class probabilities (soft targets, e.g. the ECCV16 colour bins).
 * With weights, mean = sum(w[t] * nll) / sum(w[t]).
 *
 * <pre>{@code
 * CrossEntropyLoss ce = new CrossEntropyLoss(Reduction.MEAN, rebalanceWeights);
 * Tensor loss = ce.forward(logits, targetBins);   // long[] of N*H*W class indices
 * }</pre>
 */
public class CrossEntropyLoss extends Loss {
    private final Tensor weight;

    public CrossEntropyLoss() {
        this(Reduction.MEAN, null);
    }

    /** {@code weight} [C] or null for equal weights. */
    public CrossEntropyLoss(Reduction reduction, Tensor weight) {
        super(reduction);
        if (weight != null && weight.dim() != 1) {
            throw new IllegalArgumentException("CrossEntropyLoss: class weights must be 1-D, got " + Arrays.toString(weight.shape()));
        }
        this.weight = weight == null ? null : registerBuffer("weight", weight);
    }

    /** Class-index targets as flat row-major {@code long[]} (N or N*H*W values). */
    public Tensor forward(Tensor logits, long[] targets) {
        return F.crossEntropy(logits, targets, weight, reduction());
    }

    /** Soft targets when {@code target} has the logits' shape, otherwise class indices stored as floats. */
    @Override
    public Tensor forward(Tensor logits, Tensor target) {
        if (Arrays.equals(logits.shape(), target.shape())) {
            return F.crossEntropySoft(logits, target, weight, reduction());
        }
        float[] f = target.toArray();
        long[] idx = new long[f.length];
        for (int i = 0; i < f.length; i++) {
            idx[i] = (long) f[i];
            if (idx[i] != f[i]) {
                throw new IllegalArgumentException("CrossEntropyLoss: target " + Arrays.toString(target.shape())
                        + " is neither probabilities of the logits' shape " + Arrays.toString(logits.shape())
                        + " nor whole class indices (element " + i + " = " + f[i] + ")");
            }
        }
        return forward(logits, idx);
    }

    /** The class weights, or null. */
    public final Tensor weight() {
        return weight;
    }
}
