package dev.colorize.gan.train;

import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.gan.ColorizationModel;
import dev.colorize.gan.ModelFactory;
import dev.colorize.gan.ModelRegistry;
import dev.colorize.gan.color.Normalization;
import dev.colorize.gan.data.ImageFolder;
import dev.colorize.gan.objectives.Objectives;
import dev.colorize.nn.Module;
import dev.colorize.nn.Sequential;
import dev.colorize.nn.layers.BatchNorm2d;
import dev.colorize.nn.layers.Conv2d;
import dev.colorize.nn.layers.Dropout;
import dev.colorize.nn.layers.LeakyReLU;
import dev.colorize.nn.layers.ReLU;
import dev.colorize.nn.layers.Tanh;
import dev.colorize.nn.optim.LrSchedule;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Tiny networks, a tiny photo folder and the trainer configuration shared by the trainer tests and the child JVM. */
final class Fixtures {
    static final String ARCH = "test-tiny-generator";

    private Fixtures() {
    }

    /** conv 3x3 (1->6) + BatchNorm + ReLU + Dropout(0.25) + conv 3x3 (6->2) + tanh: pix2pix scaling. */
    static Module generator(long seed) {
        Rng rng = new Rng(seed);
        return new Sequential(
                Conv2d.builder(1, 6, 3).padding(1).build(rng),
                new BatchNorm2d(6),
                new ReLU(),
                new Dropout(0.25f, rng.fork()),
                Conv2d.builder(6, 2, 3).padding(1).build(rng),
                new Tanh());
    }

    /** A two-layer patch discriminator over cat(L, ab). */
    static Module discriminator(long seed) {
        Rng rng = new Rng(seed);
        return new Sequential(
                Conv2d.builder(3, 6, 4).stride(2).padding(1).build(rng),
                new LeakyReLU(0.2f),
                Conv2d.builder(6, 1, 3).padding(1).build(rng));
    }

    /**
     * {@code n} small photos whose colour follows their content: a bright disc (orange) on a dark
     * background (blue) or the reverse, at varying places, so L predicts ab.
     */
    static Path photos(Path dir, int n) throws IOException {
        Files.createDirectories(dir);
        Rng rng = new Rng(99);
        for (int i = 0; i < n; i++) {
            int w = 20 + rng.nextInt(5), h = 16 + rng.nextInt(5);
            int cx = rng.nextInt(w), cy = rng.nextInt(h);
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    boolean disc = (x - cx) * (x - cx) + (y - cy) * (y - cy) < 36;
                    img.setRGB(x, y, disc ? 0xF0A040 : 0x203080 + ((x * y) & 7));
                }
            }
            ImageIO.write(img, "png", dir.resolve(String.format("p%02d.png", i)).toFile());
        }
        return dir;
    }

    /** The configuration of the resume tests (and the child JVM): 8x8 crops, batch 2, 10 steps, lr halved every 4 steps. */
    static TrainerBuilder config(Path photos, Path runDir, String objective, long initSeed) {
        TrainerBuilder b = Trainer.builder()
                .generator(generator(initSeed))
                .objective(Objectives.byName(objective))
                .l1(100)
                .lrSchedule(LrSchedule.step(4, 0.5))
                .data(ImageFolder.of(photos).size(8).warnings(w -> { }))
                .batchSize(2)
                .loaderThreads(1, 2)
                .steps(10)
                .seed(42)
                .runDir(runDir)
                .checkpoints(4, 2)
                .samples(5, 2)
                .plotEvery(5)
                .modelFile(ARCH, Map.of("seed", "0"));
        if (!objective.equals("none")) {
            b.discriminator(discriminator(initSeed + 1));
        }
        return b;
    }

    /** Registers {@link #ARCH} so Colorizer.load can read the trainer's model file. */
    static void registerModel() {
        ModelRegistry.register(new ModelFactory() {
            @Override
            public String architecture() {
                return ARCH;
            }

            @Override
            public ColorizationModel create(Map<String, String> config, Map<String, Tensor> weights) {
                Module g = generator(0);
                g.loadStateDict(weights);
                g.eval();
                return new ColorizationModel() {
                    @Override
                    public String architecture() {
                        return ARCH;
                    }

                    @Override
                    public Normalization inputNormalization() {
                        return Normalization.PIX2PIX;
                    }

                    @Override
                    public int defaultRenderSize() {
                        return 8;
                    }

                    @Override
                    public Tensor predictAb(Tensor l) {
                        return Normalization.denormalizeAb(g.forward(l));
                    }
                };
            }
        });
    }
}
