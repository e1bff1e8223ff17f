package dev.colorize.gan.models;

import dev.colorize.core.autograd.GradMode;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.gan.ColorizationModel;
import dev.colorize.gan.Colorizer;
import dev.colorize.gan.ModelFile;
import dev.colorize.gan.ModelRegistry;
import dev.colorize.gan.color.Lab;
import dev.colorize.gan.color.Normalization;
import dev.colorize.nn.layers.ConvTranspose2d;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The "unet" and "eccv16"/"colorful" factories: model files written here load through Colorizer.load. */
class ModelFactoryTest {

    private static BufferedImage grayRamp(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = 40 + (x * 160) / w;
                img.setRGB(x, y, (v << 16) | (v << 8) | v);
            }
        }
        return img;
    }

    @Test
    void factoriesAreDiscoveredByServiceLoader() {
        assertTrue(ModelRegistry.architectures().containsAll(java.util.List.of("unet", "eccv16", "colorful")),
                ModelRegistry.architectures().toString());
    }

    @Test
    void untrainedUnetColorizesThroughColorizerLoad(@TempDir Path dir) throws IOException {
        UNet g = UNet.builder().ngf(4).numDowns(5).seed(9).build();
        // an outermost up-conv bias of (0.5, -0.4) makes the untrained net paint a clear orange-blue cast
        ConvTranspose2d last = (ConvTranspose2d) g.namedModules().get("model.model.3");
        last.bias().copyFrom(Tensor.of(new float[] {0.5f, -0.4f}, 2));
        Map<String, String> config = new HashMap<>(UnetFactory.configOf(g));
        config.put("render_size", "64");
        Path file = dir.resolve("unet.safetensors");
        new ModelFile("unet", config, g.stateDict().tensors()).write(file);

        Colorizer c = Colorizer.load(file);
        BufferedImage out = c.colorize(grayRamp(40, 30));
        assertEquals(40, out.getWidth());
        assertEquals(30, out.getHeight());
        float[] lab = new float[3];
        Lab.rgb8ToLab(out.getRGB(20, 15), lab, 0);
        assertTrue(lab[1] > 15 && lab[2] < -10, "expected the bias's colour cast, got Lab " + java.util.Arrays.toString(lab));

        // the loaded model computes exactly what the generator computes
        ColorizationModel m = ModelFile.read(file).instantiate();
        assertEquals(64, m.defaultRenderSize());
        assertEquals(Normalization.PIX2PIX, m.inputNormalization());
        Tensor l = Tensor.full(0.1f, 1, 1, 32, 32);
        g.eval();
        try (GradMode.Scope s = GradMode.noGrad()) {
            assertArrayEquals(g.forward(l).mul(110f).toArray(), m.predictAb(l).toArray(), 1e-5f);
        }
        assertThrows(IllegalArgumentException.class, () -> m.checkRenderSize(48));
    }

    @Test
    void savedSaturationBecomesTheColorizersDefault(@TempDir Path dir) throws IOException {
        UNet g = UNet.builder().ngf(4).numDowns(5).seed(9).build();
        Map<String, String> config = new HashMap<>(UnetFactory.configOf(g));
        config.put("render_size", "64");
        config.put("saturation", "1.75");
        Path file = dir.resolve("saturated.safetensors");
        new ModelFile("unet", config, g.stateDict().tensors()).write(file);
        assertEquals(1.75f, Colorizer.load(file).saturation());
        assertEquals(1f, Colorizer.load(file).saturation(1f).saturation());

        config.put("saturation", "-1");
        Path bad = dir.resolve("bad.safetensors");
        new ModelFile("unet", config, g.stateDict().tensors()).write(bad);
        IOException e = assertThrows(IOException.class, () -> Colorizer.load(bad));
        assertTrue(e.getMessage().contains("saturation"), e.getMessage());
    }

    @Test
    void savedFlipAveragingBecomesTheColorizersDefault(@TempDir Path dir) throws IOException {
        UNet g = UNet.builder().ngf(4).numDowns(5).seed(9).build();
        Map<String, String> config = new HashMap<>(UnetFactory.configOf(g));
        Path plain = dir.resolve("plain.safetensors");
        new ModelFile("unet", config, g.stateDict().tensors()).write(plain);
        assertFalse(Colorizer.load(plain).flipAverage());
        config.put("flip_average", "true");
        Path file = dir.resolve("flip.safetensors");
        new ModelFile("unet", config, g.stateDict().tensors()).write(file);
        assertTrue(Colorizer.load(file).flipAverage());
        assertFalse(Colorizer.load(file).flipAverage(false).flipAverage());

        config.put("flip_average", "maybe");
        Path bad = dir.resolve("bad.safetensors");
        new ModelFile("unet", config, g.stateDict().tensors()).write(bad);
        IOException e = assertThrows(IOException.class, () -> Colorizer.load(bad));
        assertTrue(e.getMessage().contains("flip_average"), e.getMessage());
    }

    @Test
    void eccv16FilesOfBothHeadsRoundTrip(@TempDir Path dir) throws IOException {
        for (AbHead head : AbHead.values()) {
            Eccv16 g = Eccv16.builder().widths(2, 3, 4, 5).head(head).seed(5).build();
            Path file = dir.resolve(head + ".safetensors");
            new ModelFile("colorful", Eccv16Factory.configOf(g), g.stateDict().tensors()).write(file);
            ColorizationModel m = ModelFile.read(file).instantiate();
            assertEquals(Normalization.ECCV16, m.inputNormalization());
            Tensor l = Tensor.full(0.2f, 1, 1, 16, 16);
            g.eval();
            try (GradMode.Scope s = GradMode.noGrad()) {
                assertArrayEquals(g.forwardNormalized(l).toArray(), m.predictAb(l).toArray(), 1e-4f, head.toString());
            }
            BufferedImage out = Colorizer.load(file).renderSize(32).colorize(grayRamp(24, 20));
            assertEquals(24, out.getWidth());
        }
    }

    @Test
    void mismatchedWeightsAreRejectedWithTheKey(@TempDir Path dir) throws IOException {
        UNet g = UNet.builder().ngf(4).numDowns(5).build();
        Map<String, String> config = new HashMap<>(UnetFactory.configOf(g));
        config.put("ngf", "5");
        Path file = dir.resolve("bad.safetensors");
        new ModelFile("unet", config, g.stateDict().tensors()).write(file);
        IOException e = assertThrows(IOException.class, () -> Colorizer.load(file));
        assertTrue(e.getMessage().contains("model.model.0.weight"), e.getMessage());
    }
}
