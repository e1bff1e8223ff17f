package dev.colorize.gan.models;

import dev.colorize.core.F;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Module;
import dev.colorize.nn.Sequential;
import dev.colorize.nn.layers.Conv2d;
import dev.colorize.nn.layers.ConvTranspose2d;
import dev.colorize.nn.layers.Dropout;
import dev.colorize.nn.layers.LeakyReLU;
import dev.colorize.nn.layers.ReLU;
import dev.colorize.nn.layers.Tanh;
import dev.colorize.nn.layers.Upsample;

import java.util.Arrays;
import java.util.Locale;

/**
 * The pix2pix U-Net generator ({@code UnetGenerator}, {@code unet_256} with 8 downsamplings): nested
 * skip blocks, each a 4x4 stride-2 convolution down and a 4x4 stride-2 transposed convolution up
 * (or, with {@link Decoder#UPSAMPLE_CONV}, a nearest x2 upsample and a 3x3 convolution, which avoids
 * checkerboard artefacts). Widths ngf, 2 ngf, 4 ngf, then 8 ngf for every deeper level. For
 * colorization the input is L/50 - 1 ([N,1,H,W]) and the output tanh-bounded ab/110 ([N,2,H,W]);
 * H and W must be multiples of {@code 2^numDowns}. State-dict keys are pix2pix's
 * ({@code model.model.1.model.3.model.2.running_var}), so pix2pix checkpoints load unchanged.
 * In eval mode with grad mode off and batch or no norm, {@link #forward} runs a fused inference path
 * (BatchNorm folded into the convolutions, activations and skip concatenations fused; see
 * {@link UnetInference}) that gives the same result up to float rounding.
 *
 * <p>With {@link AbHead#CLASSIFICATION} the outermost up layer becomes a 1x1 convolution from the
 * outermost skip concatenation (2 ngf channels at half resolution) to the logits of {@link AbBins}'s
 * colour classes, and ab is their annealed mean (bin centres / 110, a fixed {@code model_out} 1x1
 * convolution as in {@link Eccv16}) upsampled bilinearly x2: Zhang et al.'s classification head on the
 * pix2pix encoder-decoder. The logits stay at half resolution because a full-resolution 313-channel
 * layer would cost more than the rest of the network.
 *
 * <pre>{@code
 * UNet g = UNet.builder().ngf(64).numDowns(8).norm(Norm.BATCH).dropout(true).seed(1).build();
 * Tensor ab = g.forward(lNorm);   // [N,1,256,256] -> [N,2,256,256]
 * }</pre>
 */
public final class UNet extends Module implements ColorClassifier {
    /** How the decoder doubles the resolution. */
    public enum Decoder {
        /** ConvTranspose2d(k4, s2, p1), as pix2pix. */
        TRANSPOSED,
        /** Upsample(nearest, x2) then Conv2d(k3, s1, p1); keys gain a level ({@code model.3.1.weight}). */
        UPSAMPLE_CONV;

        public static Decoder parse(String name) {
            String n = name.toUpperCase(Locale.ROOT).replace('-', '_');
            return switch (n) {
                case "TRANSPOSED", "TRANSPOSED_CONV", "DECONV" -> TRANSPOSED;
                case "UPSAMPLE_CONV", "UPSAMPLE", "RESIZE_CONV" -> UPSAMPLE_CONV;
                default -> throw new IllegalArgumentException("unknown U-Net decoder '" + name
                        + "', expected transposed or upsample_conv");
            };
        }
    }

    private final Config config;
    private final UnetBlock root;
    private final AbBins bins;
    private final Conv2d modelOut;

    /**
     * The generator's hyper-parameters (immutable); {@link #builder()} gives the defaults. {@code temperature}
     * is the annealed mean's, read only by a classification head.
     */
    public record Config(int inChannels, int outChannels, int ngf, int numDowns, Norm norm, boolean dropout,
                         Decoder decoder, AbHead head, float temperature) {
        public Config {
            if (inChannels < 1 || outChannels < 1 || ngf < 1 || numDowns < 2 || numDowns > 16 || norm == null
                    || decoder == null || head == null || !(temperature > 0) || Float.isInfinite(temperature)
                    || (head == AbHead.CLASSIFICATION && outChannels != 2)) {
                throw new IllegalArgumentException("UNet: invalid configuration " + this
                        + " (channels and ngf >= 1, 2 <= numDowns <= 16, temperature > 0, 2 output channels (ab) with a classification head)");
            }
        }
    }

