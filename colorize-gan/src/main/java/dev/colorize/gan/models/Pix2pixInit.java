package dev.colorize.gan.models;

import dev.colorize.core.tensor.Rng;
import dev.colorize.nn.Module;
import dev.colorize.nn.init.Init;
import dev.colorize.nn.layers.BatchNorm2d;
import dev.colorize.nn.layers.Conv2d;
import dev.colorize.nn.layers.ConvTranspose2d;

/**
 * pix2pix's {@code init_weights(net, 'normal', gain=0.02)}: convolution weights N(0, 0.02²), their
 * biases 0, BatchNorm weights N(1, 0.02²) and biases 0. Modules are visited in state-dict order.
 */
final class Pix2pixInit {
    static final double GAIN = 0.02;

    private Pix2pixInit() {
    }

    static <M extends Module> M apply(M net, Rng rng) {
        for (Module m : net.namedModules().values()) {
            if (m instanceof Conv2d c) {
                Init.normal(c.weight(), 0, GAIN, rng);
                if (c.bias() != null) {
                    Init.zeros(c.bias());
                }
            } else if (m instanceof ConvTranspose2d c) {
                Init.normal(c.weight(), 0, GAIN, rng);
                if (c.bias() != null) {
                    Init.zeros(c.bias());
                }
            } else if (m instanceof BatchNorm2d bn && bn.weight() != null) {
                Init.normal(bn.weight(), 1, GAIN, rng);
                Init.zeros(bn.bias());
            }
        }
        return net;
    }
}
