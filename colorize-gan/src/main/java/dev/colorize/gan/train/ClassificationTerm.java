package dev.colorize.gan.train;

import dev.colorize.core.tensor.Tensor;
import dev.colorize.gan.models.AbBins;
import dev.colorize.gan.models.ClassRebalancing;
import dev.colorize.gan.models.ColorClassLoss;
import dev.colorize.gan.models.ColorClassifier;
import dev.colorize.nn.data.Dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The classification term of the generator loss for a classification head ({@link ColorClassifier}):
 * the rebalanced {@link ColorClassLoss} with the class prior measured on the training data. The prior
 * is a pure function of the data set (evenly spaced samples, their deterministic centre crops, ab
 * pooled to the logits' resolution as the loss sees it), so a resumed run rebuilds the same weights
 * without storing them.
 */
final class ClassificationTerm {
    private final ColorClassLoss loss;
    private final int samples;

    private ClassificationTerm(ColorClassLoss loss, int samples) {
        this.loss = loss;
        this.samples = samples;
    }

    static ClassificationTerm measure(ColorClassifier generator, Dataset<Tensor[]> data, int maxSamples, float lambda) {
        AbBins bins = generator.bins();
        int n = Math.min(maxSamples, data.size());
        List<Tensor> abs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Tensor ab = data.get((int) ((long) i * data.size() / n))[1];
            abs.add(pool(ab.unsqueeze(0), generator.logitsStride()));
        }
        float[] prior = ClassRebalancing.empiricalPrior(bins, abs);
        ClassRebalancing rb = ClassRebalancing.of(bins, prior, ClassRebalancing.DEFAULT_SIGMA, lambda);
        return new ClassificationTerm(ColorClassLoss.of(bins, rb), n);
    }

    /** ab [1,2,H,W] averaged over stride x stride blocks, the logits' resolution. */
    private static Tensor pool(Tensor ab, int stride) {
        int h = ab.size(2);
        int w = ab.size(3);
        if (h % stride != 0 || w % stride != 0) {
            throw new IllegalArgumentException("classification loss: training crops must be multiples of " + stride
                    + " (the logits' stride), got " + h + "x" + w);
        }
        return ColorClassLoss.averagePool(ab, stride, stride);
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
