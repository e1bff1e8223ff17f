package dev.colorize.gan.color;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Property tests over random colours: round trips, known values, the skimage clipping rules. */
class LabPropertyTest {

    @Test
    void every8BitColourSurvivesTheRoundTripExactly() {
        SplittableRandom random = new SplittableRandom(42);
        float[] lab = new float[3];
        for (int i = 0; i < 200_000; i++) {
            int rgb = random.nextInt(1 << 24);
            Lab.rgb8ToLab(rgb, lab, 0);
            assertEquals(rgb, Lab.labToRgb8(lab[0], lab[1], lab[2]),
                    () -> String.format("0x%06X -> Lab(%f, %f, %f)", rgb, lab[0], lab[1], lab[2]));
        }
    }

    @Test
    void floatRoundTripIsWithinFloatPrecision() {
        SplittableRandom random = new SplittableRandom(7);
        float[] lab = new float[3];
        float[] back = new float[3];
        for (int i = 0; i < 100_000; i++) {
            float r = (float) random.nextDouble(), g = (float) random.nextDouble(), b = (float) random.nextDouble();
            Lab.rgbToLab(r, g, b, lab, 0);
            assertTrue(lab[0] >= -1e-4 && lab[0] <= 100.001, "L out of range: " + lab[0]);
            Lab.labToRgb(lab[0], lab[1], lab[2], back, 0);
            assertEquals(r, back[0], 2e-5);
            assertEquals(g, back[1], 2e-5);
            assertEquals(b, back[2], 2e-5);
        }
    }

    @Test
    void inverseOutputIsAlwaysClippedIntoTheUnitCube() {
        SplittableRandom random = new SplittableRandom(3);
        float[] rgb = new float[3];
        for (int i = 0; i < 50_000; i++) {
            float l = (float) random.nextDouble(-10, 110);
            float a = (float) random.nextDouble(-200, 200);
            float b = (float) random.nextDouble(-200, 200);
            Lab.labToRgb(l, a, b, rgb, 0);
            for (float c : rgb) {
                assertTrue(c >= 0f && c <= 1f, "component " + c + " of Lab(" + l + "," + a + "," + b + ")");
            }
        }
    }

    @Test
    void eightBitEncodingByLookupEqualsRoundingThePowFormula() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 200_000; i++) {
            double lin = random.nextDouble(-0.1, 1.1);
            long expected = Math.round(Math.min(1, Math.max(0, Lab.linearToSrgb(lin))) * 255.0);
            assertEquals(expected, Lab.linearTo8Bit(lin), "linear " + lin);
        }
    }

    @Test
    void knownColoursUseSkimageConstants() {
        float[] lab = new float[3];
        Lab.rgb8ToLab(0xFF0000, lab, 0);
        // skimage: 53.2406, 80.0923, 67.2028 (the textbook matrix would give 53.2408, 80.0925, 67.2032).
        assertEquals(53.2406, lab[0], 1e-4);
        assertEquals(80.0923, lab[1], 1e-4);
        assertEquals(67.2028, lab[2], 1e-4);
        Lab.rgb8ToLab(0xFFFFFF, lab, 0);
        assertEquals(100.0, lab[0], 1e-4);
        assertEquals(-0.0025, lab[1], 1e-4); // skimage's 6-digit matrix: white is not exactly neutral
        assertEquals(0.0047, lab[2], 1e-4);
    }

    @Test
    void grayLightnessMatchesTheFullConversion() {
        float[] lab = new float[3];
        for (int v = 0; v < 256; v++) {
            Lab.rgb8ToLab(v * 0x010101, lab, 0);
            assertEquals(lab[0], Lab.gray8ToL(v), 1e-4, "gray " + v);
            assertEquals(lab[0], Lab.grayToL(v / 255.0), 1e-4, "gray " + v);
            assertEquals(lab[0], Lab.rgb8ToL(v * 0x010101), 1e-6, "gray " + v);
        }
    }

    @Test
    void negativeZIsClampedBeforeTheInverseLikeSkimage() {
        // L 30, b 120: fz = fy - b/200 < 0, set to 0 by skimage; z then enters red through M^-1.
        double fy = (30 + 16) / 116.0, fx = fy + 40 / 500.0;
        assertTrue(fy - 120 / 200.0 < 0, "test colour must have fz < 0");
        double x = 0.95047 * (fx > 0.2068966 ? fx * fx * fx : (fx - 16 / 116.0) / 7.787);
        double y = fy > 0.2068966 ? fy * fy * fy : (fy - 16 / 116.0) / 7.787;
        double z = 1.08883 * ((0 - 16 / 116.0) / 7.787);
        double[][] inv = Lab.invert(Lab.XYZ_FROM_RGB);
        double red = inv[0][0] * x + inv[0][1] * y + inv[0][2] * z;
        double expected = red > 0.0031308 ? 1.055 * Math.pow(red, 1 / 2.4) - 0.055 : 12.92 * red;
        float[] rgb = new float[3];
        Lab.labToRgb(30f, 40f, 120f, rgb, 0);
        assertEquals(Math.min(1, Math.max(0, expected)), rgb[0], 1e-6);
        assertTrue(expected > 0 && expected < 1, "red must be inside [0,1] for the test to mean something");
    }

    @Test
    void normalizationConventions() {
        assertEquals(-1f, Normalization.PIX2PIX.normalizeL(0f));
        assertEquals(1f, Normalization.PIX2PIX.normalizeL(100f));
        assertEquals(-0.5f, Normalization.ECCV16.normalizeL(0f));
        assertEquals(0.5f, Normalization.ECCV16.normalizeL(100f));
        assertEquals(73f, Normalization.ECCV16.denormalizeL(Normalization.ECCV16.normalizeL(73f)), 1e-5);
        assertEquals(110f, Normalization.denormalizeAb(1f));
    }
}