    private UNet(Config c, AbBins bins, Rng rng) {
        this.config = c;
        this.bins = bins;
        Rng init = rng.fork();
        Module inner = null;
        for (int level = c.numDowns - 1; level >= 0; level--) {
            inner = block(c, level, inner, bins, rng);
        }
        root = registerModule("model", (UnetBlock) inner);
        modelOut = bins == null ? null
                : registerModule("model_out", Conv2d.builder(bins.size(), 2, 1).bias(false).build(rng));
        Pix2pixInit.apply(this, init);
        if (modelOut != null) {
            bins.writeCentresTo(modelOut.weight());
            modelOut.weight().requiresGrad(false);   // the bin centres are the decoding, not a weight to learn
        }
    }

    /**
     * Defaults: 1 -> 2 channels, ngf 64, 8 downsamplings (unet_256), batch norm, no dropout, transposed
     * decoder, regression head, seed 0.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Width of the features after {@code level + 1} downsamplings. */
    static int width(int ngf, int level) {
        return ngf * Math.min(1 << Math.min(level, 3), 8);
    }

    /** Block {@code level} (0 = outermost) around {@code sub}, laid out exactly as pix2pix. */
    private static UnetBlock block(Config c, int level, Module sub, AbBins bins, Rng rng) {
        boolean outermost = level == 0;
        boolean innermost = level == c.numDowns - 1;
        int inner = width(c.ngf, level);
        int outer = outermost ? c.outChannels : width(c.ngf, level - 1);
        int input = outermost ? c.inChannels : outer;
        boolean bias = c.norm.convBias();
        Conv2d down = Conv2d.builder(input, inner, 4).stride(2).padding(1).bias(bias).build(rng);
        Sequential m = new Sequential();
        UnetBlock.Parts parts;
        if (outermost && bins != null) {
            Conv2d head = Conv2d.builder(inner * 2, bins.size(), 1).build(rng);
            m.add(down).add(sub).add(new ReLU()).add(head);
            parts = new UnetBlock.Parts(down, null, (UnetBlock) sub, head, null);
        } else if (outermost) {
            Module up = up(c, inner * 2, outer, true, rng);
            m.add(down).add(sub).add(new ReLU()).add(up).add(new Tanh());
            parts = new UnetBlock.Parts(down, null, (UnetBlock) sub, up, null);
        } else if (innermost) {
            Module up = up(c, inner, outer, bias, rng);
            Module upNorm = c.norm.create(outer);
            m.add(new LeakyReLU(0.2f)).add(down).add(new ReLU()).add(up).add(upNorm);
            parts = new UnetBlock.Parts(down, null, null, up, upNorm);
        } else {
            Module downNorm = c.norm.create(inner);
            Module up = up(c, inner * 2, outer, bias, rng);
            Module upNorm = c.norm.create(outer);
            m.add(new LeakyReLU(0.2f)).add(down).add(downNorm).add(sub).add(new ReLU()).add(up).add(upNorm);
            // pix2pix puts dropout in the num_downs - 5 extra 8*ngf blocks between level 4 and the innermost
            if (c.dropout && level >= 4) {
                m.add(new Dropout(0.5f, rng.fork()));
            }
            parts = new UnetBlock.Parts(down, downNorm, (UnetBlock) sub, up, upNorm);
        }
        return new UnetBlock(m, outermost, parts);
    }

    private static Module up(Config c, int in, int out, boolean bias, Rng rng) {
        if (c.decoder == Decoder.TRANSPOSED) {
            return ConvTranspose2d.builder(in, out, 4).stride(2).padding(1).bias(bias).build(rng);
        }
        return new Sequential(new Upsample(2, Upsample.Mode.NEAREST),
                Conv2d.builder(in, out, 3).stride(1).padding(1).bias(bias).build(rng));
    }

    /**
     * [N, inChannels, H, W] -> [N, outChannels, H, W] in (-1, 1) (ab / 110 for colorization); H and W
     * multiples of 2^numDowns.
     */
    @Override
    public Tensor forward(Tensor x) {
        Tensor y = trunk(x);
        return bins == null ? y : annealedMean(y);
    }

