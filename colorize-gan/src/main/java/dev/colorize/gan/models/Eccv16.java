package dev.colorize.gan.models;

import dev.colorize.core.F;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.gan.color.Normalization;
import dev.colorize.nn.Module;
import dev.colorize.nn.Sequential;
import dev.colorize.nn.layers.BatchNorm2d;
import dev.colorize.nn.layers.Conv2d;
import dev.colorize.nn.layers.ConvTranspose2d;
import dev.colorize.nn.layers.ReLU;

import java.util.Arrays;

/**
 * The Colorful Image Colorization generator (Zhang, Isola, Efros, ECCV 2016) in the layout of
 * richzhang/colorization's {@code ECCVGenerator}: eight Sequentials {@code model1..model8} of 3x3
 * conv + ReLU blocks (BatchNorm at the end of model1-7, stride 2 at the end of model1-3, dilation 2
 * in model5-6), a 4x4 transposed conv and a 1x1 conv to the {@code bins} colour-class logits at 1/4
 * resolution, a softmax, {@code model_out} (1x1 conv bins -> 2, no bias) and a bilinear x4 upsample,
 * times 110. Input: L in [0, 100] (normalised (L - 50) / 100 inside); output: ab in Lab units. Keys
 * are the official ones, so the released ECCV16 weights load once converted to safetensors.
 *
 * <p>Two heads share this layout:
 * <ul>
 *   <li>{@link AbHead#REGRESSION}: the output above (softmax at temperature 1, {@code model_out} learned),
 *       trained with an L1/L2 loss on ab, as the slides did.</li>
 *   <li>{@link AbHead#CLASSIFICATION}: {@code model_out} holds the ab bin centres / 110 (see {@link AbBins}; fixed,
 *       it requires no gradient) and
 *       the output is the annealed mean, the bin centres averaged with softmax(logits / T), T = 0.38;
 *       trained with {@link ColorClassLoss} on {@link #logits} (soft-encoded targets, class rebalancing).</li>
 * </ul>
 *
 * <pre>{@code
 * Eccv16 g = Eccv16.builder().widthMultiplier(0.25).head(AbHead.CLASSIFICATION).seed(3).build();
 * Tensor ab = g.forward(l);                           // [N,1,H,W] L -> [N,2,H,W] ab, H and W multiples of 8
 * Tensor loss = ColorClassLoss.of(g.bins(), rebalancing).loss(g.logits(l), abTrue);
 * }</pre>
 */
public final class Eccv16 extends Module implements ColorClassifier {
    /** Widths of the full-size network. */
    public static final int[] FULL_WIDTHS = {64, 128, 256, 512};
    /** Zhang et al.'s softmax temperature for the annealed mean. */
    public static final float DEFAULT_TEMPERATURE = 0.38f;

    /** Hyper-parameters (immutable). {@code widths} = c1..c4 (full size 64, 128, 256, 512). */
    public record Config(int[] widths, int bins, AbHead head, float temperature) {
        public Config {
            if (widths == null || widths.length != 4 || Arrays.stream(widths).anyMatch(w -> w < 1) || bins < 2
                    || head == null || !(temperature > 0) || Float.isInfinite(temperature)) {
                throw new IllegalArgumentException("Eccv16: invalid configuration widths " + Arrays.toString(widths)
                        + ", bins " + bins + ", head " + head + ", temperature " + temperature);
            }
            widths = widths.clone();
        }

        @Override
        public int[] widths() {
            return widths.clone();
        }

        @Override
        public String toString() {
            return "widths=" + Arrays.toString(widths) + ", bins=" + bins + ", head=" + head + ", T=" + temperature;
        }
    }

    private final Config config;
    private final Sequential[] blocks = new Sequential[8];
    private final Conv2d modelOut;
    private final AbBins bins;

    private Eccv16(Config c, AbBins bins, Rng rng) {
        this.config = c;
        int[] w = c.widths;
        blocks[0] = convs(1, w[0], 2, 2, 1, rng);
        blocks[1] = convs(w[0], w[1], 2, 2, 1, rng);
        blocks[2] = convs(w[1], w[2], 3, 2, 1, rng);
        blocks[3] = convs(w[2], w[3], 3, 1, 1, rng);
        blocks[4] = convs(w[3], w[3], 3, 1, 2, rng);
        blocks[5] = convs(w[3], w[3], 3, 1, 2, rng);
        blocks[6] = convs(w[3], w[3], 3, 1, 1, rng);
        for (int i = 0; i < 7; i++) {
            blocks[i].add(new BatchNorm2d(w[i < 3 ? i : 3]));
        }
        Sequential m8 = new Sequential(ConvTranspose2d.builder(w[3], w[2], 4).stride(2).padding(1).build(rng), new ReLU());
        Sequential tail = convs(w[2], w[2], 2, 1, 1, rng);
        for (Module m : tail.children()) {
            m8.add(m);
        }
        m8.add(Conv2d.builder(w[2], c.bins, 1).build(rng));
        blocks[7] = m8;
        for (int i = 0; i < 8; i++) {
            registerModule("model" + (i + 1), blocks[i]);
        }
        modelOut = registerModule("model_out", Conv2d.builder(c.bins, 2, 1).bias(false).build(rng));
        this.bins = bins;
        if (bins != null) {
            bins.writeCentresTo(modelOut.weight());
            modelOut.weight().requiresGrad(false);   // the bin centres are the decoding, not a weight to learn
        }
    }

