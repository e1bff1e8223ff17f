package dev.colorize.gan.models;

import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Module;
import dev.colorize.nn.Sequential;
import dev.colorize.nn.layers.Conv2d;
import dev.colorize.nn.layers.ConvTranspose2d;
import dev.colorize.nn.layers.LeakyReLU;
import dev.colorize.nn.layers.ReLU;
import dev.colorize.nn.layers.Tanh;

import java.util.Arrays;

/**
 * The EBGAN discriminator (Zhao et al. 2017): a convolutional autoencoder over the D input
 * (L and ab concatenated, [N,3,H,W] in [-1, 1]); {@link #forward} returns the reconstruction, and the
 * energy of a sample (computed by the {@code ebgan} objective) is its mean squared reconstruction error.
 * The encoder halves the resolution {@code nLayers} times (4x4 convs, stride 2, DCGAN widths
 * ndf, 2 ndf, 4 ndf, ...); the decoder mirrors it with 4x4 transposed convs and ends in tanh.
 * Keys: {@code encoder.<i>.*}, {@code decoder.<i>.*}.
 *
 * <pre>{@code
 * EbganDiscriminator d = EbganDiscriminator.builder().ndf(64).nLayers(3).build();
 * Tensor code = d.encode(x);            // [N, 4*ndf, H/8, W/8]: the pull-away term's embedding
 * Tensor reconstruction = d.decode(code);
 * }</pre>
 */
public final class EbganDiscriminator extends Module {
    private final Sequential encoder;
    private final Sequential decoder;
    private final int nLayers;
    private final int inChannels;

    private EbganDiscriminator(Builder b) {
        this.nLayers = b.nLayers;
        this.inChannels = b.inChannels;
        Rng rng = new Rng(b.seed);
        encoder = registerModule("encoder", new Sequential());
        decoder = registerModule("decoder", new Sequential());
        encoder.add(conv(b.inChannels, b.ndf, true, rng)).add(new LeakyReLU(0.2f));
        for (int i = 1; i < b.nLayers; i++) {
            encoder.add(conv(width(b.ndf, i - 1), width(b.ndf, i), b.norm.convBias(), rng))
                    .add(b.norm.create(width(b.ndf, i))).add(new LeakyReLU(0.2f));
        }
        for (int i = b.nLayers - 1; i >= 1; i--) {
            decoder.add(up(width(b.ndf, i), width(b.ndf, i - 1), b.norm.convBias(), rng))
                    .add(b.norm.create(width(b.ndf, i - 1))).add(new ReLU());
        }
        decoder.add(up(b.ndf, b.inChannels, true, rng)).add(new Tanh());
        Pix2pixInit.apply(this, rng);
    }

    private static int width(int ndf, int level) {
        return ndf * Math.min(1 << level, 8);
    }

    private static Conv2d conv(int in, int out, boolean bias, Rng rng) {
        return Conv2d.builder(in, out, 4).stride(2).padding(1).bias(bias).build(rng);
    }

    private static ConvTranspose2d up(int in, int out, boolean bias, Rng rng) {
        return ConvTranspose2d.builder(in, out, 4).stride(2).padding(1).bias(bias).build(rng);
    }

    /** ndf 64, 3 levels, batch norm, 3 input channels, seed 0. */
    public static Builder builder() {
        return new Builder();
    }

    /** The reconstruction of {@code x}, same shape. */
    @Override
    public Tensor forward(Tensor x) {
        return decode(encode(x));
    }

    /** The code (the encoder's output); H and W must be multiples of {@code 2^nLayers}. */
    public Tensor encode(Tensor x) {
        int m = 1 << nLayers;
        if (x.dim() != 4 || x.size(1) != inChannels || x.size(2) % m != 0 || x.size(3) % m != 0) {
            throw new IllegalArgumentException("EbganDiscriminator: expected [N," + inChannels + ",H,W] with H and W multiples of "
                    + m + ", got " + Arrays.toString(x.shape()));
        }
        return encoder.forward(x);
    }

    public Tensor decode(Tensor code) {
        return decoder.forward(code);
    }

    /** Fluent configuration of an {@link EbganDiscriminator}. */
    public static final class Builder {
        private int ndf = 64;
        private int nLayers = 3;
        private int inChannels = 3;
        private Norm norm = Norm.BATCH;
        private long seed;

        private Builder() {
        }

        public Builder ndf(int v) { ndf = v; return this; }
        public Builder nLayers(int v) { nLayers = v; return this; }
        public Builder inChannels(int v) { inChannels = v; return this; }
        public Builder norm(Norm v) { norm = v; return this; }
        /** Seed of the pix2pix N(0, 0.02) initialisation. */
        public Builder seed(long v) { seed = v; return this; }

        public EbganDiscriminator build() {
            if (ndf < 1 || nLayers < 1 || inChannels < 1 || norm == null) {
                throw new IllegalArgumentException("EbganDiscriminator: invalid ndf " + ndf + ", nLayers " + nLayers
                        + ", inChannels " + inChannels + " or norm " + norm);
            }
            return new EbganDiscriminator(this);
        }
    }
}
