package dev.colorize.examples.cli;

import dev.colorize.gan.models.AbHead;
import dev.colorize.gan.models.EbganDiscriminator;
import dev.colorize.gan.models.Eccv16;
import dev.colorize.gan.models.Eccv16Factory;
import dev.colorize.gan.models.Norm;
import dev.colorize.gan.models.PatchGAN;
import dev.colorize.gan.models.UNet;
import dev.colorize.gan.models.UnetFactory;
import dev.colorize.gan.train.GeneratorIO;
import dev.colorize.nn.Module;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The networks {@code colorize train} builds from its options: the generator (U-Net or ECCV16
 * regression), its input/output scaling and model-file description (the models' factory config plus
 * render_size = the training size), and the discriminator the
 * objective needs (EBGAN's autoencoder, otherwise a PatchGAN; without batch norm for WGAN-GP,
 * whose penalty treats samples independently).
 */
final class TrainNetworks {
    final Module generator;
    final GeneratorIO io;
    final String architecture;
    final Map<String, String> config = new LinkedHashMap<>();

    private TrainNetworks(Module generator, GeneratorIO io, String architecture) {
        this.generator = generator;
        this.io = io;
        this.architecture = architecture;
    }

    /** The generator named {@code kind} ("unet" or "colorful") for {@code size} x {@code size} crops. */
    static TrainNetworks generator(String kind, int size, int ngf, Integer numDowns, Norm norm, boolean dropout,
                                   double width, AbHead head, long seed) {
        String k = kind.toLowerCase(Locale.ROOT);
        switch (k) {
            case "unet" -> {
                int downs = numDowns != null ? numDowns : unetDepth(size);
                UNet.Config c = UNet.builder().ngf(ngf).numDowns(downs).norm(norm).dropout(dropout).head(head).buildConfig();
                if (size % (1 << downs) != 0) {
                    throw new IllegalArgumentException("--size " + size + " is not a multiple of 2^" + downs
                            + " (U-Net with " + downs + " downsamplings)");
                }
                UNet g = UNet.builder().config(c).seed(seed).build();
                TrainNetworks n = new TrainNetworks(g, GeneratorIO.pix2pix(), UnetFactory.ARCHITECTURE);
                n.config.putAll(UnetFactory.configOf(g));
                n.config.put("render_size", Integer.toString(size));
                return n;
            }
            case "colorful", "eccv16" -> {
                if (size % 8 != 0) {
                    throw new IllegalArgumentException("--size " + size + " must be a multiple of 8 for the colorful generator");
                }
                Eccv16 g = Eccv16.builder().widthMultiplier(width).head(head).seed(seed).build();
                TrainNetworks n = new TrainNetworks(g, GeneratorIO.labUnits(), Eccv16Factory.ARCHITECTURE);
                n.config.putAll(Eccv16Factory.configOf(g));
                n.config.put("render_size", Integer.toString(size));
                return n;
            }
            default -> throw new IllegalArgumentException("unknown generator '" + kind + "', expected unet or colorful");
        }
    }

    /** pix2pix's depth for a size: 8 downsamplings at 256 (unet_256), one fewer per halving, at least 2. */
    static int unetDepth(int size) {
        int d = 0;
        while (d < 8 && size % (2 << d) == 0 && (size >> (d + 1)) >= 1) {
            d++;
        }
        if (d < 2) {
            throw new IllegalArgumentException("--size " + size + " must be a multiple of 4 for the U-Net");
        }
        return d;
    }

    /** The discriminator for {@code objective}, or null for "none". */
    static Module discriminator(String objective, int ndf, int nLayers, long seed) {
        return switch (objective.toLowerCase(Locale.ROOT)) {
            case "none" -> null;
            case "ebgan" -> EbganDiscriminator.builder().ndf(ndf).nLayers(nLayers).seed(seed).build();
            case "wgan-gp" -> PatchGAN.builder().ndf(ndf).nLayers(nLayers).norm(Norm.NONE).seed(seed).build();
            default -> PatchGAN.builder().ndf(ndf).nLayers(nLayers).seed(seed).build();
        };
    }
}
