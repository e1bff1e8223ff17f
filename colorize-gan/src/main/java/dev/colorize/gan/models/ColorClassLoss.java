package dev.colorize.gan.models;

import dev.colorize.core.tensor.Tensor;

import java.util.Arrays;

/**
 * The classification loss of Zhang et al. (ECCV 2016, eq. 2): the multinomial cross-entropy between the
 * predicted bin distribution and soft-encoded ground truth Z (5 nearest bins, Gaussian sigma 5),
 * each pixel weighted by the rebalancing weight of its nearest bin, averaged over pixels:
 * {@code mean_{n,h,w} -w[q*] sum_q Z_q log softmax(logits)_q}. Ground truth ab at full resolution is
 * average-pooled to the logits' resolution (1/4 for ECCV16, 1/2 for the U-Net) before encoding.
 *
 * <pre>{@code
 * ColorClassLoss loss = ColorClassLoss.of(g.bins(), ClassRebalancing.of(g.bins(), prior));
 * Tensor l = loss.loss(g.logits(lightness), abTrue);   // abTrue [N,2,H,W] in Lab units
 * }</pre>
 */
public final class ColorClassLoss {
    private final AbBins bins;
    private final ClassRebalancing rebalancing;
    private final int neighbours;
    private final float sigma;

    private ColorClassLoss(AbBins bins, ClassRebalancing rebalancing, int neighbours, float sigma) {
        this.bins = bins;
        this.rebalancing = rebalancing;
        this.neighbours = neighbours;
        this.sigma = sigma;
    }

    /** Zhang's settings: 5 nearest bins, sigma 5. */
    public static ColorClassLoss of(AbBins bins, ClassRebalancing rebalancing) {
        return of(bins, rebalancing, AbBins.SOFT_NEIGHBOURS, AbBins.SOFT_SIGMA);
    }

    public static ColorClassLoss of(AbBins bins, ClassRebalancing rebalancing, int neighbours, float sigma) {
        if (rebalancing.weights().length != bins.size()) {
            throw new IllegalArgumentException("ColorClassLoss: " + rebalancing.weights().length + " weights for "
                    + bins.size() + " bins");
        }
        if (neighbours < 1 || !(sigma > 0)) {
            throw new IllegalArgumentException("ColorClassLoss: need neighbours >= 1 and sigma > 0, got " + neighbours + ", " + sigma);
        }
        return new ColorClassLoss(bins, rebalancing, neighbours, sigma);
    }

    /** logits [N,Q,h,w]; abTrue [N,2,H,W] in Lab units with H, W multiples of h, w. A scalar. */
    public Tensor loss(Tensor logits, Tensor abTrue) {
        if (logits.dim() != 4 || logits.size(1) != bins.size() || abTrue.dim() != 4 || abTrue.size(1) != 2
                || abTrue.size(0) != logits.size(0) || abTrue.size(2) % logits.size(2) != 0
                || abTrue.size(3) % logits.size(3) != 0) {
            throw new IllegalArgumentException("ColorClassLoss: logits " + Arrays.toString(logits.shape()) + " and ab "
                    + Arrays.toString(abTrue.shape()) + " do not match ([N," + bins.size() + ",h,w] and [N,2,k*h,k*w])");
        }
        Tensor ab = averagePool(abTrue.detach(), abTrue.size(2) / logits.size(2), abTrue.size(3) / logits.size(3));
        Tensor z = bins.softEncode(ab, neighbours, sigma);
        int[] nearest = bins.quantize(ab);
        float[] w = new float[nearest.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = rebalancing.weight(nearest[i]);
        }
        Tensor pixelWeights = Tensor.of(w, logits.size(0), logits.size(2), logits.size(3));
        Tensor ce = z.mul(logits.logSoftmax(1)).sum(new int[] {1}, false).neg();
        return ce.mul(pixelWeights).mean();
    }

    /** Mean over kh x kw blocks of a constant [N,C,H,W] tensor (how ab reaches the logits' resolution). */
    public static Tensor averagePool(Tensor x, int kh, int kw) {
        if (kh == 1 && kw == 1) {
            return x;
        }
        int n = x.size(0);
        int c = x.size(1);
        int h = x.size(2) / kh;
        int w = x.size(3) / kw;
        return x.contiguous().reshape(n, c, h, kh, w, kw).mean(new int[] {3, 5}, false);
    }

    public AbBins bins() {
        return bins;
    }

    public ClassRebalancing rebalancing() {
        return rebalancing;
    }
}
