package dev.colorize.gan.models;

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
 * <pre>{@code
 * UNet g = UNet.builder().ngf(64).numDowns(8).norm(Norm.BATCH).dropout(true).seed(1).build();
 * Tensor ab = g.forward(lNorm);   // [N,1,256,256] -> [N,2,256,256]
 * }</pre>
 */
public final class UNet extends Module {
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

    /** The generator's hyper-parameters (immutable); {@link #builder()} gives the defaults. */
    public record Config(int inChannels, int outChannels, int ngf, int numDowns, Norm norm, boolean dropout,
                         Decoder decoder) {
        public Config {
            if (inChannels < 1 || outChannels < 1 || ngf < 1 || numDowns < 2 || numDowns > 16 || norm == null
                    || decoder == null) {
                throw new IllegalArgumentException("UNet: invalid configuration " + this
                        + " (channels and ngf >= 1, 2 <= numDowns <= 16)");
            }
        }
    }

    private UNet(Config c, Rng rng) {
        this.config = c;
        Rng init = rng.fork();
        Module inner = null;
        for (int level = c.numDowns - 1; level >= 0; level--) {
            inner = block(c, level, inner, rng);
        }
        registerModule("model", inner);
        Pix2pixInit.apply(this, init);
    }

    /** Defaults: 1 -> 2 channels, ngf 64, 8 downsamplings (unet_256), batch norm, no dropout, transposed decoder, seed 0. */
    public static Builder builder() {
        return new Builder();
    }

    /** Width of the features after {@code level + 1} downsamplings. */
    static int width(int ngf, int level) {
        return ngf * Math.min(1 << Math.min(level, 3), 8);
    }

    /** Block {@code level} (0 = outermost) around {@code sub}, laid out exactly as pix2pix. */
    private static UnetBlock block(Config c, int level, Module sub, Rng rng) {
        boolean outermost = level == 0;
        boolean innermost = level == c.numDowns - 1;
        int inner = width(c.ngf, level);
        int outer = outermost ? c.outChannels : width(c.ngf, level - 1);
        int input = outermost ? c.inChannels : outer;
        boolean bias = c.norm.convBias();
        Conv2d down = Conv2d.builder(input, inner, 4).stride(2).padding(1).bias(bias).build(rng);
        Sequential m = new Sequential();
        UnetBlock.Parts parts;
        if (outermost) {
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

    /** [N, inChannels, H, W] -> [N, outChannels, H, W] in (-1, 1); H and W multiples of 2^numDowns. */
    @Override
    public Tensor forward(Tensor x) {
        int m = 1 << config.numDowns;
        if (x.dim() != 4 || x.size(1) != config.inChannels || x.size(2) % m != 0 || x.size(3) % m != 0) {
            throw new IllegalArgumentException("UNet(numDowns " + config.numDowns + "): expected [N," + config.inChannels
                    + ",H,W] with H and W multiples of " + m + ", got " + Arrays.toString(x.shape()));
        }
        UnetBlock root = (UnetBlock) namedChildren().get("model");
        if (UnetInference.applies(this)) {
            return UnetInference.forward(root, x);
        }
        return root.forward(x);
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
        /** Seed of the pix2pix N(0, 0.02) initialisation and of the dropout masks. */
        public Builder seed(long v) { seed = v; return this; }

        public Builder config(Config c) {
            return inChannels(c.inChannels).outChannels(c.outChannels).ngf(c.ngf).numDowns(c.numDowns).norm(c.norm)
                    .dropout(c.dropout).decoder(c.decoder);
        }

        public Config buildConfig() {
            return new Config(inChannels, outChannels, ngf, numDowns, norm, dropout, decoder);
        }

        public UNet build() {
            return new UNet(buildConfig(), new Rng(seed));
        }
    }
}
