package dev.colorize.gan.image;

import dev.colorize.gan.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageLoaderTest {
    private static final int RED = 0xFF0000, BLUE = 0x0000FF, GREEN = 0x00FF00;

    /** A 48x32 image: red block at the stored top-left, blue at the stored top-right, green elsewhere. */
    private static BufferedImage marked() {
        BufferedImage img = new BufferedImage(48, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 48; x++) {
                img.setRGB(x, y, y < 16 && x < 16 ? RED : y < 16 && x >= 32 ? BLUE : GREEN);
            }
        }
        return img;
    }

    private static int corner(BufferedImage img, String where) {
        int x = where.endsWith("R") ? img.getWidth() - 4 : 3;
        int y = where.startsWith("B") ? img.getHeight() - 4 : 3;
        int rgb = img.getRGB(x, y);
        int r = (rgb >> 16) & 0xFF, g = (rgb >> 8) & 0xFF, b = rgb & 0xFF;
        return r > 200 && g < 60 && b < 60 ? RED : b > 200 && r < 60 && g < 60 ? BLUE
                : g > 200 && r < 60 && b < 60 ? GREEN : -1;
    }

    /** EXIF spec: where the stored top-left and top-right corners appear when displayed. */
    @ParameterizedTest(name = "orientation {0}")
    @CsvSource({"1, TL, TR, false", "2, TR, TL, false", "3, BR, BL, false", "4, BL, BR, false",
        "5, TL, BL, true", "6, TR, BR, true", "7, BR, TR, true", "8, BL, TL, true"})
    void exifOrientationIsApplied(int orientation, String redAt, String blueAt, boolean swapped) throws IOException {
        for (boolean little : new boolean[] {false, true}) {
            byte[] jpeg = JpegTestFiles.withOrientation(JpegTestFiles.encode(marked()), orientation, little);
            BufferedImage img = ImageLoader.defaults().read(jpeg, "oriented.jpg");
            assertEquals(swapped ? 32 : 48, img.getWidth());
            assertEquals(swapped ? 48 : 32, img.getHeight());
            assertEquals(RED, corner(img, redAt), "red corner, orientation " + orientation);
            assertEquals(BLUE, corner(img, blueAt), "blue corner, orientation " + orientation);
        }
    }

    @Test
    void orientationAlsoAppliesToGrayJpegsAndKeepsTheirType() throws IOException {
        BufferedImage gray = new BufferedImage(20, 10, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(0, 0, 0, 255);
        byte[] jpeg = JpegTestFiles.withOrientation(JpegTestFiles.encode(gray), 6, false);
        BufferedImage img = ImageLoader.defaults().read(jpeg, "gray.jpg");
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, img.getType());
        assertEquals(10, img.getWidth());
        assertEquals(20, img.getHeight());
    }

    @Test
    void hugePngHeaderIsRefusedBeforeDecoding() {
        byte[] png = pngHeaderOnly(100_000, 100_000);
        ImageDecodeException e = assertThrows(ImageDecodeException.class,
                () -> ImageLoader.defaults().read(png, "bomb.png"));
        assertTrue(e.getMessage().startsWith("bomb.png: "), e.getMessage());
        assertTrue(e.getMessage().contains("100000 x 100000"), e.getMessage());
    }

    @Test
    void hugeJpegFrameIsRefusedAndTheCapIsConfigurable() throws IOException {
        byte[] jpeg = JpegTestFiles.encode(marked());
        int sof = JpegTestFiles.sofOffset(jpeg);
        byte[] bomb = jpeg.clone();
        // SOF0: FF C0, length(2), precision(1), height(2), width(2)
        bomb[sof + 5] = (byte) 0xEA;
        bomb[sof + 6] = (byte) 0x60; // height 60000
        bomb[sof + 7] = (byte) 0xEA;
        bomb[sof + 8] = (byte) 0x60; // width 60000
        ImageDecodeException e = assertThrows(ImageDecodeException.class,
                () -> ImageLoader.defaults().read(bomb, "bomb.jpg"));
        assertTrue(e.getMessage().contains("60000 x 60000"), e.getMessage());
        // The same small image under a lower cap.
        assertThrows(ImageDecodeException.class, () -> ImageLoader.defaults().maxPixels(48 * 32 - 1).read(jpeg, "x.jpg"));
        assertEquals(48, ImageLoader.defaults().maxPixels(48 * 32).read(jpeg, "x.jpg").getWidth());
    }

    @Test
    void truncatedFilesAreRejectedNamingTheFile(@TempDir Path dir) throws IOException {
        byte[] jpeg = JpegTestFiles.encode(marked());
        Path cut = dir.resolve("cut.jpg");
        Files.write(cut, Arrays.copyOf(jpeg, jpeg.length / 2));
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> ImageLoader.defaults().read(cut));
        assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());

        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(marked(), "png", png);
        byte[] pngBytes = png.toByteArray();
        Path cutPng = dir.resolve("cut.png");
        Files.write(cutPng, Arrays.copyOf(pngBytes, pngBytes.length - 30));
        e = assertThrows(ImageDecodeException.class, () -> ImageLoader.defaults().read(cutPng));
        assertTrue(e.getMessage().contains(cutPng.toString()), e.getMessage());
    }

    @Test
    void cmykJpegIsRejectedWithAClearMessage() throws IOException {
        WritableRaster raster = Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, 16, 16, 4, null);
        byte[] jpeg = JpegTestFiles.encodeRaster(raster);
        ImageDecodeException e = assertThrows(ImageDecodeException.class,
                () -> ImageLoader.defaults().read(jpeg, "print.jpg"));
        assertTrue(e.getMessage().startsWith("print.jpg: CMYK"), e.getMessage());
    }

    @Test
    void nonImagesAndMissingFilesAreClearErrors(@TempDir Path dir) throws IOException {
        Path text = dir.resolve("notes.jpg");
        Files.writeString(text, "not an image at all");
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> ImageLoader.defaults().read(text));
        assertTrue(e.getMessage().contains("notes.jpg") && e.getMessage().contains("supported format"), e.getMessage());
        assertThrows(NoSuchFileException.class, () -> ImageLoader.defaults().read(dir.resolve("absent.png")));
    }

    @Test
    void realLegacyAndColourPhotosDecodeAtTheirManifestSize() throws IOException {
        // Sizes from shared/data/*/manifest.tsv.
        assertManifestSize("legacy", "stdlib-001.jpg");
        assertManifestSize("photos", "train/elementary-001.jpg");
    }

    private static void assertManifestSize(String set, String file) throws IOException {
        Path manifest = TestData.dataFile(set + "/manifest.tsv");
        String[] header = Files.readAllLines(manifest).get(0).split("\t");
        int wCol = Arrays.asList(header).indexOf("width"), hCol = Arrays.asList(header).indexOf("height");
        String[] row = Files.readAllLines(manifest).stream().filter(l -> l.startsWith(file + "\t")).findFirst()
                .orElseThrow(() -> new AssertionError(file + " not in " + manifest)).split("\t");
        BufferedImage img = ImageLoader.defaults().read(TestData.dataFile(set + "/" + file));
        assertEquals(Integer.parseInt(row[wCol]), img.getWidth(), file);
        assertEquals(Integer.parseInt(row[hCol]), img.getHeight(), file);
    }

    /** A PNG with just a valid IHDR (any size) and IEND: the header a decompression bomb would carry. */
    static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(8 + 25 + 12);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(17).put(new byte[] {'I', 'H', 'D', 'R'})
                .putInt(width).putInt(height).put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        b.putInt(13).put(ihdr.array()).putInt(crc(ihdr.array()));
        byte[] iend = {'I', 'E', 'N', 'D'};
        b.putInt(0).put(iend).putInt(crc(iend));
        return b.array();
    }

    private static int crc(byte[] bytes) {
        CRC32 c = new CRC32();
        c.update(bytes);
        return (int) c.getValue();
    }
}