    /** {@link #forward} and the class logits [N, bins, H/2, W/2] it was decoded from; classification head only. */
    @Override
    public Output forwardWithLogits(Tensor x) {
        Tensor logits = logits(x);
        return new Output(annealedMean(logits), logits);
    }

    /** The class logits [N, bins, H/2, W/2]; classification head only. */
    @Override
    public Tensor logits(Tensor x) {
        if (bins == null) {
            throw new IllegalStateException("UNet: a regression head has no class logits");
        }
        return trunk(x);
    }

    /** The nested blocks: tanh output of a regression head, logits of a classification head. */
    private Tensor trunk(Tensor x) {
        int m = 1 << config.numDowns;
        if (x.dim() != 4 || x.size(1) != config.inChannels || x.size(2) % m != 0 || x.size(3) % m != 0) {
            throw new IllegalArgumentException("UNet(numDowns " + config.numDowns + "): expected [N," + config.inChannels
                    + ",H,W] with H and W multiples of " + m + ", got " + Arrays.toString(x.shape()));
        }
        if (UnetInference.applies(this)) {
            return UnetInference.forward(root, x, bins == null);
        }
        return root.forward(x);
    }

    /** Bin centres / 110 averaged with softmax(logits / T), upsampled to the input's size. */
    private Tensor annealedMean(Tensor logits) {
        return F.upsampleBilinear(modelOut.forward(logits.div(config.temperature).softmax(1)), 2);
    }

    @Override
    public AbBins bins() {
        return bins;
    }

    @Override
    public int logitsStride() {
        return 2;
    }

    public Config config() {
        return config;
    }

    /** The side lengths must be multiples of this. */
    public int sizeMultiple() {
        return 1 << config.numDowns;
    }

    @Override
    protected String extraRepr() {
        return config.toString();
    }

    /** Fluent configuration of a {@link UNet}. */
    public static final class Builder {
        private int inChannels = 1;
        private int outChannels = 2;
        private int ngf = 64;
        private int numDowns = 8;
        private Norm norm = Norm.BATCH;
        private boolean dropout;
        private Decoder decoder = Decoder.TRANSPOSED;
        private AbHead head = AbHead.REGRESSION;
        private float temperature = Eccv16.DEFAULT_TEMPERATURE;
        private AbBins abBins;
        private long seed;

        private Builder() {
        }

        public Builder inChannels(int v) { inChannels = v; return this; }
        public Builder outChannels(int v) { outChannels = v; return this; }
        /** Filters of the first (outermost) level. */
        public Builder ngf(int v) { ngf = v; return this; }
        /** Number of downsamplings (the depth); 8 for 256x256 inputs (unet_256), 7 for unet_128. */
        public Builder numDowns(int v) { numDowns = v; return this; }
        public Builder norm(Norm v) { norm = v; return this; }
        /** Dropout 0.5 in the extra 8*ngf blocks (pix2pix {@code use_dropout}). */
        public Builder dropout(boolean v) { dropout = v; return this; }
        public Builder decoder(Decoder v) { decoder = v; return this; }
        public Builder head(AbHead v) { head = v; return this; }
        /** Softmax temperature of a classification head's annealed mean (default 0.38, Zhang et al.'s). */
        public Builder temperature(float v) { temperature = v; return this; }
        /** The colour classes of a classification head (default {@link AbBins#eccv16()}, the official 313). */
        public Builder bins(AbBins v) { abBins = v; return this; }
        /** Seed of the pix2pix N(0, 0.02) initialisation and of the dropout masks. */
        public Builder seed(long v) { seed = v; return this; }

        public Builder config(Config c) {
            return inChannels(c.inChannels).outChannels(c.outChannels).ngf(c.ngf).numDowns(c.numDowns).norm(c.norm)
                    .dropout(c.dropout).decoder(c.decoder).head(c.head).temperature(c.temperature);
        }

        public Config buildConfig() {
            return new Config(inChannels, outChannels, ngf, numDowns, norm, dropout, decoder, head, temperature);
        }

        public UNet build() {
            Config c = buildConfig();
            AbBins b = c.head == AbHead.CLASSIFICATION ? (abBins != null ? abBins : AbBins.eccv16()) : null;
            return new UNet(c, b, new Rng(seed));
        }
    }
}
