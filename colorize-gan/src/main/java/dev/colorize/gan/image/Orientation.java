package dev.colorize.gan.image;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * Applies an EXIF orientation (1..8) so the image is returned as it should be displayed. Works on
 * the raster's data elements, so every image type keeps its exact samples (16-bit gray, alpha, palette).
 */
final class Orientation {
    private Orientation() {
    }

    static BufferedImage apply(BufferedImage src, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return src;
        }
        int w = src.getWidth(), h = src.getHeight();
        boolean swap = orientation >= 5;
        int outW = swap ? h : w;
        Raster in = src.getRaster();
        WritableRaster out = in.createCompatibleWritableRaster(outW, swap ? w : h);
        Object pixel = null;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                pixel = in.getDataElements(x, y, pixel);
                int dx, dy;
                switch (orientation) {
                    case 2 -> { dx = w - 1 - x; dy = y; }          // mirror horizontal
                    case 3 -> { dx = w - 1 - x; dy = h - 1 - y; }  // rotate 180
                    case 4 -> { dx = x; dy = h - 1 - y; }          // mirror vertical
                    case 5 -> { dx = y; dy = x; }                  // transpose
                    case 6 -> { dx = h - 1 - y; dy = x; }          // rotate 90 clockwise
                    case 7 -> { dx = h - 1 - y; dy = w - 1 - x; }  // transverse
                    default -> { dx = y; dy = w - 1 - x; }         // 8: rotate 90 counter-clockwise
                }
                out.setDataElements(dx, dy, pixel);
            }
        }
        return new BufferedImage(src.getColorModel(), out, src.isAlphaPremultiplied(), null);
    }
}
