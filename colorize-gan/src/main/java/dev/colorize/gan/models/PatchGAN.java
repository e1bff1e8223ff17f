package dev.colorize.gan.models;

import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Module;
import dev.colorize.nn.Sequential;
import dev.colorize.nn.layers.Conv2d;
import dev.colorize.nn.layers.LeakyReLU;

import java.util.Arrays;

/**
 * The pix2pix PatchGAN discriminator ({@code NLayerDiscriminator}): 4x4 convolutions, {@code nLayers}
 * of stride 2 then two of stride 1, LeakyReLU(0.2), widths ndf, 2 ndf, ... capped at 8 ndf; one
 * logit per overlapping patch (70x70 receptive field with 3 layers). For colorization it is
 * conditioned on the gray input: its input is cat(L/50 - 1, ab/110), [N,3,H,W]. Keys are pix2pix's
 * ({@code model.0.weight}, {@code model.3.running_mean}, ..., {@code model.11.bias}).
 *
 * <pre>{@code
 * PatchGAN d = PatchGAN.builder().ndf(64).nLayers(3).seed(2).build();
 * Tensor logits = d.forward(Tensor.cat(1, l, ab));   // [N,3,256,256] -> [N,1,30,30]
 * }</pre>
 */
public final class PatchGAN extends Module {
    private final Sequential model;
    private final int inChannels;

    private PatchGAN(Builder b) {
        this.inChannels = b.inChannels;
        Rng rng = new Rng(b.seed);
        Rng init = rng.fork();
        boolean bias = b.norm.convBias();
        Sequential m = new Sequential();
        m.add(conv(b.inChannels, b.ndf, 2, true, rng)).add(new LeakyReLU(0.2f));
        int mult = 1;
        for (int n = 1; n <= b.nLayers; n++) {
            int prev = mult;
            mult = Math.min(1 << n, 8);
            int stride = n < b.nLayers ? 2 : 1;
            m.add(conv(b.ndf * prev, b.ndf * mult, stride, bias, rng)).add(b.norm.create(b.ndf * mult))
                    .add(new LeakyReLU(0.2f));
        }
        m.add(conv(b.ndf * mult, 1, 1, true, rng));
        this.model = registerModule("model", m);
        Pix2pixInit.apply(this, init);
    }

    private static Conv2d conv(int in, int out, int stride, boolean bias, Rng rng) {
        return Conv2d.builder(in, out, 4).stride(stride).padding(1).bias(bias).build(rng);
    }

    /** Defaults: 3 input channels (L + ab), ndf 64, 3 layers, batch norm, seed 0. */
    public static Builder builder() {
        return new Builder();
    }

    /** [N, inChannels, H, W] -> [N, 1, H', W'] patch logits (no sigmoid). */
    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 4 || x.size(1) != inChannels) {
            throw new IllegalArgumentException("PatchGAN: expected [N," + inChannels + ",H,W], got " + Arrays.toString(x.shape()));
        }
        return model.forward(x);
    }

    /** Fluent configuration of a {@link PatchGAN}. */
    public static final class Builder {
        private int inChannels = 3;
        private int ndf = 64;
        private int nLayers = 3;
        private Norm norm = Norm.BATCH;
        private long seed;

        private Builder() {
        }

        public Builder inChannels(int v) { inChannels = v; return this; }
        public Builder ndf(int v) { ndf = v; return this; }
        /** Stride-2 layers; 3 gives the 70x70 PatchGAN. */
        public Builder nLayers(int v) { nLayers = v; return this; }
        /** Use {@link Norm#NONE} or {@link Norm#INSTANCE} for a WGAN-GP critic. */
        public Builder norm(Norm v) { norm = v; return this; }
        /** Seed of the pix2pix N(0, 0.02) initialisation. */
        public Builder seed(long v) { seed = v; return this; }

        public PatchGAN build() {
            if (inChannels < 1 || ndf < 1 || nLayers < 1 || norm == null) {
                throw new IllegalArgumentException("PatchGAN: invalid inChannels " + inChannels + ", ndf " + ndf
                        + ", nLayers " + nLayers + " or norm " + norm);
            }
            return new PatchGAN(this);
        }
    }
}