    /** {@code n} (conv 3x3 + ReLU) pairs; the last conv has stride {@code strideLast}; padding = dilation. */
    private static Sequential convs(int in, int out, int n, int strideLast, int dilation, Rng rng) {
        Sequential s = new Sequential();
        for (int i = 0; i < n; i++) {
            s.add(Conv2d.builder(i == 0 ? in : out, out, 3).stride(i == n - 1 ? strideLast : 1).padding(dilation)
                    .dilation(dilation).build(rng)).add(new ReLU());
        }
        return s;
    }

    /** Defaults: full widths, regression head with 313 bins, T 0.38, seed 0 (PyTorch default init). */
    public static Builder builder() {
        return new Builder();
    }

    /** L in [0, 100], [N,1,H,W] -> ab in Lab units, [N,2,H,W]. */
    @Override
    public Tensor forward(Tensor l) {
        return forwardNormalized(Normalization.ECCV16.normalizeL(l));
    }

    /** As {@link #forward} for an input already normalised as (L - 50) / 100. */
    public Tensor forwardNormalized(Tensor lNorm) {
        return output(logitsNormalized(lNorm));
    }

    /**
     * {@link #forward} that also returns the logits (1/4 resolution), one pass for both: what a trainer
     * needs for the classification loss on the logits and an adversarial or L1 term on the ab (Lab units).
     */
    @Override
    public Output forwardWithLogits(Tensor l) {
        Tensor logits = logits(l);
        return new Output(output(logits), logits);
    }

    private Tensor output(Tensor logits) {
        Tensor scaled = config.head == AbHead.CLASSIFICATION ? logits.div(config.temperature) : logits;
        return F.upsampleBilinear(modelOut.forward(scaled.softmax(1)), 4).mul(Normalization.AB_SCALE);
    }

    /** The colour-class logits at 1/4 resolution, [N,bins,H/4,W/4], for L in [0, 100]. */
    @Override
    public Tensor logits(Tensor l) {
        return logitsNormalized(Normalization.ECCV16.normalizeL(l));
    }

    /** As {@link #logits} for an input already normalised as (L - 50) / 100. */
    public Tensor logitsNormalized(Tensor lNorm) {
        if (lNorm.dim() != 4 || lNorm.size(1) != 1 || lNorm.size(2) % 8 != 0 || lNorm.size(3) % 8 != 0) {
            throw new IllegalArgumentException("Eccv16: expected [N,1,H,W] with H and W multiples of 8, got "
                    + Arrays.toString(lNorm.shape()));
        }
        Tensor x = lNorm;
        for (Sequential b : blocks) {
            x = b.forward(x);
        }
        return x;
    }

    public Config config() {
        return config;
    }

    @Override
    public int logitsStride() {
        return 4;
    }

    /** The quantised ab classes of the classification head (null for a regression head). */
    @Override
    public AbBins bins() {
        return bins;
    }

    /** The 1x1 conv from class probabilities to ab / 110. */
    public Conv2d modelOut() {
        return modelOut;
    }

    @Override
    protected String extraRepr() {
        return config.toString();
    }

    /** Fluent configuration of an {@link Eccv16}. */
    public static final class Builder {
        private int[] widths = FULL_WIDTHS.clone();
        private Integer bins;
        private AbHead head = AbHead.REGRESSION;
        private float temperature = DEFAULT_TEMPERATURE;
        private AbBins abBins;
        private long seed;

        private Builder() {
        }

        /** Explicit widths c1..c4 (full size 64, 128, 256, 512). */
        public Builder widths(int c1, int c2, int c3, int c4) {
            widths = new int[] {c1, c2, c3, c4};
            return this;
        }

        /** Widths = round(multiplier * (64, 128, 256, 512)), at least 1. */
        public Builder widthMultiplier(double multiplier) {
            if (!(multiplier > 0)) {
                throw new IllegalArgumentException("Eccv16: width multiplier must be > 0, got " + multiplier);
            }
            for (int i = 0; i < 4; i++) {
                widths[i] = Math.max(1, (int) Math.round(FULL_WIDTHS[i] * multiplier));
            }
            return this;
        }

        /** Number of colour classes of a regression head (default 313, the official layout). */
        public Builder bins(int v) { bins = v; return this; }

        /** The colour classes of a classification head (default {@link AbBins#eccv16()}, the official 313). */
        public Builder bins(AbBins v) { abBins = v; return this; }

        public Builder head(AbHead v) { head = v; return this; }

        /** Softmax temperature of the classification head's annealed mean (default 0.38). */
        public Builder temperature(float v) { temperature = v; return this; }

        /** Seed of the PyTorch default initialisation. */
        public Builder seed(long v) { seed = v; return this; }

        public Eccv16 build() {
            AbBins b = head == AbHead.CLASSIFICATION ? (abBins != null ? abBins : AbBins.eccv16()) : null;
            int n = b != null ? b.size() : bins != null ? bins : 313;
            if (b != null && bins != null && bins != n) {
                throw new IllegalArgumentException("Eccv16: bins(" + bins + ") differs from the " + n + " classes of the ab bins");
            }
            return new Eccv16(new Config(widths, n, head, temperature), b, new Rng(seed));
        }
    }
}
