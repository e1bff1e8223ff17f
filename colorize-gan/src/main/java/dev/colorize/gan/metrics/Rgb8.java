package dev.colorize.gan.metrics;

import dev.colorize.gan.color.Lab;
import dev.colorize.gan.image.LabImage;

import java.awt.image.BufferedImage;

/**
 * An 8-bit sRGB image as packed {@code 0xRRGGBB} ints, row-major: what the RGB metrics
 * ({@link Psnr}, {@link Ssim}, {@link Colorfulness}) measure. Alpha is ignored.
 *
 * <pre>{@code
 * Rgb8 truth = Rgb8.of(ImageIO.read(file));
 * Rgb8 gray = Rgb8.of(lab.withAb(zeros, zeros));   // L only: the gray baseline
 * }</pre>
 */
public record Rgb8(int width, int height, int[] pixels) {
    public Rgb8 {
        if (width < 1 || height < 1 || pixels.length != (long) width * height) {
            throw new IllegalArgumentException("Rgb8: " + pixels.length + " pixels for " + width + " x " + height);
        }
    }

    /** The image's sRGB pixels (any BufferedImage type). */
    public static Rgb8 of(BufferedImage image) {
        int w = image.getWidth(), h = image.getHeight();
        int[] px = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < px.length; i++) {
            px[i] &= 0xFFFFFF;
        }
        return new Rgb8(w, h, px);
    }

    /** Lab planes to 8-bit sRGB (skimage clipping, then rounding); a gray LabImage gives its grays. */
    public static Rgb8 of(LabImage lab) {
        float[] l = lab.l(), a = lab.a(), b = lab.b();
        int[] px = new int[l.length];
        for (int i = 0; i < px.length; i++) {
            px[i] = a == null ? Lab.labToRgb8(l[i], 0f, 0f) : Lab.labToRgb8(l[i], a[i], b[i]);
        }
        return new Rgb8(lab.width(), lab.height(), px);
    }

    /** Channel {@code c} (0 red, 1 green, 2 blue) of pixel {@code i}, 0..255. */
    public int channel(int i, int c) {
        return (pixels[i] >> (16 - 8 * c)) & 0xFF;
    }

    void checkSameSize(Rgb8 other, String metric) {
        if (width != other.width || height != other.height) {
            throw new IllegalArgumentException(metric + ": images differ in size, " + width + " x " + height
                    + " vs " + other.width + " x " + other.height);
        }
    }
}
