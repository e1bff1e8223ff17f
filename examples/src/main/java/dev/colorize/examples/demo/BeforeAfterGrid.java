package dev.colorize.examples.demo;

import dev.colorize.gan.Colorizer;
import dev.colorize.gan.image.ImageFiles;
import dev.colorize.gan.image.ImageLoader;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws a before/after grid (input | colorized, one row per photo) with the default model or a model
 * file, for the README:
 * {@code java --add-modules jdk.incubator.vector -cp examples/target/colorize.jar
 * dev.colorize.examples.demo.BeforeAfterGrid OUT.png [--model FILE] PHOTO...}
 */
public final class BeforeAfterGrid {
    private static final int CELL = 256;
    private static final int LABEL = 18;

    private BeforeAfterGrid() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: BeforeAfterGrid OUT.png [--model FILE] PHOTO...");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        List<Path> photos = new ArrayList<>();
        Colorizer colorizer = null;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--model")) {
                colorizer = Colorizer.load(Path.of(args[++i]));
            } else {
                photos.add(Path.of(args[i]));
            }
        }
        if (colorizer == null) {
            colorizer = Colorizer.pretrained();
        }
        ImageLoader loader = ImageLoader.defaults();
        int cols = 2;
        BufferedImage grid = new BufferedImage(cols * CELL, photos.size() * (CELL + LABEL), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int r = 0; r < photos.size(); r++) {
            BufferedImage in = loader.read(photos.get(r));
            BufferedImage color = colorizer.colorize(in);
            int y = r * (CELL + LABEL);
            g.setColor(Color.DARK_GRAY);
            g.drawString(photos.get(r).getFileName().toString(), 4, y + 13);
            drawFitted(g, in, 0, y + LABEL);
            drawFitted(g, color, CELL, y + LABEL);
        }
        g.dispose();
        ImageFiles.write(grid, out);
        System.out.println("wrote " + out + " (" + photos.size() + " photos)");
    }

    private static void drawFitted(Graphics2D g, BufferedImage img, int x, int y) {
        double scale = Math.min((double) CELL / img.getWidth(), (double) CELL / img.getHeight());
        int w = (int) Math.round(img.getWidth() * scale);
        int h = (int) Math.round(img.getHeight() * scale);
        g.drawImage(img, x + (CELL - w) / 2, y + (CELL - h) / 2, w, h, null);
    }
}
