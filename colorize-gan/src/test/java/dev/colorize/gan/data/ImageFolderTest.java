package dev.colorize.gan.data;

import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.gan.image.LabImage;
import dev.colorize.gan.image.Resampler;
import dev.colorize.nn.data.DataLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageFolderTest {

    /** A colourful w x h image: red grows left to right, blue top to bottom, green from the seed. */
    static BufferedImage colourful(int w, int h, int seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = 40 + 200 * x / Math.max(1, w - 1), b = 30 + 200 * y / Math.max(1, h - 1);
                img.setRGB(x, y, (r << 16) | (((seed * 37 + x * y) & 0x7F) << 8) | b);
            }
        }
        return img;
    }

    static void png(BufferedImage img, Path file) throws Exception {
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    private static Path makeFolder(Path dir) throws Exception {
        png(colourful(20, 12, 1), dir.resolve("a.png"));
        png(colourful(16, 16, 2), dir.resolve("sub/b.png"));
        png(colourful(12, 24, 3), dir.resolve("sub/deeper/c.png"));
        BufferedImage gray = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        png(gray, dir.resolve("sub/gray.png"));
        BufferedImage nearGray = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 16; i++) {
            nearGray.setRGB(i, i, 0x7F8080);
        }
        png(nearGray, dir.resolve("near-gray.png"));
        Files.write(dir.resolve("broken.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3});
        Files.writeString(dir.resolve("notes.txt"), "not an image");
        png(colourful(16, 16, 4), dir.resolve(".hidden.png"));
        return dir;
    }

    @Test
    void scanKeepsColourPhotosAndCountsGrayAndCorrupt(@TempDir Path dir) throws Exception {
        List<String> warnings = new ArrayList<>();
        ImageFolder folder = ImageFolder.of(makeFolder(dir)).size(8).warnings(warnings::add);
        ScanReport r = folder.scan();
        assertEquals(6, r.found());
        assertEquals(List.of(dir.resolve("a.png"), dir.resolve("sub/b.png"), dir.resolve("sub/deeper/c.png")), r.kept());
        assertEquals(2, r.grayscale().size(), r.grayscale().toString());
        assertEquals(1, r.corrupt().size());
        assertEquals(dir.resolve("broken.jpg"), r.corrupt().get(0).file());
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("broken.jpg"), warnings.get(0));
        assertTrue(r.summary().contains("6 images, 3 used, 2 grayscale skipped, 1 corrupt skipped"), r.summary());
        assertEquals(3, folder.size());
        assertTrue(folder.scan() == r, "scanned once");
        // Threshold 0 keeps the near-gray RGB photo (it has colour planes) but not the TYPE_BYTE_GRAY one.
        assertEquals(4, ImageFolder.of(dir).minMeanChroma(0).warnings(w -> { }).size());
    }

    @Test
    void samplesAreLabPlanesOfTheRequestedSizeAndDeterministic(@TempDir Path dir) throws Exception {
        ImageFolder folder = ImageFolder.of(makeFolder(dir)).size(8).warnings(w -> { });
        Tensor[] s = folder.get(0, new Rng(7));
        assertArrayEquals(new int[] {1, 8, 8}, s[0].shape());
        assertArrayEquals(new int[] {2, 8, 8}, s[1].shape());
        for (float v : s[0].toArray()) {
            assertTrue(v >= 0 && v <= 100, "L in [0, 100]: " + v);
        }
        assertArrayEquals(s[1].toArray(), folder.get(0, new Rng(7))[1].toArray(), 0f);
        boolean differs = false;
        for (int seed = 8; seed < 20 && !differs; seed++) {
            differs = !java.util.Arrays.equals(s[1].toArray(), folder.get(0, new Rng(seed))[1].toArray());
        }
        assertTrue(differs, "other seeds give other crops or flips");
        Tensor[] centre = folder.get(0);
        assertArrayEquals(centre[0].toArray(), folder.get(0, null)[0].toArray(), 0f);
    }

    @Test
    void scaleModeResizesTheShorterSideThenCrops() throws Exception {
        LabImage lab = LabImage.of(colourful(40, 20, 5));
        float[] resized = Resampler.resize(lab.l(), 40, 20, 20, 10);
        for (int seed = 0; seed < 4; seed++) {
            Rng draws = new Rng(seed);
            int x0 = draws.nextInt(11), y0 = draws.nextInt(1);
            boolean mirror = draws.nextFloat() < 0.5f;
            float[] l = Augment.sample(lab, 10, 10, Resize.SCALE, true, new Rng(seed))[0].toArray();
            for (int y = 0; y < 10; y++) {
                for (int x = 0; x < 10; x++) {
                    int sx = x0 + (mirror ? 9 - x : x);
                    assertEquals(resized[(y0 + y) * 20 + sx], l[y * 10 + x], 0f, "seed " + seed + " at " + x + "," + y);
                }
            }
        }
        // SQUASH: the whole image, like the Colorizer's render.
        float[] squash = Augment.sample(lab, 10, 10, Resize.SQUASH, false, new Rng(1))[0].toArray();
        assertArrayEquals(Resampler.resize(lab.l(), 40, 20, 10, 10), squash, 0f);
        // CROP: native resolution, so a 10-pixel window of the original.
        float[] crop = Augment.sample(lab, 10, 10, Resize.CROP, false, null)[0].toArray();
        assertEquals(lab.l()[5 * 40 + 15], crop[0], 0f);
        // SCALE with a larger load size (pix2pix 286/256 style).
        assertArrayEquals(new int[] {2, 10, 10}, Augment.sample(lab, 10, 14, Resize.SCALE, true, new Rng(3))[1].shape());
    }

    @Test
    void aFileThatBreaksAfterTheScanIsReplacedNotFatal(@TempDir Path dir) throws Exception {
        List<String> warnings = new ArrayList<>();
        ImageFolder folder = ImageFolder.of(makeFolder(dir)).size(8).warnings(warnings::add);
        assertEquals(3, folder.size());
        Files.write(dir.resolve("a.png"), new byte[] {1, 2, 3});
        Tensor[] s = folder.get(0, new Rng(1));
        assertArrayEquals(folder.get(1, new Rng(1))[1].toArray(), s[1].toArray(), 0f);
        assertEquals(1, folder.loadFailures());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("a.png")), warnings.toString());
        assertThrows(IndexOutOfBoundsException.class, () -> folder.get(3));
        assertThrows(IllegalArgumentException.class, () -> ImageFolder.of(dir.resolve("a.png")).scan());
    }

    @Test
    void worksWithTheDataLoaderDeterministically(@TempDir Path dir) throws Exception {
        ImageFolder folder = ImageFolder.of(makeFolder(dir)).size(8).warnings(w -> { });
        List<float[]> first = batches(folder, 2);
        List<float[]> second = batches(folder, 0);
        assertEquals(first.size(), second.size());
        for (int i = 0; i < first.size(); i++) {
            assertArrayEquals(first.get(i), second.get(i), 0f, "batch " + i + " same with and without worker threads");
        }
        assertFalse(first.isEmpty());
    }

    private static List<float[]> batches(ImageFolder folder, int workers) {
        List<float[]> out = new ArrayList<>();
        try (DataLoader<Tensor[], Tensor[]> loader = DataLoader.builder(folder).batchSize(2).shuffle(true).seed(5)
                .dropLast(true).workers(workers).build()) {
            for (int epoch = 0; epoch < 2; epoch++) {
                Iterator<Tensor[]> it = loader.iterator();
                while (it.hasNext()) {
                    Tensor[] b = it.next();
                    assertArrayEquals(new int[] {2, 2, 8, 8}, b[1].shape());
                    out.add(b[1].toArray());
                }
            }
        }
        return out;
    }

    @Test
    void cachedPhotosGiveTheSameSamplesWithoutReadingTheFilesAgain(@TempDir Path dir) throws Exception {
        Path photos = makeFolder(dir);
        ImageFolder plain = ImageFolder.of(photos).size(8).loadSize(10).warnings(w -> { });
        ImageFolder cached = plain.cacheBytes(1 << 20);
        int n = plain.size();
        List<float[]> expected = new ArrayList<>();
        Rng a = new Rng(5);
        Rng b = new Rng(5);
        for (int epoch = 0; epoch < 2; epoch++) {
            for (int i = 0; i < n; i++) {
                Tensor[] x = plain.get(i, a);
                Tensor[] y = cached.get(i, b);
                assertArrayEquals(x[0].toArray(), y[0].toArray(), "L of photo " + i + ", epoch " + epoch);
                assertArrayEquals(x[1].toArray(), y[1].toArray(), "ab of photo " + i + ", epoch " + epoch);
                expected.add(y[1].toArray());
            }
        }
        assertTrue(cached.cachedBytes() > 0 && cached.cachedBytes() <= 1 << 20, "cached " + cached.cachedBytes());
        assertEquals(0, plain.cachedBytes());
        // the files are gone, the cached folder still serves every photo from memory, unchanged
        for (Path f : cached.files()) {
            Files.delete(f);
        }
        Rng c = new Rng(5);
        for (int i = 0; i < n; i++) {
            cached.get(i, c);
        }
        for (int i = 0; i < n; i++) {
            assertArrayEquals(expected.get(n + i), cached.get(i, c)[1].toArray(), "photo " + i + " from the cache");
        }
        assertEquals(0, cached.loadFailures());
    }

    @Test
    void theCacheStaysWithinItsBudget(@TempDir Path dir) throws Exception {
        Path photos = makeFolder(dir);
        long onePhoto = 3L * Float.BYTES * 8 * 8;   // squashed to 8 x 8: L, a and b planes
        ImageFolder cached = ImageFolder.of(photos).size(8).resize(Resize.SQUASH).cacheBytes(onePhoto + 10)
                .warnings(w -> { });
        for (int i = 0; i < cached.size(); i++) {
            cached.get(i);
        }
        assertEquals(onePhoto, cached.cachedBytes());
        assertThrows(IllegalArgumentException.class, () -> ImageFolder.of(photos).cacheBytes(-1));
    }
}
