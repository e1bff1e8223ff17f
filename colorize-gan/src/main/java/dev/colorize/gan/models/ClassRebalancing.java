package dev.colorize.gan.models;

import dev.colorize.core.tensor.Tensor;

import java.util.Arrays;

/**
 * Class rebalancing of Zhang et al. (ECCV 2016, eq. 3-4): rare colours get larger loss weights so that
 * the classifier does not collapse to desaturated, frequent bins. From the empirical bin distribution
 * p (hard-quantised training ab values), smoothed over the ab plane with a Gaussian of sigma 5 to
 * p~, the weights are {@code w_q ∝ ((1 - lambda) p~_q + lambda / Q)^-1} with lambda 0.5, normalised
 * so that {@code sum_q p~_q w_q = 1}.
 *
 * <pre>{@code
 * float[] prior = ClassRebalancing.empiricalPrior(bins, abBatches);   // histogram over the training ab
 * ClassRebalancing rb = ClassRebalancing.of(bins, prior);             // sigma 5, lambda 0.5
 * }</pre>
 */
public final class ClassRebalancing {
    public static final float DEFAULT_LAMBDA = 0.5f;
    public static final float DEFAULT_SIGMA = 5f;

    private final float[] weights;
    private final float[] smoothedPrior;

    private ClassRebalancing(float[] weights, float[] smoothedPrior) {
        this.weights = weights;
        this.smoothedPrior = smoothedPrior;
    }

    /** Weights 1 for every class (no rebalancing). */
    public static ClassRebalancing none(AbBins bins) {
        float[] w = new float[bins.size()];
        Arrays.fill(w, 1f);
        float[] p = new float[bins.size()];
        Arrays.fill(p, 1f / bins.size());
        return new ClassRebalancing(w, p);
    }

    /** Zhang's weights from an empirical prior (any non-negative histogram; it is normalised), sigma 5, lambda 0.5. */
    public static ClassRebalancing of(AbBins bins, float[] prior) {
        return of(bins, prior, DEFAULT_SIGMA, DEFAULT_LAMBDA);
    }

    public static ClassRebalancing of(AbBins bins, float[] prior, float sigma, float lambda) {
        int q = bins.size();
        if (prior.length != q) {
            throw new IllegalArgumentException("ClassRebalancing: prior has " + prior.length + " entries, bins " + q);
        }
        if (!(lambda >= 0 && lambda <= 1) || !(sigma >= 0)) {
            throw new IllegalArgumentException("ClassRebalancing: need 0 <= lambda <= 1 and sigma >= 0, got " + lambda + ", " + sigma);
        }
        double total = 0;
        for (float p : prior) {
            if (!(p >= 0) || Float.isInfinite(p)) {
                throw new IllegalArgumentException("ClassRebalancing: prior entries must be finite and >= 0, got " + p);
            }
            total += p;
        }
        if (total == 0) {
            throw new IllegalArgumentException("ClassRebalancing: the prior is all zeros");
        }
        double[] smooth = smooth(bins, prior, total, sigma);
        double[] w = new double[q];
        double expectation = 0;
        for (int i = 0; i < q; i++) {
            w[i] = 1 / ((1 - lambda) * smooth[i] + lambda / q);
            expectation += smooth[i] * w[i];
        }
        float[] wf = new float[q];
        float[] pf = new float[q];
        for (int i = 0; i < q; i++) {
            wf[i] = (float) (w[i] / expectation);
            pf[i] = (float) smooth[i];
        }
        return new ClassRebalancing(wf, pf);
    }

    /** p~: the normalised prior convolved with a Gaussian over the bin centres (sigma 0: unchanged). */
    private static double[] smooth(AbBins bins, float[] prior, double total, float sigma) {
        int q = bins.size();
        double[] out = new double[q];
        if (sigma == 0) {
            for (int i = 0; i < q; i++) {
                out[i] = prior[i] / total;
            }
            return out;
        }
        double sum = 0;
        for (int i = 0; i < q; i++) {
            double acc = 0;
            for (int j = 0; j < q; j++) {
                double da = bins.a(i) - bins.a(j);
                double db = bins.b(i) - bins.b(j);
                acc += prior[j] / total * Math.exp(-(da * da + db * db) / (2.0 * sigma * sigma));
            }
            out[i] = acc;
            sum += acc;
        }
        for (int i = 0; i < q; i++) {
            out[i] /= sum;
        }
        return out;
    }

    /** Histogram of the nearest bins of every pixel of the ab batches ([N,2,H,W], Lab units), normalised. */
    public static float[] empiricalPrior(AbBins bins, Iterable<Tensor> abBatches) {
        long[] counts = new long[bins.size()];
        long n = 0;
        for (Tensor ab : abBatches) {
            for (int q : bins.quantize(ab)) {
                counts[q]++;
                n++;
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("ClassRebalancing.empiricalPrior: no pixels");
        }
        float[] p = new float[bins.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) ((double) counts[i] / n);
        }
        return p;
    }

    /** The loss weight of each class. */
    public float[] weights() {
        return weights.clone();
    }

    public float weight(int q) {
        return weights[q];
    }

    /** The smoothed prior p~ the weights were computed from. */
    public float[] smoothedPrior() {
        return smoothedPrior.clone();
    }
}
