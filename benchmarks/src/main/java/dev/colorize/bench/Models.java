package dev.colorize.bench;

import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.gan.models.Norm;
import dev.colorize.gan.models.PatchGAN;
import dev.colorize.gan.models.UNet;

/**
 * The library's models configured like the peers' {@code ../shared/peers/torch/models.py}:
 * pix2pix {@code unet_256} (in 1 = L, out 2 = ab, BatchNorm, transposed-conv decoder, optional
 * Dropout 0.5 in the three ngf*8 middle blocks) and the PatchGAN {@code NLayerDiscriminator}
 * (in 3, ndf 64, n_layers 3, BatchNorm), both with the pix2pix N(0, 0.02) init.
 */
final class Models {
    private Models() {
    }

    static UNet unet(int ngf, boolean dropout) {
        return UNet.builder().inChannels(1).outChannels(2).ngf(ngf).numDowns(8).norm(Norm.BATCH)
                .decoder(UNet.Decoder.TRANSPOSED).dropout(dropout).seed(0).build();
    }

    static PatchGAN patchGan() {
        return PatchGAN.builder().inChannels(3).ndf(64).nLayers(3).norm(Norm.BATCH).seed(1).build();
    }

    /** Uniform in [-1, 1), like the peers' {@code torch.rand(...) * 2 - 1}. */
    static Tensor uniform(Rng rng, int... shape) {
        return Tensor.rand(rng, shape).mul(2f).sub(1f);
    }
}
