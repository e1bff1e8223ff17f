package dev.colorize.gan.image;

import dev.colorize.core.io.AtomicFiles;
import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes images atomically: the encoded file goes to a temporary file beside the target, which is
 * then renamed over it, so a failure never leaves a partial file or damages an existing one.
 *
 * <pre>{@code
 * ImageFiles.write(image, Path.of("out.png"));   // format from the extension: png, jpg/jpeg, bmp
 * }</pre>
 */
public final class ImageFiles {
    private ImageFiles() {
    }

    /** The ImageIO format name for {@code file}'s extension, or an exception naming it. */
    public static String formatOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        return switch (ext) {
            case "png" -> "png";
            case "jpg", "jpeg" -> "jpeg";
            case "bmp" -> "bmp";
            default -> throw new IllegalArgumentException(file + ": unsupported output format '" + ext
                    + "' (use .png, .jpg or .bmp)");
        };
    }

    /** Encodes {@code image} in the format of {@code file}'s extension and atomically replaces {@code file}. */
    public static void write(BufferedImage image, Path file) throws IOException {
        String format = formatOf(file);
        BufferedImage encodable = format.equals("png") ? image : withoutAlpha(image);
        AtomicFiles.write(file, tmp -> {
            if (!ImageIO.write(encodable, format, tmp.toFile())) {
                throw new IOException(file + ": no ImageIO writer for " + format + " and image type " + image.getType());
            }
        });
    }

    /** JPEG and BMP cannot hold alpha: the colour channels on their own. */
    private static BufferedImage withoutAlpha(BufferedImage image) {
        if (!image.getColorModel().hasAlpha()) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        int w = image.getWidth();
        int[] row = new int[w];
        for (int y = 0; y < image.getHeight(); y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            rgb.setRGB(0, y, w, 1, row, 0, w);
        }
        return rgb;
    }
}
