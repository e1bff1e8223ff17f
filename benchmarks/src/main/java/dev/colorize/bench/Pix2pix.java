package dev.colorize.bench;

import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Module;
import dev.colorize.nn.Sequential;
import dev.colorize.nn.init.Init;
import dev.colorize.nn.layers.BatchNorm2d;
import dev.colorize.nn.layers.ConcatSkip;
import dev.colorize.nn.layers.Conv2d;
import dev.colorize.nn.layers.ConvTranspose2d;
import dev.colorize.nn.layers.Dropout;
import dev.colorize.nn.layers.LeakyReLU;
import dev.colorize.nn.layers.ReLU;
import dev.colorize.nn.layers.Tanh;

import java.util.ArrayList;
import java.util.List;

/**
 * The peers' models ({@code ../shared/peers/torch/models.py}) built from colorize-nn layers, so the
 * benchmarks measure exactly the computation torch and ONNX Runtime run: pix2pix {@code unet_256}
 * (in 1 = L, out 2 = ab; LeakyReLU 0.2 down, ReLU up, conv k4 s2 p1 without bias before
 * BatchNorm, skip = concat, outermost up conv with bias and Tanh, optional Dropout 0.5 in the three
 * ngf*8 middle blocks) and the PatchGAN {@code NLayerDiscriminator} (n_layers 3). Weights use the
 * pix2pix "normal" init (conv N(0, 0.02), BN weight N(1, 0.02), biases 0). Kept here rather than
 * depending on colorize-gan so the kernels can be benchmarked on their own.
 */
final class Pix2pix {
    private Pix2pix() {
    }

    /** pix2pix UnetGenerator(1, 2, num_downs 8, ngf). */
    static Module unet256(int ngf, boolean dropout, Rng rng) {
        Module block = unetBlock(ngf * 8, ngf * 8, ngf * 8, null, false, true, false);
        for (int i = 0; i < 3; i++) {
            block = unetBlock(ngf * 8, ngf * 8, ngf * 8, block, false, false, dropout);
        }
        block = unetBlock(ngf * 4, ngf * 8, ngf * 4, block, false, false, false);
        block = unetBlock(ngf * 2, ngf * 4, ngf * 2, block, false, false, false);
        block = unetBlock(ngf, ngf * 2, ngf, block, false, false, false);
        Module net = unetBlock(2, ngf, 1, block, true, false, false);
        return init(net, rng);
    }

    private static Module unetBlock(int outerNc, int innerNc, int inputNc, Module sub, boolean outermost,
                                    boolean innermost, boolean dropout) {
        Conv2d down = new Conv2d(inputNc, innerNc, 4, 2, 1, false);
        List<Module> layers = new ArrayList<>();
        if (outermost) {
            layers.add(down);
            layers.add(sub);
            layers.add(new ReLU());
            layers.add(new ConvTranspose2d(innerNc * 2, outerNc, 4, 2, 1, true));
            layers.add(new Tanh());
            return new Sequential(layers);
        }
        layers.add(new LeakyReLU(0.2f));
        layers.add(down);
        if (!innermost) {
            layers.add(new BatchNorm2d(innerNc));
            layers.add(sub);
        }
        layers.add(new ReLU());
        layers.add(new ConvTranspose2d(innermost ? innerNc : innerNc * 2, outerNc, 4, 2, 1, false));
        layers.add(new BatchNorm2d(outerNc));
        if (dropout) {
            layers.add(new Dropout(0.5f, new Rng(17)));
        }
        return new ConcatSkip(new Sequential(layers));
    }

    /** pix2pix NLayerDiscriminator(input_nc, ndf 64, n_layers 3) with BatchNorm. */
    static Module patchGan(int inputNc, Rng rng) {
        int ndf = 64;
        List<Module> seq = new ArrayList<>();
        seq.add(new Conv2d(inputNc, ndf, 4, 2, 1, true));
        seq.add(new LeakyReLU(0.2f));
        int mult = 1;
        for (int n = 1; n < 3; n++) {
            int prev = mult;
            mult = Math.min(1 << n, 8);
            seq.add(new Conv2d(ndf * prev, ndf * mult, 4, 2, 1, false));
            seq.add(new BatchNorm2d(ndf * mult));
            seq.add(new LeakyReLU(0.2f));
        }
        int prev = mult;
        mult = Math.min(1 << 3, 8);
        seq.add(new Conv2d(ndf * prev, ndf * mult, 4, 1, 1, false));
        seq.add(new BatchNorm2d(ndf * mult));
        seq.add(new LeakyReLU(0.2f));
        seq.add(new Conv2d(ndf * mult, 1, 4, 1, 1, true));
        return init(new Sequential(seq), rng);
    }

    private static Module init(Module net, Rng rng) {
        net.apply(m -> {
            if (m instanceof Conv2d c) {
                Init.normal(c.weight(), 0, 0.02, rng);
                if (c.bias() != null) {
                    Init.zeros(c.bias());
                }
            } else if (m instanceof ConvTranspose2d c) {
                Init.normal(c.weight(), 0, 0.02, rng);
                if (c.bias() != null) {
                    Init.zeros(c.bias());
                }
            } else if (m instanceof BatchNorm2d b) {
                Init.normal(b.weight(), 1, 0.02, rng);
                Init.zeros(b.bias());
            }
        });
        return net;
    }

    /** Uniform in [-1, 1), like the peers' {@code torch.rand(...) * 2 - 1}. */
    static Tensor uniform(Rng rng, int... shape) {
        return Tensor.rand(rng, shape).mul(2f).sub(1f);
    }
}
