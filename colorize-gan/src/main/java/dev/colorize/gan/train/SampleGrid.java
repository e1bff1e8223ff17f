package dev.colorize.gan.train;

import dev.colorize.gan.color.Lab;
import dev.colorize.gan.image.ImageFiles;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A PNG of fixed samples, one row each: gray input | prediction | truth, every tile at least 64
 * pixels wide (small training sizes are enlarged with nearest neighbours), with a header naming the
 * columns.
 */
final class SampleGrid {
    private static final int HEADER = 16;
    private static final String[] COLUMNS = {"gray", "predicted", "truth"};

    private SampleGrid() {
    }

    /**
     * {@code l}: [N*S*S] L values; {@code predAb}, {@code trueAb}: [N*2*S*S] ab in Lab units, planes
     * a then b per sample.
     */
    static BufferedImage render(float[] l, float[] predAb, float[] trueAb, int n, int size) {
        int zoom = Math.max(1, (64 + size - 1) / size);
        int tile = size * zoom;
        BufferedImage img = new BufferedImage(3 * tile, HEADER + n * tile, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), HEADER);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            for (int c = 0; c < 3; c++) {
                g.drawString(COLUMNS[c], c * tile + 4, HEADER - 4);
            }
        } finally {
            g.dispose();
        }
        int plane = size * size;
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int p = y * size + x;
                    float lv = l[i * plane + p];
                    int ai = 2 * i * plane + p, bi = (2 * i + 1) * plane + p;
                    int[] rgb = {Lab.labToRgb8(lv, 0, 0), Lab.labToRgb8(lv, predAb[ai], predAb[bi]),
                            Lab.labToRgb8(lv, trueAb[ai], trueAb[bi])};
                    for (int c = 0; c < 3; c++) {
                        fill(img, c * tile + x * zoom, HEADER + i * tile + y * zoom, zoom, rgb[c]);
                    }
                }
            }
        }
        return img;
    }

    static void write(float[] l, float[] predAb, float[] trueAb, int n, int size, Path file) throws IOException {
        ImageFiles.write(render(l, predAb, trueAb, n, size), file);
    }

    private static void fill(BufferedImage img, int x0, int y0, int zoom, int rgb) {
        for (int dy = 0; dy < zoom; dy++) {
            for (int dx = 0; dx < zoom; dx++) {
                img.setRGB(x0 + dx, y0 + dy, rgb);
            }
        }
    }
}
