package dev.colorize.gan.train;

import dev.colorize.core.tensor.Tensor;
import dev.colorize.gan.models.AbBins;
import dev.colorize.gan.models.ClassRebalancing;
import dev.colorize.gan.models.ColorClassLoss;
import dev.colorize.gan.models.Eccv16;
import dev.colorize.nn.data.Dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The classification term of the generator loss for an {@link Eccv16} classification head: the
 * rebalanced {@link ColorClassLoss} with the class prior measured on the training data. The prior is
 * a pure function of the data set (evenly spaced samples, their deterministic centre crops, ab pooled
 * to the logits' 1/4 resolution as the loss sees it), so a resumed run rebuilds the same weights
 * without storing them.
 */
final class ClassificationTerm {
    private final ColorClassLoss loss;
    private final int samples;

    private ClassificationTerm(ColorClassLoss loss, int samples) {
        this.loss = loss;
        this.samples = samples;
    }

    static ClassificationTerm measure(Eccv16 generator, Dataset<Tensor[]> data, int maxSamples, float lambda) {
        AbBins bins = generator.bins();
        int n = Math.min(maxSamples, data.size());
        List<Tensor> abs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Tensor ab = data.get((int) ((long) i * data.size() / n))[1];
            abs.add(poolByFour(ab.unsqueeze(0)));
        }
        float[] prior = ClassRebalancing.empiricalPrior(bins, abs);
        ClassRebalancing rb = ClassRebalancing.of(bins, prior, ClassRebalancing.DEFAULT_SIGMA, lambda);
        return new ClassificationTerm(ColorClassLoss.of(bins, rb), n);
    }

    /** ab [1,2,H,W] averaged over 4x4 blocks (H, W multiples of 8 for ECCV16). */
    private static Tensor poolByFour(Tensor ab) {
        int h = ab.size(2);
        int w = ab.size(3);
        if (h % 4 != 0 || w % 4 != 0) {
            throw new IllegalArgumentException("classification loss: training crops must be multiples of 8, got "
                    + h + "x" + w);
        }
        return ColorClassLoss.averagePool(ab, 4, 4);
    }

    /** The rebalanced cross-entropy of {@code logits} [N,Q,h,w] against ab [N,2,H,W] in Lab units. */
    Tensor loss(Tensor logits, Tensor abTrue) {
        return loss.loss(logits, abTrue);
    }

    /** One line for the log: where the prior came from and the spread of the class weights. */
    String describe() {
        float[] w = loss.rebalancing().weights();
        float min = Float.POSITIVE_INFINITY;
        float max = 0;
        for (float v : w) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return String.format(Locale.ROOT, "classification loss over %d ab bins; class prior from %d samples, "
                + "rebalancing weights %.3f..%.3f", w.length, samples, min, max);
    }
}
