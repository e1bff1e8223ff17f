package dev.colorize.gan;

import dev.colorize.gan.image.ImageLoader;
import dev.colorize.gan.image.LabImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ColorizerTest {
    /** Modest chroma so most colours stay in gamut (clipping would move L). */
    private static final Colorizer TINT = Colorizer.of(new TestModels.Tint(8f, -6f, 12f, 18f));

    static BufferedImage grayImage(int w, int h, long seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        SplittableRandom r = new SplittableRandom(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // smooth gradient plus noise, kept away from black/white
                img.getRaster().setSample(x, y, 0, 60 + (120 * x) / w + r.nextInt(30));
            }
        }
        return img;
    }

    @Test
    void outputHasTheInputSizeAndItsLightness() {
        for (int[] size : new int[][] {{37, 23}, {300, 200}, {16, 64}, {1, 1}}) {
            BufferedImage in = grayImage(size[0], size[1], size[0]);
            BufferedImage out = TINT.colorize(in);
            assertEquals(size[0], out.getWidth());
            assertEquals(size[1], out.getHeight());
            float[] lIn = LabImage.of(in).l();
            LabImage outLab = LabImage.of(out);
            double maxErr = 0;
            for (int i = 0; i < lIn.length; i++) {
                maxErr = Math.max(maxErr, Math.abs(outLab.l()[i] - lIn[i]));
            }
            assertTrue(maxErr < 0.6, "L moved by " + maxErr + " (8-bit rounding only) at " + size[0] + "x" + size[1]);
            assertTrue(Math.abs(outLab.a()[lIn.length / 2]) > 3, "the output must actually be coloured");
        }
    }

    /** The ramp model's a depends on x only; averaged with its mirror image it must be flat in x. */
    @Test
    void flipAveragingCancelsWhatDependsOnTheLeftRightPosition() {
        Colorizer ramp = Colorizer.of(new TestModels.Ramp()).renderSize(16);
        LabImage in = LabImage.of(grayImage(64, 48, 1));
        LabImage plain = ramp.colorize(in);
        LabImage averaged = ramp.flipAverage(true).colorize(in);
        assertTrue(ramp.flipAverage(true).flipAverage(), "option kept");
        assertFalse(ramp.flipAverage(), "off by default");
        float[] a = averaged.a(), b = averaged.b();
        assertTrue(plain.a()[24 * 64 + 60] - plain.a()[24 * 64 + 3] > 25, "the plain prediction has the ramp");
        assertEquals(a[24 * 64 + 3], a[24 * 64 + 60], 3.0, "a must no longer depend on x (only on the mirrored L)");
        assertTrue(b[45 * 64 + 32] - b[2 * 64 + 32] > 25, "b (top to bottom) is unchanged by a left-right flip");
        assertArrayEquals(plain.b(), b, 1e-4f);
    }

    /** A per-pixel model sees the same pixels mirrored: the average is its plain prediction. */
    @Test
    void flipAveragingLeavesAPerPixelModelUnchanged() {
        LabImage in = LabImage.of(grayImage(40, 30, 2));
        LabImage plain = TINT.colorize(in);
        LabImage averaged = TINT.flipAverage(true).colorize(in);
        assertArrayEquals(plain.a(), averaged.a(), 1e-4f);
        assertArrayEquals(plain.b(), averaged.b(), 1e-4f);
    }

    @Test
    void labPathKeepsLExactlyAndPutsThePredictionWhereItBelongs() {
        Colorizer ramp = Colorizer.of(new TestModels.Ramp()).renderSize(16);
        LabImage in = LabImage.of(grayImage(64, 48, 1));
        LabImage out = ramp.colorize(in);
        assertSame(in.l(), out.l());
        // a rises left to right, b top to bottom, across the full-resolution image.
        float[] a = out.a(), b = out.b();
        assertTrue(a[24 * 64 + 60] - a[24 * 64 + 3] > 25, "a must rise left to right");
        assertTrue(b[45 * 64 + 32] - b[2 * 64 + 32] > 25, "b must rise top to bottom");
    }

    @Test
    void colourInputsAreRecolouredFromTheirLightnessOnly() {
        BufferedImage colour = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        SplittableRandom r = new SplittableRandom(9);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                colour.setRGB(x, y, r.nextInt(1 << 24));
            }
        }
        LabImage lab = LabImage.of(colour);
        LabImage grayTwin = LabImage.of(40, 30, lab.l(), null, null, null);
        LabImage a = TINT.colorize(lab), b = TINT.colorize(grayTwin);
        assertArrayEquals(b.a(), a.a(), 0f);
        assertArrayEquals(b.b(), a.b(), 0f);
        assertFalse(java.util.Arrays.equals(lab.a(), a.a()), "the input's own ab must be replaced");
    }

    @Test
    void alphaIsReattached() {
        BufferedImage in = new BufferedImage(20, 10, BufferedImage.TYPE_INT_ARGB);
        for (int x = 0; x < 20; x++) {
            in.setRGB(x, 5, ((x * 12) << 24) | 0x808080);
        }
        BufferedImage out = TINT.colorize(in);
        assertEquals(BufferedImage.TYPE_INT_ARGB, out.getType());
        for (int x = 0; x < 20; x++) {
            assertEquals(x * 12, out.getRGB(x, 5) >>> 24, "alpha at " + x);
        }
    }

    @Test
    void saturationScalesTheChroma() {
        LabImage in = LabImage.of(grayImage(30, 20, 2));
        LabImage one = TINT.colorize(in), two = TINT.saturation(2f).colorize(in), none = TINT.saturation(0f).colorize(in);
        for (int i = 0; i < in.l().length; i += 7) {
            assertEquals(2 * one.a()[i], two.a()[i], 1e-4);
            assertEquals(2 * one.b()[i], two.b()[i], 1e-4);
            assertEquals(0f, none.a()[i]);
        }
        assertThrows(IllegalArgumentException.class, () -> TINT.saturation(Float.NaN));
    }

    @Test
    void sharedInstanceUnderConcurrencyEqualsSingleThreaded() throws Exception {
        Colorizer c = Colorizer.of(new TestModels.Ramp()).renderSize(24);
        List<BufferedImage> inputs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            inputs.add(grayImage(50 + 7 * i, 40 + 3 * i, i));
        }
        List<int[]> expected = new ArrayList<>();
        for (BufferedImage img : inputs) {
            expected.add(pixels(c.colorize(img)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<int[]>> calls = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (BufferedImage img : inputs) {
                    calls.add(() -> pixels(c.colorize(img)));
                }
            }
            List<Future<int[]>> results = pool.invokeAll(calls);
            for (int k = 0; k < results.size(); k++) {
                assertArrayEquals(expected.get(k % inputs.size()), results.get(k).get(), "call " + k);
            }
        } finally {
            pool.shutdownNow();
        }
        // The batch method (several images per network call, several workers) gives the same pixels.
        List<BufferedImage> batched = c.threads(2).batchSize(4).colorize(inputs);
        for (int i = 0; i < inputs.size(); i++) {
            assertArrayEquals(expected.get(i), pixels(batched.get(i)), "batched image " + i);
        }
    }

    private static int[] pixels(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    @Test
    void colorizesFilesAtomicallyAndReportsEachFile(@TempDir Path dir) throws IOException {
        Path good = dir.resolve("in/a.png");
        Files.createDirectories(good.getParent());
        javax.imageio.ImageIO.write(grayImage(33, 21, 3), "png", good.toFile());
        Path bad = dir.resolve("in/b.jpg");
        Files.writeString(bad, "broken");
        Path out = dir.resolve("out/a-color.png");
        TINT.colorize(good, out);
        BufferedImage written = ImageLoader.defaults().read(out);
        assertEquals(33, written.getWidth());
        assertEquals(21, written.getHeight());

        List<Path> inputs = List.of(good, bad, good);
        AtomicInteger calls = new AtomicInteger();
        List<FileResult> results = TINT.threads(2).batchSize(2).colorizeFiles(inputs,
                p -> dir.resolve("out2").resolve(p.getFileName() + "-color.png"),
                (done, total, r) -> {
                    calls.incrementAndGet();
                    assertEquals(3, total);
                    assertTrue(done >= 1 && done <= 3);
                });
        assertEquals(3, calls.get());
        assertTrue(results.get(0).ok());
        assertFalse(results.get(1).ok());
        assertTrue(results.get(1).error().getMessage().contains("b.jpg"), results.get(1).error().getMessage());
        assertTrue(results.get(2).ok());
        try (Stream<Path> files = Files.list(dir.resolve("out2"))) {
            assertEquals(List.of("a.png-color.png"), files.map(p -> p.getFileName().toString()).toList(),
                    "one output, no temporary files");
        }
    }

    @Test
    void optionsAreValidated() {
        Colorizer ramp = Colorizer.of(new TestModels.Ramp()).renderSize(8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ramp.renderSize(10));
        assertTrue(e.getMessage().contains("test-ramp"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ramp.threads(0));
        assertThrows(IllegalArgumentException.class, () -> ramp.batchSize(0));
        assertThrows(IllegalArgumentException.class, () -> ramp.backend("no-such-backend"));
        Colorizer scalar = ramp.backend("cpu-scalar");
        assertEquals(8, scalar.renderSize());
        assertArrayEquals(pixels(ramp.colorize(grayImage(9, 9, 4))), pixels(scalar.colorize(grayImage(9, 9, 4))));
        assertEquals(8, ramp.renderSize());
        assertEquals(4, ramp.batchSize());
    }

    @Test
    void realLegacyPhotoKeepsItsSize() throws IOException {
        Path photo = TestData.dataFile("legacy/stdlib-005.jpg");
        BufferedImage in = ImageLoader.defaults().read(photo);
        BufferedImage out = TINT.renderSize(64).colorize(in);
        assertEquals(in.getWidth(), out.getWidth());
        assertEquals(in.getHeight(), out.getHeight());
    }
}
