package dev.colorize.gan.image;

import dev.colorize.gan.color.Lab;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every common BufferedImage type converts to the Lab its pixels mean, and back. */
class LabImageTypesTest {
    private static final int W = 7, H = 5;

    private static int[] randomArgb(long seed, boolean opaque) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] px = new int[W * H];
        for (int i = 0; i < px.length; i++) {
            px[i] = (opaque ? 0xFF000000 : r.nextInt(256) << 24) | r.nextInt(1 << 24);
        }
        return px;
    }

    @ParameterizedTest
    @ValueSource(ints = {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_BGR, BufferedImage.TYPE_3BYTE_BGR,
        BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_BYTE_INDEXED,
        BufferedImage.TYPE_USHORT_565_RGB, BufferedImage.TYPE_USHORT_555_RGB, BufferedImage.TYPE_BYTE_BINARY})
    void rgbTypesGiveTheLabOfTheirStoredColours(int type) {
        BufferedImage img = new BufferedImage(W, H, type);
        img.setRGB(0, 0, W, H, randomArgb(type, false), 0, W);
        LabImage lab = LabImage.of(img);
        assertTrue(lab.hasColor());
        assertEquals(img.getColorModel().hasAlpha(), lab.hasAlpha());
        float[] expected = new float[3];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int stored = img.getRGB(x, y); // what the type actually holds (palette, 5-6-5, ...)
                Lab.rgb8ToLab(stored, expected, 0);
                int i = y * W + x;
                assertEquals(expected[0], lab.l()[i], 1e-5, "L at " + x + "," + y);
                assertEquals(expected[1], lab.a()[i], 1e-5);
                assertEquals(expected[2], lab.b()[i], 1e-5);
                if (lab.hasAlpha()) {
                    assertEquals(stored >>> 24, lab.alpha()[i] & 0xFF);
                }
            }
        }
        BufferedImage back = lab.toImage();
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int expect = img.getRGB(x, y);
                if (!lab.hasAlpha()) {
                    expect |= 0xFF000000;
                }
                assertEquals(Integer.toHexString(expect), Integer.toHexString(back.getRGB(x, y)), "pixel " + x + "," + y);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {BufferedImage.TYPE_INT_ARGB_PRE, BufferedImage.TYPE_4BYTE_ABGR_PRE})
    void premultipliedTypesAreUnpremultiplied(int type) {
        BufferedImage img = new BufferedImage(W, H, type);
        // Opaque-enough pixels so premultiplication rounding stays small.
        int[] px = randomArgb(type, true);
        for (int i = 0; i < px.length; i++) {
            px[i] = (px[i] & 0xFFFFFF) | ((200 + i % 56) << 24);
        }
        img.setRGB(0, 0, W, H, px, 0, W);
        LabImage lab = LabImage.of(img);
        float[] expected = new float[3];
        for (int i = 0; i < px.length; i++) {
            Lab.rgb8ToLab(px[i], expected, 0);
            assertEquals(expected[0], lab.l()[i], 1.0, "L of pixel " + i); // within premultiplication rounding
            assertEquals(px[i] >>> 24, lab.alpha()[i] & 0xFF);
        }
    }

    @Test
    void eightBitGrayUsesTheSamplesNotJava2dsLinearGrayConversion() {
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = img.getRaster();
        for (int v = 0; v < 256; v++) {
            r.setSample(v % 16, v / 16, 0, v);
        }
        LabImage lab = LabImage.of(img);
        assertFalse(lab.hasColor());
        assertNull(lab.alpha());
        float[] rgbLab = new float[3];
        for (int v = 0; v < 256; v++) {
            Lab.rgb8ToLab(v * 0x010101, rgbLab, 0); // the sRGB gray (v, v, v)
            assertEquals(rgbLab[0], lab.l()[v], 1e-4, "gray " + v);
        }
        // Back to RGB: the same gray codes.
        BufferedImage back = lab.toImage();
        for (int v = 0; v < 256; v++) {
            assertEquals(v * 0x010101, back.getRGB(v % 16, v / 16) & 0xFFFFFF, "gray " + v);
        }
    }

    @Test
    void sixteenBitGrayKeepsItsPrecision() {
        BufferedImage img = new BufferedImage(4, 1, BufferedImage.TYPE_USHORT_GRAY);
        int[] values = {0, 257 * 128, 257 * 128 + 100, 65535};
        for (int x = 0; x < 4; x++) {
            img.getRaster().setSample(x, 0, 0, values[x]);
        }
        LabImage lab = LabImage.of(img);
        for (int x = 0; x < 4; x++) {
            assertEquals(Lab.grayToL(values[x] / 65535.0), lab.l()[x], 1e-5);
        }
        assertEquals(0f, lab.l()[0], 1e-4);
        assertEquals(100f, lab.l()[3], 1e-3);
        assertTrue(lab.l()[2] > lab.l()[1], "16-bit steps below one 8-bit code must survive");
    }

    @Test
    void grayWithAlphaKeepsBoth() {
        ColorSpace gray = ColorSpace.getInstance(ColorSpace.CS_GRAY);
        ComponentColorModel cm = new ComponentColorModel(gray, new int[] {16, 16}, true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_USHORT);
        WritableRaster raster = cm.createCompatibleWritableRaster(3, 1);
        int[][] ga = {{0, 65535}, {32896, 32896}, {65535, 0}};
        for (int x = 0; x < 3; x++) {
            raster.setPixel(x, 0, ga[x]);
        }
        BufferedImage img = new BufferedImage(cm, raster, false, null);
        LabImage lab = LabImage.of(img);
        assertFalse(lab.hasColor());
        assertEquals(255, lab.alpha()[0] & 0xFF);
        assertEquals(128, lab.alpha()[1] & 0xFF);
        assertEquals(0, lab.alpha()[2] & 0xFF);
        assertEquals(Lab.grayToL(32896 / 65535.0), lab.l()[1], 1e-5);
        BufferedImage back = lab.toImage();
        assertEquals(BufferedImage.TYPE_INT_ARGB, back.getType());
        assertEquals(128, back.getRGB(1, 0) >>> 24);
        assertEquals(0x808080, back.getRGB(1, 0) & 0xFFFFFF);
    }

    @Test
    void withAbChangesColourButKeepsLAndAlpha() {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, 0x80336699);
        img.setRGB(1, 0, 0xFFCC3300);
        LabImage lab = LabImage.of(img);
        LabImage recoloured = lab.withAb(new float[] {20f, -20f}, new float[] {10f, 30f});
        LabImage again = LabImage.of(recoloured.toImage());
        assertEquals(lab.l()[0], again.l()[0], 0.5);
        assertEquals(lab.l()[1], again.l()[1], 0.5);
        assertEquals(20f, again.a()[0], 1.5);
        assertEquals(30f, again.b()[1], 1.5);
        assertEquals(0x80, again.alpha()[0] & 0xFF);
    }
}
